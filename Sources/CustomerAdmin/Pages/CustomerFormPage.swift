import Foundation
import GRDB

/// `GET /customers/new?kind=…`, `POST /customers`, `GET /customers/{id}/edit`, `POST /customers/{id}`:
/// the create and edit forms, generated from the catalog and grouped by the profile's tabs. A refused
/// form comes back with every value typed, a message beside each field and a summary linking to them.
enum CustomerFormPage {
    enum Mode {
        case create
        case edit(CustomerID)

        var action: String {
            switch self {
            case .create: "/customers"
            case .edit(let id): "/customers/\(id)"
            }
        }
    }

    // MARK: - GET

    static func new(_ visit: Visit) throws -> Response {
        guard let kind = try visit.request.query()["kind"].flatMap(Customer.Kind.init(rawValue:)) else {
            throw HTTPError(400, "Say what to create: /customers/new?kind=individual or /customers/new?kind=legal_entity.")
        }
        return try page(
            .create, CustomerForm(kind: kind), catalog: visit.database.catalog, directories: visit.database.directoryLists(),
            staff: visit.staff, ticket: visit.ticket)
    }

    static func edit(_ visit: Visit, id: String) throws -> Response {
        let (customerID, customer) = try CustomerLookup.find(id, visit.database)
        try refuseIfClosed(customer)
        var form = CustomerForm(customer)
        form.fill(try visit.database.reader.read { try AppDatabase.storedItems(customer: customerID.number, catalog: customer.catalog, $0) },
                  catalog: customer.catalog)
        return try page(
            .edit(customerID), form, catalog: customer.catalog, directories: visit.database.directoryLists(),
            staff: visit.staff, ticket: visit.ticket)
    }

    // MARK: - POST

    /// Checks the form, then the duplicates, then stores the customer and its audit rows and goes to
    /// its profile. Likely duplicates stop it until the user confirms "Create anyway".
    static func create(_ post: FormPost, _ db: Database, catalog: FieldCatalog) throws -> Response {
        guard let kind = post.fields["kind"].flatMap(Customer.Kind.init(rawValue:)) else {
            throw HTTPError(422, "The form does not say whether it is an individual or a legal entity. Open New individual or New legal entity again.")
        }
        let status = post.fields["status"].flatMap(Status.init(rawValue:)) ?? .newbie
        var form = CustomerForm(posted: post.fields, kind: kind, status: status, catalog: catalog)
        if !CustomerForm.creatable.contains(status) {
            form.problems.append(.init(field: "status", message: "A new record starts as Newbie, Prospect or Customer."))
        }
        let directories = try AppDatabase.directoryLists(db)
        if let added = addedItem(&form, post, catalog) {
            return try refused(.create, added, catalog, directories, post, status: 200)
        }
        let base = Customer(kind: kind, status: CustomerForm.creatable.contains(status) ? status : .newbie, catalog: catalog)
        let today = StoreDate.day(post.now)
        let checked = CustomerValidation.check(&form, base: base, directories: directories, today: today)
        let items = CustomerValidation.checkItems(&form, catalog: catalog, directories: directories)
        guard let customer = checked, form.problems.isEmpty else {
            return try refused(.create, form, catalog, directories, post, status: 422)
        }
        let duplicates = try DuplicateCheck.find(customer, db)
        if !duplicates.refused.isEmpty {
            form.problems += identical(duplicates, catalog)
            return try refused(.create, form, catalog, directories, post, status: 422)
        }
        if !duplicates.likely.isEmpty, post.fields["confirm"] != "duplicates" {
            return try refused(.create, form, catalog, directories, post, status: 200, notice: warning(duplicates.likely))
        }
        let stored = try AppDatabase.insertCustomer(
            customer, items: AppDatabase.itemWrites(items, stored: [:]), user: post.staff.userName, now: post.now,
            overriding: duplicates.likely, db)
        return .redirect(to: Flash.created.url(stored.customerID!))
    }

    /// Saves an edit when the form's `version` is the stored one; otherwise answers 409 with what
    /// was saved meanwhile beside what this user typed, and the form to apply theirs on top.
    static func save(_ post: FormPost, _ db: Database, id: String, catalog: FieldCatalog) throws -> Response {
        let (customerID, stored) = try CustomerLookup.find(id, catalog: catalog, db)
        try refuseIfClosed(stored)
        var form = CustomerForm(posted: post.fields, kind: stored.kind, status: stored.status, catalog: catalog)
        let directories = try AppDatabase.directoryLists(db)
        if let added = addedItem(&form, post, catalog) {
            return try refused(.edit(customerID), added, catalog, directories, post, status: 200)
        }
        let version = form.version.utf8.count <= 9 ? Int(form.version) : nil
        if version == nil {
            form.problems.append(.init(field: "", message: "The form carries no valid version. Your values are below: save them again."))
        }
        let checked = CustomerValidation.check(&form, base: stored, directories: directories, today: StoreDate.day(post.now))
        let storedItems = try AppDatabase.storedItems(customer: customerID.number, catalog: catalog, db)
        let items = CustomerValidation.checkItems(&form, catalog: catalog, directories: directories, stored: storedItems)
        guard let updated = checked, let version, form.problems.isEmpty else {
            return try refused(.edit(customerID), form, catalog, directories, post, status: 422, version: stored.version)
        }
        // Only a changed identifying value can newly equal another customer's.
        let changed = DuplicateCheck.identifying.filter { updated[text: $0] != stored[text: $0] }
        let newlyIdentical = try DuplicateCheck.identical(updated, excluding: customerID.number, fields: changed, db)
        if !newlyIdentical.isEmpty {
            form.problems += identical(Duplicates(refused: newlyIdentical), catalog)
            return try refused(.edit(customerID), form, catalog, directories, post, status: 422, version: stored.version)
        }
        let writes = AppDatabase.itemWrites(items, stored: storedItems)
        guard version == stored.version,
            try AppDatabase.updateCustomer(
                updated, items: writes, from: stored, version: version, user: post.staff.userName, now: post.now, db)
        else {
            return try refused(
                .edit(customerID), form, catalog, directories, post, status: 409, version: stored.version,
                notice: conflict(stored, form, catalog))
        }
        return .redirect(to: Flash.saved.url(customerID))
    }

    /// "Add …" pressed (`add` names a group): the same form with one more empty item of it, nothing saved.
    private static func addedItem(_ form: inout CustomerForm, _ post: FormPost, _ catalog: FieldCatalog) -> CustomerForm? {
        guard let name = post.fields["add"], let group = CustomerForm.groups(catalog, kind: form.kind).first(where: { $0.name == name })
        else { return nil }
        var added = form
        added.problems = []
        if (added.items[group.name] ?? []).count < CustomerForm.itemLimit {
            added.items[group.name, default: []].append(CustomerForm.Item(id: nil, typed: [:]))
        }
        return added
    }

    private static func refuseIfClosed(_ customer: Customer) throws {
        if customer.status == .closed {
            throw HTTPError(409, "This customer is deactivated (Closed) and read-only; notes can still be added, and an administrator can reopen it.")
        }
    }

    /// The same national ID, TIN or document number: a problem on that field with a link to the record.
    private static func identical(_ duplicates: Duplicates, _ catalog: FieldCatalog) -> [CustomerForm.Problem] {
        duplicates.refused.map { field, customer in
            let label = catalog[field]?.label ?? field
            return .init(
                field: field, message: "A customer with this \(label.lowercased()) already exists: \(customer.name). Open it instead of creating a second one.",
                link: customer.customerID)
        }
    }

    // MARK: - Rendering

    /// The form shown again after a post: the same token (just accepted for this user), a new key.
    private static func refused(
        _ mode: Mode, _ form: CustomerForm, _ catalog: FieldCatalog, _ directories: DirectoryLists, _ post: FormPost,
        status: Int, version: Int? = nil, notice: HTML = .empty
    ) throws -> Response {
        var form = form
        if let version { form.version = String(version) }
        let csrf = post.fields["csrf"] ?? ""
        return try page(mode, form, catalog: catalog, directories: directories, staff: post.staff, status: status, notice: notice) {
            FormTicket(csrf: csrf, submission: CSRFTokens.submissionKey())
        }
    }

    private static func page(
        _ mode: Mode, _ form: CustomerForm, catalog: FieldCatalog, directories: DirectoryLists, staff: Staff, status: Int = 200,
        notice: HTML = .empty, ticket: () throws -> FormTicket
    ) throws -> Response {
        let title: String
        let back: HTML
        switch mode {
        case .create:
            title = form.kind == .individual ? "New individual" : "New legal entity"
            back = Layout.backLink("/customers", "Customers")
        case .edit(let id):
            title = "Edit \(id)"
            back = Layout.backLink("/customers/\(id)", "\(id)")
        }
        let content = try FormSlots(render(mode, form, title: title, catalog: catalog, directories: directories, notice: notice)).filled(ticket)
        return .html(Layout.page(title: title, staff: staff, back: back, content: content), status: status)
    }

    static func render(
        _ mode: Mode, _ form: CustomerForm, title: String, catalog: FieldCatalog, directories: DirectoryLists, notice: HTML
    ) -> HTML {
        let fields = CustomerForm.fields(catalog, kind: form.kind)
        let repeatable = CustomerForm.groups(catalog, kind: form.kind)
        let groups = catalog.tabs.compactMap { tab -> HTML? in
            let inTab = fields.filter { $0.tab == tab.name }
            let groupsInTab = repeatable.filter { $0.tab == tab.name }
            guard !inTab.isEmpty || !groupsInTab.isEmpty else { return nil }
            let grid: HTML = inTab.isEmpty ? .empty : "<div class=\"form-grid\">\(inTab.map { input($0, form, directories) })</div>"
            return """
                <fieldset class="form-group" id="group-\(tab.name)">
                <legend>\(tab.label)</legend>
                \(grid)\(groupsInTab.map { items($0, form, directories) })
                </fieldset>
                """
        }
        let (button, cancel, record): (String, String, HTML) =
            switch mode {
            case .create: ("Create customer", "/customers", recordGroup(form))
            case .edit(let id): ("Save changes", "/customers/\(id)", "<input type=\"hidden\" name=\"version\" value=\"\(form.version)\">")
            }
        let anyway: HTML = notice != .empty && form.problems.isEmpty
            ? "<button type=\"submit\" name=\"confirm\" value=\"duplicates\">Create anyway</button>" : .empty
        return """
            <div class="page-head"><h1>\(title)</h1></div>
            \(summary(form, catalog))\(notice)
            <p class="hint">Fields marked * are required.</p>
            <form class="customer-form" method="post" action="\(mode.action)" novalidate>\(Forms.ticketSlot)
            <input type="hidden" name="kind" value="\(form.kind.rawValue)">
            <p class="actions form-actions top-actions"><button type="submit" class="primary">\(button)</button></p>
            \(record)
            \(groups)
            <p class="actions form-actions"><a href="\(cancel)">Cancel</a>\(anyway)<button type="submit" class="primary">\(button)</button></p>
            </form>
            """
    }

    /// On create: the kind (fixed by the button that opened the form) and the status the record starts in.
    private static func recordGroup(_ form: CustomerForm) -> HTML {
        let options = CustomerForm.creatable.map { status -> HTML in
            "<option value=\"\(status.rawValue)\"\(HTML.attribute("selected", if: status == form.status))>\(status.label)</option>"
        }
        let problem = form.problem(for: "status")
        return """
            <fieldset class="form-group" id="group-record">
            <legend>Record</legend>
            <div class="form-grid">
            <div class="field"><span class="label">Kind</span> <span>\(form.kind.label)</span></div>
            <div class="field"><label for="f-status">Status *</label>
            <select id="f-status" name="status" required\(describedBy("status", problem))>\(options)</select>\(problemText("status", problem))</div>
            </div>
            </fieldset>
            """
    }

    /// One labelled control; its message under it, tied by `aria-describedby`.
    static func input(_ field: Field, _ form: CustomerForm, _ directories: DirectoryLists) -> HTML {
        input(field, name: field.name, value: form.typed[field.name] ?? "", form, directories)
    }

    /// One control named `name` (a column, or `GROUP.N.FIELD` for a group item's field).
    static func input(_ field: Field, name: String, value: String, _ form: CustomerForm, _ directories: DirectoryLists) -> HTML {
        let required = field.requiredFor.contains(form.status)
        let problem = form.problem(for: name)
        let common: HTML = "id=\"f-\(name)\" name=\"\(name)\"\(HTML.attribute("required", if: required))\(describedBy(name, problem))"
        let control: HTML
        switch field.type {
        case .choice(let directory):
            var entries = directories.entries(directory)
            if !value.isEmpty, !entries.contains(where: { $0.value == value }) {
                entries.append(.init(value: value, label: "\(value) (not in the list)"))
            }
            control = select(common, value, [.init(value: "", label: "—")] + entries)
        case .yesNo:
            control = select(common, value == "1" ? "1" : "0", [.init(value: "0", label: "No"), .init(value: "1", label: "Yes")])
        case .date:
            control = "<input type=\"date\" \(common) value=\"\(value)\">"
        case .email:
            control = "<input type=\"text\" inputmode=\"email\" autocomplete=\"off\" \(common) value=\"\(value)\" maxlength=\"\(field.maxLength)\">"
        case .phone:
            control = "<input type=\"tel\" \(common) value=\"\(value)\" maxlength=\"\(field.maxLength)\">"
        case .money, .count:
            control = "<input type=\"text\" inputmode=\"decimal\" \(common) value=\"\(value)\" maxlength=\"\(field.maxLength)\">"
        default:
            control = field.maxLength > 300
                ? "<textarea \(common) rows=\"3\" maxlength=\"\(field.maxLength)\">\(value)</textarea>"
                : "<input type=\"text\" \(common) value=\"\(value)\" maxlength=\"\(field.maxLength)\">"
        }
        return """
            <div class="field\(problem == nil ? "" : " invalid")"><label for="f-\(name)">\(field.label)\(required ? " *" : "")</label>
            \(control)\(problemText(name, problem))</div>
            """
    }

    /// A repeatable group: each item's fields with "Remove", then "Add" (a submit that shows the form again with one more item).
    private static func items(_ group: FieldGroup, _ form: CustomerForm, _ directories: DirectoryLists) -> HTML {
        let list = (form.items[group.name] ?? []).enumerated().map { index, item -> HTML in
            let fields = group.fields.map { field in
                input(field, name: CustomerForm.itemName(group, index, field.name), value: item.typed[field.name] ?? "", form, directories)
            }
            let removeID = "\(group.name).\(index).remove"
            return """
                <fieldset class="group-item"><legend>\(group.label) \(index + 1)</legend>
                <input type="hidden" name="\(group.name).\(index).id" value="\(item.id.map { String($0) } ?? "")">
                <div class="form-grid">\(fields)</div>
                <p class="remove-item"><input type="checkbox" id="\(removeID)" name="\(removeID)" value="1"\(HTML.attribute("checked", if: item.remove))>\
                <label for="\(removeID)">Remove this item when saving</label></p>
                </fieldset>
                """
        }
        let none: HTML = list.isEmpty ? "<p class=\"hint\">\(group.none)</p>" : .empty
        return """
            <section class="group-items" aria-label="\(group.label)" id="items-\(group.name)">
            <h3>\(group.label)</h3>
            \(none)\(list)
            <p><button type="submit" name="add" value="\(group.name)">Add to \(group.label.lowercased())</button></p>
            </section>
            """
    }

    private static func select(_ common: HTML, _ value: String, _ entries: [Field.Directory.Entry]) -> HTML {
        let options = entries.map { "<option value=\"\($0.value)\"\(HTML.attribute("selected", if: $0.value == value))>\($0.label)</option>" as HTML }
        return "<select \(common)>\(options)</select>"
    }

    private static func describedBy(_ name: String, _ problem: CustomerForm.Problem?) -> HTML {
        problem == nil ? .empty : " aria-invalid=\"true\" aria-describedby=\"f-\(name)-problem\""
    }

    private static func problemText(_ name: String, _ problem: CustomerForm.Problem?) -> HTML {
        guard let problem else { return .empty }
        return "<p class=\"field-problem\" id=\"f-\(name)-problem\">\(problem.message)\(recordLink(problem.link))</p>"
    }

    private static func recordLink(_ id: CustomerID?) -> HTML {
        id.map { " <a href=\"/customers/\($0)\">Open \($0)</a>" } ?? .empty
    }

    /// At the top: how many problems, each linking to its field.
    private static func summary(_ form: CustomerForm, _ catalog: FieldCatalog) -> HTML {
        guard !form.problems.isEmpty else { return .empty }
        let items = form.problems.map { problem -> HTML in
            guard !problem.field.isEmpty else { return "<li>\(problem.message)</li>" }
            let label = problem.field == "status" ? "Status" : fieldLabel(problem.field, catalog)
            return "<li><a href=\"#f-\(problem.field)\">\(label)</a>: \(problem.message)\(recordLink(problem.link))</li>"
        }
        let count = form.problems.count
        return """
            <div class="form-problems" role="alert" id="form-problems" tabindex="-1">
            <h2>Not saved: \(count) \(count == 1 ? "problem" : "problems") to correct</h2>
            <ul>\(items)</ul>
            </div>
            """
    }

    /// A column's label, or for a group item's field (`documents.0.number`) "Further identity documents 1: Number".
    static func fieldLabel(_ name: String, _ catalog: FieldCatalog) -> String {
        if let field = catalog[name] { return field.label }
        let parts = name.split(separator: ".")
        guard parts.count == 3, let group = catalog.group(named: String(parts[0])), let index = Int(parts[1]),
            let field = group[String(parts[2])]
        else { return name }
        return "\(group.label) \(index + 1): \(field.label)"
    }

    /// Likely duplicates of a new customer, with links, above the form and its "Create anyway".
    private static func warning(_ likely: [Duplicate]) -> HTML {
        let items = likely.map { duplicate -> HTML in
            let customer = duplicate.customer
            return "<li><a href=\"/customers/\(customer.customerID)\">\(customer.customerID) · \(customer.name)</a> \(Components.statusBadge(customer.status)) (\(duplicate.reason))</li>"
        }
        return """
            <section class="duplicates card" role="alert" aria-labelledby="duplicates-title">
            <h2 id="duplicates-title">This may be a customer we already have</h2>
            <p>Open them to check. Change the form below, or choose “Create anyway” to save it as a new customer; that choice is recorded in the audit trail.</p>
            <ul>\(items)</ul>
            </section>
            """
    }

    /// 409: what is stored now beside what this user typed, field by field where they differ.
    private static func conflict(_ stored: Customer, _ form: CustomerForm, _ catalog: FieldCatalog) -> HTML {
        let rows = CustomerForm.fields(catalog, kind: form.kind).compactMap { field -> HTML? in
            guard let position = catalog.position(of: field.name) else { return nil }
            let theirs = CustomerForm.text(stored[position: position], field)
            let yours = (form.typed[field.name] ?? "").trimmingCharacters(in: .whitespaces)
            guard theirs != yours else { return nil }
            return "<tr><th scope=\"row\">\(field.label)</th><td>\(theirs.isEmpty ? "—" : theirs)</td><td>\(yours.isEmpty ? "—" : yours)</td></tr>"
        }
        return """
            <section class="conflict card" role="alert" aria-labelledby="conflict-title">
            <h2 id="conflict-title">Someone else saved this customer while you were editing</h2>
            <p>Nothing was overwritten, and nothing you typed is lost: the form below still holds your values. \
            Compare them with what is saved now (version \(stored.version), see the Audit tab for who and when), \
            then save to apply yours on top.</p>
            <table class="compare"><thead><tr><th scope="col">Field</th><th scope="col">Saved now</th><th scope="col">You typed</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            </section>
            """
    }
}
