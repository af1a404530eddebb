import Foundation
import GRDB

/// The audit trail's writer: every change to a customer writes its rows here, inside the
/// transaction of the change, so a change and its record are kept or lost together.
enum AuditLog {
    enum Action: String, Sendable, CaseIterable {
        case create, change, note, status
        case duplicateOverride = "duplicate_override"
        case file

        var label: String {
            switch self {
            case .create: "Created"
            case .change: "Changed"
            case .note: "Note added"
            case .status: "Status changed"
            case .duplicateOverride: "Created despite likely duplicates"
            case .file: "File"
            }
        }
    }

    /// One row to write: what happened to which field, from what to what, and why.
    struct Entry: Sendable, Equatable {
        var action: Action
        var field: String = ""
        var old: String = ""
        var new: String = ""
        var reason: String = ""
    }

    static func write(_ entries: [Entry], customer: Int64, user: String, at time: String, _ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO audit_log(customer_id, at, user_name, action, field, old_value, new_value, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for entry in entries {
            try statement.execute(arguments: [
                customer, time, user, entry.action.rawValue, entry.field, entry.old, entry.new, entry.reason,
            ])
        }
    }
}

/// An audit row as read back.
struct AuditRow: Sendable, Equatable {
    var at: String
    var user: String
    var action: String
    var field: String
    var old: String
    var new: String
    var reason: String

    init(row: Row) {
        at = row["at"]
        user = row["user_name"]
        action = row["action"]
        field = row["field"]
        old = row["old_value"]
        new = row["new_value"]
        reason = row["reason"]
    }
}

/// What the Audit tab narrows to; every part optional.
struct AuditFilter: Sendable, Equatable {
    var field = ""
    var user = ""
    /// `YYYY-MM-DD`, both ends included.
    var from = ""
    var to = ""

    /// From a query: unknown or malformed values are dropped (a day that is not a real day, text too long).
    init(_ query: Parameters = Parameters()) {
        func text(_ name: String, _ limit: Int) -> String {
            let value = (query[name] ?? "").trimmingCharacters(in: .whitespaces)
            return value.count <= limit && !value.unicodeScalars.contains { $0.value < 0x20 } ? value : ""
        }
        field = text("field", 100)
        user = text("user", 200)
        from = StoreDate.parseDay(text("from", 10)) == nil ? "" : text("from", 10)
        to = StoreDate.parseDay(text("to", 10)) == nil ? "" : text("to", 10)
    }

    /// The SQL conditions after `customer_id = ?`, with their arguments.
    var conditions: (sql: String, arguments: StatementArguments) {
        var sql = ""
        var arguments: StatementArguments = []
        // An action's name (`note`, `status`…) filters by action, anything else by field.
        if !field.isEmpty {
            sql += AuditLog.Action(rawValue: field) == nil ? " AND field = ?" : " AND action = ?"
            arguments += [field]
        }
        if !user.isEmpty { sql += " AND user_name = ?"; arguments += [user] }
        if !from.isEmpty { sql += " AND at >= ?"; arguments += [from] }
        // Up to the end of that day: every time of the day sorts before the day + "~".
        if !to.isEmpty { sql += " AND at < ?"; arguments += [to + "~"] }
        return (sql, arguments)
    }

    /// True when the kept counts (`audit_counts`) give the total: the filter names no user and no
    /// days, so `conditions` name only columns those counts have too.
    var totalIsKept: Bool { user.isEmpty && from.isEmpty && to.isEmpty }

    var parameters: Parameters {
        var parameters = Parameters()
        for (name, value) in [("field", field), ("user", user), ("from", from), ("to", to)] where !value.isEmpty {
            parameters.append(name, value)
        }
        return parameters
    }
}

extension AppDatabase {
    /// The largest kept count shown as it is; more reads as "at least" this.
    static let keptCountLimit = 1_000_000_000

    /// A count a table keeps, clamped so the pages' arithmetic cannot overflow whatever the store holds.
    static func keptCount(_ counted: Int) -> BoundedCount {
        BoundedCount(value: min(max(counted, 0), keptCountLimit), exact: counted <= keptCountLimit)
    }

    /// One page of a customer's audit trail, newest first.
    func auditTrail(customer: Int64, _ filter: AuditFilter, _ request: PageRequest) throws -> RelatedPage<AuditRow> {
        try reader.read { db in
            let (conditions, arguments) = filter.conditions
            let total = try filter.totalIsKept
                ? Self.keptCount(
                    try Int.fetchOne(
                        db.cachedStatement(sql: "SELECT coalesce(sum(count), 0) FROM audit_counts WHERE customer_id = ?\(conditions)"),
                        arguments: [customer] + arguments) ?? 0)
                : Self.count(db, "SELECT 1 FROM audit_log WHERE customer_id = ?\(conditions)", [customer] + arguments)
            return try Self.page(total, request) { limit, offset in
                try Row.decodeAll(
                    db.cachedStatement(sql: "SELECT * FROM audit_log WHERE customer_id = ?\(conditions) ORDER BY id DESC LIMIT ? OFFSET ?"),
                    arguments: [customer] + arguments + [limit, offset], AuditRow.init)
            }
        }
    }

    /// Every audit row of a customer, newest first, handed to `each` from one read transaction.
    func eachAuditRow(customer: Int64, _ each: (AuditRow) throws -> Void) throws {
        try reader.read { db in
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT * FROM audit_log WHERE customer_id = ? ORDER BY id DESC"), arguments: [customer])
            while let row = try rows.next() { try each(AuditRow(row: row)) }
        }
    }
}
