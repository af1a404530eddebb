import Foundation
import GRDB

/// A customer found by the duplicate check, and why.
struct Duplicate: Sendable, Equatable {
    var customer: CustomerSummary
    var reason: String
}

/// What the duplicate check found before a customer is saved.
struct Duplicates: Sendable, Equatable {
    /// The same national ID, TIN or document number: never saved, by field name.
    var refused: [(field: String, customer: CustomerSummary)] = []
    /// The same e-mail or phone, or a similar name born the same day: saved only when confirmed.
    var likely: [Duplicate] = []

    static func == (lhs: Duplicates, rhs: Duplicates) -> Bool {
        lhs.likely == rhs.likely && lhs.refused.elementsEqual(rhs.refused) { $0.field == $1.field && $0.customer == $1.customer }
    }
}

/// The duplicate check's reads, each in an index (migration `formsNotesDirectoriesAndDuplicateIndexes`).
enum DuplicateCheck {
    /// The phone as digits only, as the index on it holds it: `+220 770-1234` → `2207701234`.
    static let phoneDigitsSQL = ["+", " ", "-", "(", ")", ".", "/"].reduce("phone") { "replace(\($0), '\($1)', '')" }

    /// Fields whose equal value is the same person or company.
    static let identifying = ["national_id", "tin", "id_number"]

    /// Each read names its partial index's condition (`<> ''`): without it SQLite may not use the index
    /// (a bound value could be '') and scans every customer.
    static func identicalSQL(_ column: String) -> String {
        "SELECT id, display_name, status FROM customers WHERE \(column) = ? AND \(column) <> '' AND id <> ? LIMIT 5"
    }

    static let sameEmailSQL = "SELECT id, display_name, status FROM customers WHERE email = ? COLLATE NOCASE AND id <> ? LIMIT 10"
    static let samePhoneSQL =
        "SELECT id, display_name, status FROM customers WHERE \(phoneDigitsSQL) = ? AND phone <> '' AND id <> ? LIMIT 10"
    static let sameBirthDateSQL =
        "SELECT id, display_name, status FROM customers WHERE birth_date = ? AND birth_date <> '' AND id <> ? LIMIT 2000"

    /// A new customer's duplicates: those refused and those to confirm.
    static func find(_ customer: Customer, _ db: Database) throws -> Duplicates {
        Duplicates(refused: try identical(customer, excluding: nil, db), likely: try likely(customer, db))
    }

    /// Other customers with the same value in one of `fields` (each with the field), which no save may add.
    static func identical(
        _ customer: Customer, excluding id: Int64?, fields: [String] = identifying, _ db: Database
    ) throws -> [(field: String, customer: CustomerSummary)] {
        var found: [(field: String, customer: CustomerSummary)] = []
        for name in fields where customer.catalog[name] != nil {
            let value = customer[text: name]
            guard !value.isEmpty else { continue }
            let rows = try Row.fetchAll(db.cachedStatement(sql: identicalSQL(name)), arguments: [value, id ?? 0])
            found += rows.map { (name, summary($0)) }
        }
        return found
    }

    /// Customers a new one may be: the same e-mail or phone, or a similar name born the same day.
    private static func likely(_ customer: Customer, _ db: Database) throws -> [Duplicate] {
        let others: Int64 = 0  // a new customer has no ID yet
        var likely: [Int64: Duplicate] = [:]
        func add(_ rows: [Row], _ reason: String) {
            for row in rows where likely[row["id"]] == nil { likely[row["id"]] = Duplicate(customer: summary(row), reason: reason) }
        }
        let email = customer[text: "email"]
        if !email.isEmpty {
            add(try Row.fetchAll(
                db.cachedStatement(sql: sameEmailSQL),
                arguments: [email, others]), "same e-mail")
        }
        let callingCode = IdentityRules.rule(for: customer[text: "country"]).callingCode
        if let phone = PhoneNumber.e164(customer[text: "phone"], callingCode: callingCode) {
            add(try Row.fetchAll(
                db.cachedStatement(sql: samePhoneSQL),
                arguments: [String(phone.dropFirst()), others]), "same phone")
        }
        let birth = customer[text: "birth_date"]
        if customer.kind == .individual, !birth.isEmpty {
            let born = try Row.fetchAll(
                db.cachedStatement(sql: sameBirthDateSQL),
                arguments: [birth, others])
            add(born.filter { NameFolding.similar($0["display_name"], customer.displayName) }, "similar name, same birth date")
        }
        return likely.values.sorted { $0.customer.customerID.number < $1.customer.customerID.number }
    }

    private static func summary(_ row: Row) -> CustomerSummary {
        CustomerSummary(customerID: CustomerID(number: row["id"]), name: row["display_name"], status: Status(rawValue: row["status"]) ?? .newbie)
    }
}

/// A note on a customer: added, never edited.
struct CustomerNote: Sendable, Equatable {
    var at: String
    var user: String
    var body: String
}

// MARK: - Writes, each inside the form guard's transaction

extension AppDatabase {
    /// Inserts a new customer (its ID the next of the AUTOINCREMENT key, never one used before) with
    /// its audit rows: the creation, each value given, and a confirmed duplicate warning.
    static func insertCustomer(
        _ customer: Customer, items: [ItemWrite] = [], user: String, now: Date, overriding: [Duplicate], _ db: Database
    ) throws -> Customer {
        var customer = customer
        let stamp = StoreDate.timestamp(now)
        customer.createdAt = stamp
        customer.updatedAt = stamp
        customer.version = 1
        customer.id = nil
        try customer.insert(db)
        guard let id = customer.id else { throw HTTPError(500, "The customer was not stored.") }
        let empty = Customer(kind: customer.kind, catalog: customer.catalog)
        var entries = [AuditLog.Entry(action: .create, new: customer.kind.rawValue)]
        entries += changes(from: empty, to: customer)
        if !overriding.isEmpty {
            let ids = overriding.map { "\($0.customer.customerID) (\($0.reason))" }.joined(separator: ", ")
            entries.append(AuditLog.Entry(action: .duplicateOverride, new: ids, reason: "Created anyway"))
        }
        try AuditLog.write(entries, customer: id, user: user, at: stamp, db)
        try apply(items, customer: id, catalog: customer.catalog, user: user, at: stamp, db)
        return customer
    }

    /// Saves `updated` when the stored record still has `version`; one audit row per changed field.
    /// False when someone saved in between (the caller shows the conflict), and nothing is written.
    static func updateCustomer(
        _ updated: Customer, items: [ItemWrite] = [], from stored: Customer, version: Int, user: String, now: Date, _ db: Database
    ) throws -> Bool {
        guard let id = stored.id else { return false }
        let changed = updated.catalog.fields.enumerated().filter { index, field in
            field.isWritten && field.name != "version" && field.type != .timestamp && updated[position: index] != stored[position: index]
        }
        let stamp = StoreDate.timestamp(now)
        let assignments = changed.map { "\"\($0.element.name)\" = ?" } + ["version = version + 1", "updated_at = ?"]
        let values: [any DatabaseValueConvertible] = changed.map { index, _ in
            switch updated[position: index] {
            case .text(let text): text
            case .integer(let number): number
            }
        }
        guard !changed.isEmpty || !items.isEmpty else { return stored.version == version }
        try db.execute(
            sql: "UPDATE customers SET \(assignments.joined(separator: ", ")) WHERE id = ? AND version = ?",
            arguments: StatementArguments(values + [stamp, id, version]))
        guard db.changesCount == 1 else { return false }
        try AuditLog.write(changes(from: stored, to: updated), customer: id, user: user, at: stamp, db)
        try apply(items, customer: id, catalog: updated.catalog, user: user, at: stamp, db)
        return true
    }

    /// The audited fields that differ, as the audit shows their values.
    static func changes(from old: Customer, to new: Customer) -> [AuditLog.Entry] {
        new.catalog.fields.enumerated().compactMap { index, field in
            guard field.uses.contains(.audited), field.isWritten, old[position: index] != new[position: index] else { return nil }
            return AuditLog.Entry(
                action: .change, field: field.name, old: CustomerForm.text(old[position: index], field),
                new: CustomerForm.text(new[position: index], field))
        }
    }

    static func addNote(customer id: Int64, body: String, user: String, now: Date, _ db: Database) throws {
        let stamp = StoreDate.timestamp(now)
        try db.execute(
            sql: "INSERT INTO customer_notes(customer_id, at, user_name, body) VALUES (?, ?, ?, ?)", arguments: [id, stamp, user, body])
        try AuditLog.write([AuditLog.Entry(action: .note, new: body)], customer: id, user: user, at: stamp, db)
    }

    /// Moves a customer to `status` with the reason, bumping its version so open edit forms go stale.
    static func setStatus(_ customer: Customer, to status: Status, reason: String, user: String, now: Date, _ db: Database) throws {
        guard let id = customer.id else { return }
        let stamp = StoreDate.timestamp(now)
        try db.execute(
            sql: "UPDATE customers SET status = ?, version = version + 1, updated_at = ? WHERE id = ?",
            arguments: [status.rawValue, stamp, id])
        try AuditLog.write(
            [AuditLog.Entry(action: .status, field: "status", old: customer.status.rawValue, new: status.rawValue, reason: reason)],
            customer: id, user: user, at: stamp, db)
    }

    /// The status a customer had before it was closed (for a reopen), from the audit trail.
    static func statusBeforeClosing(_ id: Int64, _ db: Database) throws -> Status {
        let old = try String.fetchOne(
            db, sql: "SELECT old_value FROM audit_log WHERE customer_id = ? AND field = 'status' AND new_value = 'closed' ORDER BY id DESC LIMIT 1",
            arguments: [id])
        return old.flatMap(Status.init(rawValue:)).flatMap { $0 == .closed ? nil : $0 } ?? .customer
    }

    // MARK: Directories

    static func directoryLists(_ db: Database) throws -> DirectoryLists {
        var added: [String: [Field.Directory.Entry]] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT directory, value, label FROM directory_entries ORDER BY directory, label")) {
            added[row["directory"], default: []].append(Field.Directory.Entry(value: row["value"], label: row["label"]))
        }
        // A customer's officer is someone who may edit customers: a viewer is not offered.
        let roles = Role.allCases.filter { $0.may(.editCustomer) }.map(\.rawValue)
        let logins = try String.fetchAll(
            db.cachedStatement(sql: "SELECT user_name FROM staff WHERE disabled_at = '' AND role IN (\(databaseQuestionMarks(count: roles.count))) ORDER BY user_name"),
            arguments: StatementArguments(roles))
        return DirectoryLists(added: added, staffLogins: logins)
    }

    func directoryLists() throws -> DirectoryLists { try reader.read(Self.directoryLists) }

    static func addDirectoryEntry(directory: String, value: String, label: String, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO directory_entries(directory, value, label) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET label = excluded.label",
            arguments: [directory, value, label])
    }

    static func removeDirectoryEntry(directory: String, value: String, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM directory_entries WHERE directory = ? AND value = ?", arguments: [directory, value])
    }
}

// MARK: - Reads

extension AppDatabase {
    /// One page of a customer's notes, newest first.
    func notes(customer: Int64, _ request: PageRequest) throws -> RelatedPage<CustomerNote> {
        try reader.read { db in
            let total = try Self.count(db, "SELECT id FROM customer_notes WHERE customer_id = ?", [customer])
            return try Self.page(total, request) { limit, offset in
                try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT at, user_name, body FROM customer_notes WHERE customer_id = ? ORDER BY id DESC LIMIT ? OFFSET ?"),
                    arguments: [customer, limit, offset]
                ).map { CustomerNote(at: $0["at"], user: $0["user_name"], body: $0["body"]) }
            }
        }
    }
}

// MARK: - Repeatable groups in the forms

/// One write to a group's table that a form asks for.
enum ItemWrite: Sendable, Equatable {
    case insert(group: String, values: [FieldValue])
    case update(group: String, id: Int64, old: [FieldValue], new: [FieldValue])
    case delete(group: String, id: Int64, old: [FieldValue])
}

extension AppDatabase {
    /// A customer's items of every group, as stored (at most `CustomerForm.itemLimit` per group are edited in a form).
    static func storedItems(customer id: Int64, catalog: FieldCatalog, _ db: Database) throws -> [String: [GroupItem]] {
        var items: [String: [GroupItem]] = [:]
        for group in catalog.groups {
            items[group.name] = try groupItems(group, customer: id, limit: CustomerForm.itemLimit, offset: 0, db)
        }
        return items
    }

    /// The writes that turn `stored` into what the form asks: changed items updated, ticked ones
    /// deleted, new ones inserted. An item the form names that is gone (removed meanwhile by
    /// someone else) is added again, so nothing typed is lost.
    static func itemWrites(_ changes: [String: [ItemChange]], stored: [String: [GroupItem]]) -> [ItemWrite] {
        var writes: [ItemWrite] = []
        for (group, list) in changes.sorted(by: { $0.key < $1.key }) {
            let existing = Dictionary((stored[group] ?? []).map { ($0.id, $0.values) }, uniquingKeysWith: { first, _ in first })
            for change in list {
                let old = change.id.flatMap { existing[$0] }
                switch (change.id, old, change.values) {
                case (let id?, let old?, nil): writes.append(.delete(group: group, id: id, old: old))
                case (let id?, let old?, let new?) where old != new: writes.append(.update(group: group, id: id, old: old, new: new))
                case (_, nil, let new?): writes.append(.insert(group: group, values: new))
                default: continue
                }
            }
        }
        return writes
    }

    /// Applies `writes` for a customer, one audit row each (the group's name as the field, the
    /// item's values as old and new), inside the caller's transaction.
    static func apply(_ writes: [ItemWrite], customer id: Int64, catalog: FieldCatalog, user: String, at stamp: String, _ db: Database) throws {
        var entries: [AuditLog.Entry] = []
        for write in writes {
            switch write {
            case .insert(let name, let values):
                guard let group = catalog.group(named: name) else { continue }
                try insert(values, into: group, customer: id, db)
                entries.append(AuditLog.Entry(action: .change, field: name, new: summary(group, values)))
            case .update(let name, let item, let old, let new):
                guard let group = catalog.group(named: name) else { continue }
                try db.execute(
                    sql: "UPDATE \(group.table) SET \(group.fields.map { "\"\($0.name)\" = ?" }.joined(separator: ", ")) WHERE id = ? AND customer_id = ?",
                    arguments: StatementArguments(new.map(\.databaseValue) + [item.databaseValue, id.databaseValue]))
                entries.append(AuditLog.Entry(action: .change, field: name, old: summary(group, old), new: summary(group, new)))
            case .delete(let name, let item, let old):
                guard let group = catalog.group(named: name) else { continue }
                try db.execute(sql: "DELETE FROM \(group.table) WHERE id = ? AND customer_id = ?", arguments: [item, id])
                entries.append(AuditLog.Entry(action: .change, field: name, old: summary(group, old)))
            }
        }
        try AuditLog.write(entries, customer: id, user: user, at: stamp, db)
    }

    /// An item as the audit trail shows it: its values, " · " between them.
    private static func summary(_ group: FieldGroup, _ values: [FieldValue]) -> String {
        zip(group.fields, values).map { CustomerForm.text($1, $0) }.filter { !$0.isEmpty && $0 != "0" }.joined(separator: " · ")
    }
}
