import Foundation
import GRDB

/// Writes many customers inside the caller's transaction, for the seed and imports. Rows go to a
/// plain staging table and reach `customers` 100,000 at a time in ONE statement each: SQLite gives
/// every INSERT that fires triggers a statement savepoint, and this SQLite's FTS5 flushes its
/// pending index at each savepoint, so row-by-row inserts ran three to eight times slower (measured).
/// Into an empty table the indexes are built once at the end (`SuspendedUpkeep`); otherwise the
/// triggers (search index, totals) run for every row.
struct CustomerBulkInsert {
    private let db: Database
    /// The record's own columns (`Customer.writtenColumns`), so this never drifts from the catalog.
    private let columns: [String]
    private let stage: Statement
    private var staged = 0
    private let suspendedUpkeep: SuspendedUpkeep?

    /// True when the table was empty, so the indexes are built once at the end.
    var isIntoEmptyTable: Bool { suspendedUpkeep != nil }

    init(_ db: Database, catalog: FieldCatalog) throws {
        self.db = db
        columns = Customer.writtenColumns(catalog)
        suspendedUpkeep = try SuspendedUpkeep.suspendIfEmpty(db)
        try db.execute(sql: "CREATE TEMP TABLE customers_staged AS SELECT \(Self.list(columns)) FROM customers WHERE 0")
        stage = try db.makeStatement(
            sql: "INSERT INTO temp.customers_staged VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))")
    }

    /// `customer.writtenValues`, which are cheap enough to make on another thread.
    mutating func add(_ customer: Customer) throws {
        try add(values: customer.writtenValues)
    }

    mutating func add(values: [DatabaseValue]) throws {
        stage.setUncheckedArguments(StatementArguments(values))
        try stage.execute()
        staged += 1
        if staged == 100_000 { try flush() }
    }

    /// Writes what is staged, removes the staging table and brings the indexes up to date.
    mutating func finish() throws {
        try flush()
        try db.execute(sql: "DROP TABLE temp.customers_staged")
        try suspendedUpkeep?.resume(db)
    }

    private mutating func flush() throws {
        try db.execute(sql: "INSERT INTO customers (\(list)) SELECT \(list) FROM temp.customers_staged ORDER BY rowid")
        try db.execute(sql: "DELETE FROM temp.customers_staged")
        staged = 0
    }

    /// A 1 GiB page cache while a bulk write runs, since every index and the search index grow at
    /// random places; for this connection only, and put back afterwards.
    static func withLargeCache<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        let previous = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2_000
        try db.execute(sql: "PRAGMA cache_size = -1048576")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(previous)") }
        return try body()
    }

    private var list: String { Self.list(columns) }

    private static func list(_ columns: [String]) -> String { columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ") }
}

/// A value computed on another thread while the caller does something else; read it once.
final class Upcoming<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once, before `done` is signalled; read only after waiting on it.
    private var result: Result<Value, any Error>?

    init(_ make: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global().async {
            self.result = Result { try make() }
            self.done.signal()
        }
    }

    func value() throws -> Value {
        done.wait()
        return try result!.get()
    }
}
