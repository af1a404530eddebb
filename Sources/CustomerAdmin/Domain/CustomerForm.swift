import Foundation

/// A create or edit form as typed: one text per field, kept as sent so a refused form comes back
/// filled in, and the problems that stop it from being saved, in the form's order.
struct CustomerForm: Sendable {
    var kind: Customer.Kind
    /// The status the record will have (chosen on create, the stored one on edit).
    var status: Status
    /// By field name.
    var typed: [String: String]
    /// The `version` the edit form was made from, as sent.
    var version: String
    /// The repeatable groups' items as typed, by group name (`documents`), in the form's order.
    var items: [String: [Item]] = [:]
    var problems: [Problem] = []

    /// One item of a repeatable group as typed: `GROUP.N.FIELD`, its stored key in `GROUP.N.id`
    /// (empty for a new one) and `GROUP.N.remove` when it is ticked for removal.
    struct Item: Sendable, Equatable {
        var id: Int64?
        var typed: [String: String]
        var remove = false

        /// A new item left empty is no item.
        var isBlank: Bool { id == nil && typed.values.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
    }

    /// At most this many items of one group in one form, so a hostile post cannot make it huge.
    static let itemLimit = 50

    /// The repeatable groups a form of this kind edits.
    static func groups(_ catalog: FieldCatalog, kind: Customer.Kind) -> [FieldGroup] {
        catalog.groups.filter { $0.kinds.includes(kind) }
    }

    /// The name of an item's field in the form, also its problem's key.
    static func itemName(_ group: FieldGroup, _ index: Int, _ field: String) -> String { "\(group.name).\(index).\(field)" }

    struct Problem: Sendable, Equatable {
        /// The field's name, or "" for the form as a whole.
        var field: String
        var message: String
        /// A record the message points to (an existing customer with the same national ID).
        var link: CustomerID?
    }

    /// Statuses a new record may start in (seed 000: Newbie, or Prospect when its data is there);
    /// the later ones come through the lifecycle, with a product.
    static let creatable: [Status] = [.newbie, .prospect]

    /// The fields a form shows and writes, in catalog order: stored columns staff maintain, of this
    /// kind, on a tab; never the derived, counted or stamped ones, nor those with an action of their
    /// own (the lists).
    static func fields(_ catalog: FieldCatalog, kind: Customer.Kind) -> [Field] {
        catalog.fields.filter {
            $0.isWritten && $0.tab != nil && $0.kinds.includes(kind) && $0.uses.contains(.audited) && $0.type != .timestamp
                && $0.writePermission == .editCustomer
        }
    }

    /// An empty form for a new customer.
    init(kind: Customer.Kind) {
        self.kind = kind
        status = .newbie
        typed = [:]
        version = ""
    }

    /// The edit form of a stored customer.
    init(_ customer: Customer) {
        kind = customer.kind
        status = customer.status
        version = String(customer.version)
        typed = [:]
        for field in Self.fields(customer.catalog, kind: kind) {
            guard let position = customer.catalog.position(of: field.name) else { continue }
            typed[field.name] = Self.text(customer[position: position], field)
        }
    }

    /// The edit form's items: what the store holds.
    mutating func fill(_ stored: [String: [GroupItem]], catalog: FieldCatalog) {
        for group in Self.groups(catalog, kind: kind) {
            items[group.name] = (stored[group.name] ?? []).map { item in
                var typed: [String: String] = [:]
                for (field, value) in zip(group.fields, item.values) { typed[field.name] = Self.text(value, field) }
                return Item(id: item.id, typed: typed)
            }
        }
    }

    /// A posted form. A field sent more than once is a problem (a browser never does it). The post is
    /// indexed by name once: looking each possible item name up in it (50 items of every group) took a
    /// quarter of a create's time, inside the write transaction.
    init(posted: Parameters, kind: Customer.Kind, status: Status, catalog: FieldCatalog) {
        self.kind = kind
        self.status = status
        let sent = Dictionary(grouping: posted.pairs, by: \.name).mapValues { $0.map(\.value) }
        version = sent["version"]?.first ?? ""
        typed = [:]
        for field in Self.fields(catalog, kind: kind) {
            let values = sent[field.name] ?? []
            typed[field.name] = values.first ?? ""
            if values.count > 1 {
                problems.append(Problem(field: field.name, message: "\(field.label) was sent \(values.count) times; send it once."))
            }
        }
        for group in Self.groups(catalog, kind: kind) {
            items[group.name] = Self.itemIndexes(in: sent.keys, of: group).map { index in
                let value = { (name: String) in sent[Self.itemName(group, index, name)]?.first }
                var typed: [String: String] = [:]
                for field in group.fields { typed[field.name] = value(field.name) ?? "" }
                let id = value("id").flatMap { $0.utf8.count <= 18 ? Int64($0) : nil }
                return Item(id: id, typed: typed, remove: value("remove") == "1")
            }
        }
    }

    /// The items of `group` a post names, in order: those with a field or an `id` among `names`
    /// (`documents.3.id_number` names item 3), below `itemLimit`.
    private static func itemIndexes(in names: Dictionary<String, [String]>.Keys, of group: FieldGroup) -> [Int] {
        let prefix = group.name + "."
        let itemFields = Set(group.fields.map(\.name) + ["id"])
        var indexes = Set<Int>()
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count).split(separator: ".", maxSplits: 1)
            // Only the names the form writes: `documents.3.id`, never `documents.03.id` or `documents.-1.id`.
            guard rest.count == 2, itemFields.contains(String(rest[1])), let index = Int(rest[0]), String(index) == rest[0],
                (0..<itemLimit).contains(index)
            else { continue }
            indexes.insert(index)
        }
        return indexes.sorted()
    }

    /// A stored value as the form shows it: money as `1234.56`, yes/no as `1`/`0`.
    static func text(_ value: FieldValue, _ field: Field) -> String {
        switch field.type {
        case .money: Format.plainMoney(value.integer)
        default: value.text
        }
    }

    func problem(for field: String) -> Problem? { problems.first { $0.field == field } }
}

/// What a form asks of one group item: keep these values (a new item when `id` is nil), or remove it.
struct ItemChange: Sendable, Equatable {
    var id: Int64?
    var values: [FieldValue]?
}

/// The directories' entries as the store has them: the catalog's own, then those an admin added on
/// the Directories page, or for a staff directory the active logins that may edit customers (the
/// Staff page keeps them).
struct DirectoryLists: Sendable {
    /// The entries beyond the catalog's, each set kept as a directory to look values up in.
    private let added: [String: Field.Directory]
    private let staff: Field.Directory

    init(added: [String: [Field.Directory.Entry]] = [:], staffLogins: [String] = []) {
        self.added = Dictionary(uniqueKeysWithValues: added.map { ($0.key, Field.Directory($0.key, entries: $0.value, upkeep: .directoriesPage)) })
        staff = Field.Directory("staff", values: staffLogins)
    }

    /// What the store adds to `directory`'s own entries.
    func added(to directory: Field.Directory) -> [Field.Directory.Entry] { beyond(directory)?.entries ?? [] }

    func entries(_ directory: Field.Directory) -> [Field.Directory.Entry] { directory.entries + added(to: directory) }

    /// The stored value for text that is an entry's value or label; the catalog's entries first.
    func value(for text: String, in directory: Field.Directory) -> String? {
        directory.value(for: text) ?? beyond(directory)?.value(for: text)
    }

    private func beyond(_ directory: Field.Directory) -> Field.Directory? {
        switch directory.upkeep {
        case .directoriesPage: added[directory.name]
        case .staffPage: staff
        }
    }
}

/// The server's rules for a customer form, whatever the browser checked (issue 12, point 2).
enum CustomerValidation {
    /// The customer the form describes, on top of `base` (a new record, or the stored one), or nil
    /// with `form.problems` saying why. A value equal to the stored one always passes its directory
    /// and format checks, so an old record stays editable.
    static func check(_ form: inout CustomerForm, base: Customer, directories: DirectoryLists, today: String) -> Customer? {
        var customer = base
        let catalog = base.catalog
        let country = (form.typed["country"] ?? "").trimmingCharacters(in: .whitespaces)
        let rule = IdentityRules.rule(for: country)
        for field in CustomerForm.fields(catalog, kind: form.kind) where form.problem(for: field.name) == nil {
            guard let position = catalog.position(of: field.name) else { continue }
            let text = (form.typed[field.name] ?? "").trimmingCharacters(in: .whitespaces)
            let stored = CustomerForm.text(base[position: position], field)
            do {
                let value = try value(text, field, stored: stored, status: form.status, rule: rule, directories: directories)
                customer[position: position] = value
            } catch let problem as FieldProblem {
                form.problems.append(CustomerForm.Problem(field: field.name, message: problem.reason))
            } catch {
                form.problems.append(CustomerForm.Problem(field: field.name, message: "\(field.label) could not be read."))
            }
        }
        crossChecks(&form, customer, today: today)
        return form.problems.isEmpty ? customer : nil
    }

    /// The items as they are to be stored, by group: values for each item kept (nil for one to
    /// remove), blank new ones left out; problems go to `form.problems` under the item's field names.
    /// An item's value equal to the stored one passes, as a column's does (`stored`: the customer's items now).
    static func checkItems(
        _ form: inout CustomerForm, catalog: FieldCatalog, directories: DirectoryLists, stored: [String: [GroupItem]] = [:]
    ) -> [String: [ItemChange]] {
        var out: [String: [ItemChange]] = [:]
        let rule = IdentityRules.rule(for: (form.typed["country"] ?? "").trimmingCharacters(in: .whitespaces))
        for group in CustomerForm.groups(catalog, kind: form.kind) {
            for (index, item) in (form.items[group.name] ?? []).enumerated() where !item.isBlank {
                if item.remove {
                    if let id = item.id { out[group.name, default: []].append(ItemChange(id: id, values: nil)) }
                    continue
                }
                var values: [FieldValue] = []
                let before = item.id.flatMap { id in stored[group.name]?.first { $0.id == id }?.values }
                for (position, field) in group.fields.enumerated() {
                    let text = (item.typed[field.name] ?? "").trimmingCharacters(in: .whitespaces)
                    let storedText = before.map { CustomerForm.text($0[position], field) } ?? ""
                    do {
                        values.append(try value(text, field, stored: storedText, status: form.status, rule: rule, directories: directories))
                    } catch let problem as FieldProblem {
                        form.problems.append(.init(field: CustomerForm.itemName(group, index, field.name), message: problem.reason))
                        values.append(FieldValue.empty(field.type))
                    } catch {
                        values.append(FieldValue.empty(field.type))
                    }
                }
                // A document expires after it was issued, in a group item as in the main ID's fields.
                if let issued = group.fields.firstIndex(where: { $0.name == "issued_on" }),
                    let expires = group.fields.firstIndex(where: { $0.name == "expires_on" }),
                    !values[issued].text.isEmpty, !values[expires].text.isEmpty, values[expires].text <= values[issued].text
                {
                    form.problems.append(.init(
                        field: CustomerForm.itemName(group, index, "expires_on"),
                        message: "The document must expire after it was issued (\(values[issued].text))."))
                }
                out[group.name, default: []].append(ItemChange(id: item.id, values: values))
            }
        }
        return out
    }

    static func value(
        _ text: String, _ field: Field, stored: String, status: Status, rule: CountryRule, directories: DirectoryLists
    ) throws -> FieldValue {
        do {
            try FieldText.check(text, field)
        } catch let problem as FieldProblem {
            throw FieldProblem(field.label + problem.reason.dropFirst(field.name.count) + ".")
        }
        if text.isEmpty {
            if field.requiredFor.contains(status) {
                let verb = if case .choice = field.type { "Choose" } else { "Enter" }
                throw FieldProblem("\(verb) \(field.label.lowercased()); a \(status.label.lowercased()) record needs it.")
            }
            return FieldValue.empty(field.type)
        }
        let unchanged = text == stored
        switch field.type {
        case .choice(let directory):
            if unchanged { return .text(text) }
            guard let value = directories.value(for: text, in: directory) else {
                throw FieldProblem("Choose \(field.label.lowercased()) from the list; “\(shown(text))” is not in it.")
            }
            return .text(value)
        case .email:
            guard unchanged || isEmail(text) else { throw FieldProblem("Enter the e-mail address as name@example.com.") }
            return .text(text)
        case .phone:
            guard unchanged || PhoneNumber.e164(text, callingCode: rule.callingCode) != nil else {
                let hint = rule.callingCode.map { " (or a national number, which gets +\($0))" } ?? ""
                throw FieldProblem("Enter \(field.label.lowercased()) with + and the country code, like +220 770 1234\(hint).")
            }
            return .text(text)
        case .text where ["national_id", "tin"].contains(field.name):
            guard unchanged || rule.accepts(text) else {
                throw FieldProblem("\(field.label) is not valid for \(rule.names.isEmpty ? "this country" : rule.names[0].capitalized): expected \(rule.expected).")
            }
            return .text(text)
        case .date, .money, .count, .yesNo:
            do {
                return try FieldText.value(text, field, directories: directories)
            } catch {
                throw FieldProblem("\(field.label) “\(shown(text))” is not valid: enter \(expected(field.type)).")
            }
        default:
            return try FieldText.value(text, field, directories: directories)
        }
    }

    /// Rules between fields: an adult's birth date in the past, a document that expires after it is issued.
    private static func crossChecks(_ form: inout CustomerForm, _ customer: Customer, today: String) {
        let catalog = customer.catalog
        func day(_ name: String) -> String? {
            guard catalog[name] != nil, form.problem(for: name) == nil else { return nil }
            let text = customer[text: name]
            return text.isEmpty ? nil : text
        }
        if form.kind == .individual, let birth = day("birth_date") {
            let year = Int(today.prefix(4)) ?? 0
            let adult = String(max(0, year - 18)).leftPadded(to: 4) + today.dropFirst(4)
            if birth >= today {
                form.problems.append(CustomerForm.Problem(field: "birth_date", message: "Birth date must be in the past."))
            } else if birth > adult {
                form.problems.append(CustomerForm.Problem(field: "birth_date", message: "The customer must be an adult (18 or older) on \(today)."))
            } else if birth < "1900-01-01" {
                form.problems.append(CustomerForm.Problem(field: "birth_date", message: "Birth date must be in 1900 or later."))
            }
        }
        if let issued = day("id_issued_on"), let expires = day("id_expires_on"), expires <= issued {
            form.problems.append(CustomerForm.Problem(field: "id_expires_on", message: "The document must expire after it was issued (\(issued))."))
        }
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64, !text.contains(where: \.isWhitespace) else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }
    }

    private static func expected(_ type: Field.ValueType) -> String {
        switch type {
        case .date: "a real date, YYYY-MM-DD"
        case .money: "an amount like 1234.56"
        case .count: "a whole number, 0 or more"
        default: "yes or no"
        }
    }

    private static func shown(_ text: String) -> String { text.count > 40 ? text.prefix(40) + "…" : text }
}
