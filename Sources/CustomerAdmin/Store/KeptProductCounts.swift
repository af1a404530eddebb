import Foundation
import GRDB

/// A customer's products counted as they are written (`product_counts`, kept by triggers on the
/// products tables), so no profile tab counts a customer's thousands of payments on every view: the
/// counts were a third of the work of a tab of CUST0000012 (201 policies, 2,399 payments) at
/// 1,000,000 customers.
enum KeptProductCounts {
    /// A count of the rows of `table` that meet `when` (over the row as `row.`).
    private struct Count {
        var table: String
        var column: String
        var when: String
    }

    private static let counts = [
        Count(table: "policy_parties", column: "policies", when: "1"),
        Count(table: "policy_payments", column: "policy_payments_made", when: "row.paid_on <> ''"),
        Count(table: "policy_payments", column: "premiums_due", when: "row.paid_on = ''"),
        Count(table: "credit_payments", column: "credit_payments_made", when: "row.paid_on <> ''"),
        Count(table: "claims", column: "claims", when: "1"),
        Count(table: "credits", column: "credits", when: "1"),
    ]

    /// The tables, each once, in order.
    private static var tables: [String] {
        counts.map(\.table).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// The triggers' names, for a bulk load to suspend them (`SuspendedProductUpkeep`).
    static var triggers: [String] {
        tables.flatMap { table in ["insert", "delete", "update"].map { "product_counts_\(table)_\($0)" } }
    }

    /// Creates the table, counts what the store holds and starts keeping the counts.
    static func migrate(_ db: Database) throws {
        let columns = counts.map { "\($0.column) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ", ")
        try db.execute(sql: "CREATE TABLE product_counts (customer_id INTEGER PRIMARY KEY, \(columns))")
        try recount(db)
        for table in tables { try db.execute(sql: triggerDefinitions(table)) }
    }

    /// Counts every customer's products afresh (after a bulk load that suspended the triggers).
    static func recount(_ db: Database) throws {
        let columns = counts.map(\.column)
        let arms = tables.map { table in
            let sums = counts.enumerated().map { index, count in
                (count.table == table ? "sum(\(count.when.replacingOccurrences(of: "row.", with: "")))" : "0") + " AS c\(index)"
            }
            return "SELECT customer_id, \(sums.joined(separator: ", ")) FROM \(table) GROUP BY customer_id"
        }
        try db.execute(sql: "DELETE FROM product_counts")
        try db.execute(
            sql: """
                INSERT INTO product_counts(customer_id, \(columns.joined(separator: ", ")))
                SELECT customer_id, \(columns.indices.map { "sum(c\($0))" }.joined(separator: ", "))
                FROM (\(arms.joined(separator: " UNION ALL ")))
                GROUP BY customer_id
                """)
    }

    /// A customer's kept counts by column; none kept reads as zeros. Each is clamped as
    /// `AppDatabase.keptCount` clamps, so adding two cannot overflow whatever the store holds.
    static func read(_ db: Database, customer: Int64) throws -> [String: Int] {
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM product_counts WHERE customer_id = ?"), arguments: [customer])
        return Dictionary(uniqueKeysWithValues: counts.map {
            ($0.column, AppDatabase.keptCount(row?[$0.column] ?? 0).value)
        })
    }

    /// Insert, delete and update triggers of one table: a row adds 1 to each count whose condition it
    /// meets, for its customer; an update takes the old row away and adds the new one.
    private static func triggerDefinitions(_ table: String) -> String {
        let mine = counts.filter { $0.table == table }
        let watched = ["customer_id"] + (mine.contains { $0.when.contains("paid_on") } ? ["paid_on"] : [])
        func condition(_ count: Count, _ row: String) -> String { "(\(count.when.replacingOccurrences(of: "row.", with: "\(row).")))" }
        let add = """
            INSERT INTO product_counts(customer_id, \(mine.map(\.column).joined(separator: ", ")))
                VALUES (new.customer_id, \(mine.map { condition($0, "new") }.joined(separator: ", ")))
                ON CONFLICT(customer_id) DO UPDATE SET \(mine.map { "\($0.column) = \($0.column) + excluded.\($0.column)" }.joined(separator: ", "));
            """
        let remove = """
            UPDATE product_counts SET \(mine.map { "\($0.column) = \($0.column) - \(condition($0, "old"))" }.joined(separator: ", "))
                WHERE customer_id = old.customer_id;
            """
        return """
            CREATE TRIGGER product_counts_\(table)_insert AFTER INSERT ON \(table) BEGIN \(add) END;
            CREATE TRIGGER product_counts_\(table)_delete AFTER DELETE ON \(table) BEGIN \(remove) END;
            CREATE TRIGGER product_counts_\(table)_update AFTER UPDATE OF \(watched.joined(separator: ", ")) ON \(table) BEGIN \(remove) \(add) END;
            """
    }
}
