import GRDB

/// Writes many customers inside the caller's transaction, for the seed and imports. Rows go to a
/// plain staging table and reach `customers` 100,000 at a time in ONE statement each: SQLite gives
/// every INSERT that fires triggers a statement savepoint, and this SQLite's FTS5 flushes its
/// pending index at each savepoint, so row-by-row inserts ran three to eight times slower (measured).
/// Into an empty table the indexes are built once at the end (`SuspendedUpkeep`); otherwise the
/// triggers (search index, totals) run for every row.
struct CustomerBulkInsert {
    /// The record's own columns (`encode(to:)`), so this never drifts from `Customer+Record`;
    /// that encoding cannot fail, it only sets values.
    static let columns: [String] = try! Customer(kind: .individual).databaseDictionary.keys.sorted()

    private let db: Database
    private let stage: Statement
    private var staged = 0
    private let suspendedUpkeep: SuspendedUpkeep?

    init(_ db: Database) throws {
        self.db = db
        suspendedUpkeep = try SuspendedUpkeep.suspendIfEmpty(db)
        try db.execute(sql: "CREATE TEMP TABLE customers_staged AS SELECT \(Self.list) FROM customers WHERE 0")
        stage = try db.makeStatement(
            sql: "INSERT INTO temp.customers_staged VALUES (\(Array(repeating: "?", count: Self.columns.count).joined(separator: ", ")))")
    }

    /// A customer's values in `columns` order; cheap enough to make on another thread.
    static func values(of customer: Customer) throws -> [DatabaseValue] {
        let values = try customer.databaseDictionary
        return columns.map { values[$0] ?? .null }
    }

    mutating func add(_ customer: Customer) throws {
        try add(values: Self.values(of: customer))
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
        try db.execute(sql: "INSERT INTO customers (\(Self.list)) SELECT \(Self.list) FROM temp.customers_staged ORDER BY rowid")
        try db.execute(sql: "DELETE FROM temp.customers_staged")
        staged = 0
    }

    private static var list: String { columns.joined(separator: ", ") }
}
