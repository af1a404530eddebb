import GRDB

/// Writes product rows inside the caller's transaction with prepared statements, for the seed and
/// the import. Rows are written as given: the caller assigns their keys. With a `batch` over 1 (the
/// seed) rows wait and go `batch` to a statement, which costs SQLite far less per row than one
/// statement each; `finish()` writes what still waits. The import writes each row at once, so a
/// refused row is known by its line.
final class ProductWriter {
    private let policies: BatchedInsert
    private let parties: BatchedInsert
    private let policyPayments: BatchedInsert
    private let claims: BatchedInsert
    private let credits: BatchedInsert
    private let creditPayments: BatchedInsert

    init(_ db: Database, batch: Int = 1) throws {
        policies = try BatchedInsert(db, "policies", Policy.insertColumns, batch: batch)
        parties = try BatchedInsert(db, "policy_parties", PolicyParty.insertColumns, batch: batch)
        policyPayments = try BatchedInsert(db, ProductKind.policy.paymentsTable, ProductPayment.insertColumns(.policy), batch: batch)
        claims = try BatchedInsert(db, "claims", Claim.insertColumns, batch: batch)
        credits = try BatchedInsert(db, "credits", Credit.insertColumns, batch: batch)
        creditPayments = try BatchedInsert(db, ProductKind.credit.paymentsTable, ProductPayment.insertColumns(.credit), batch: batch)
    }

    func add(_ policy: Policy) throws { try policies.add(policy.insertValues) }
    func add(_ party: PolicyParty) throws { try parties.add(party.insertValues) }
    func add(_ claim: Claim) throws { try claims.add(claim.insertValues) }
    func add(_ credit: Credit) throws { try credits.add(credit.insertValues) }

    func add(_ payment: ProductPayment, on kind: ProductKind) throws {
        try (kind == .policy ? policyPayments : creditPayments).add(payment.insertValues)
    }

    /// Writes the rows still waiting for a full batch.
    func finish() throws {
        for insert in [policies, parties, policyPayments, claims, credits, creditPayments] { try insert.finish() }
    }

    /// The next free key of each table, for rows a caller is about to write.
    static func nextIDs(_ db: Database) throws -> ProductIDs {
        func next(_ table: String) throws -> Int64 { (try Int64.fetchOne(db, sql: "SELECT max(id) FROM \(table)") ?? 0) + 1 }
        return ProductIDs(
            policy: try next("policies"), policyPayment: try next("policy_payments"), claim: try next("claims"),
            credit: try next("credits"), creditPayment: try next("credit_payments"))
    }
}

/// `INSERT INTO table (columns) VALUES (…), (…)…` for `batch` rows at a time, one row for the rest.
private final class BatchedInsert {
    private let db: Database
    private let table: String
    private let columns: [String]
    private let batch: Int
    private let whole: Statement
    private var waiting: [DatabaseValue] = []

    init(_ db: Database, _ table: String, _ columns: [String], batch: Int) throws {
        self.db = db
        self.table = table
        self.columns = columns
        self.batch = max(1, batch)
        whole = try Self.statement(db, table, columns, rows: self.batch)
        waiting.reserveCapacity(self.batch * columns.count)
    }

    func add(_ values: [DatabaseValue]) throws {
        waiting += values
        if waiting.count == batch * columns.count { try write(whole) }
    }

    func finish() throws {
        guard !waiting.isEmpty else { return }
        try write(Self.statement(db, table, columns, rows: waiting.count / columns.count))
    }

    private func write(_ statement: Statement) throws {
        statement.setUncheckedArguments(StatementArguments(waiting))
        try statement.execute()
        waiting.removeAll(keepingCapacity: true)
    }

    private static func statement(_ db: Database, _ table: String, _ columns: [String], rows: Int) throws -> Statement {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return try db.makeStatement(
            sql: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES " + Array(repeating: row, count: rows).joined(separator: ", "))
    }
}

/// The next key of each products table; taken in order as rows are made.
struct ProductIDs: Sendable {
    var policy: Int64
    var policyPayment: Int64
    var claim: Int64
    var credit: Int64
    var creditPayment: Int64

    static func take(_ id: inout Int64) -> Int64 {
        defer { id += 1 }
        return id
    }
}

/// The products tables' secondary indexes (when the tables are empty) and the active-loans triggers,
/// dropped for the seed and made again at the end inside its transaction, so a failed seed leaves
/// them as they were. Building an index once over finished tables costs far less than keeping it in
/// step row by row. The triggers are suspended because the seed writes credits that match the
/// `active_loans` its customers already carry; the kept product counts (`KeptProductCounts`) are
/// counted once at the end. Definitions come back from `sqlite_master`, so this never drifts from the
/// migrations.
struct SuspendedProductUpkeep {
    static let tables = ["policies", "policy_parties", "policy_payments", "claims", "credits", "credit_payments"]
    private let definitions: [String]

    static func suspend(_ db: Database) throws -> SuspendedProductUpkeep {
        var empty = true
        for table in tables where try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM \(table) LIMIT 1)") != 0 {
            empty = false
        }
        let indexes = empty ? "type = 'index' AND tbl_name IN (\(tables.map { "'\($0)'" }.joined(separator: ", ")))" : "0"
        let triggers = (AppDatabase.activeLoansTriggers + KeptProductCounts.triggers).map { "'\($0)'" }.joined(separator: ", ")
        let suspended = try Row.fetchAll(
            db, sql: "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ((\(indexes)) OR (type = 'trigger' AND name IN (\(triggers))))")
        for row in suspended {
            let type: String = row["type"]
            let name: String = row["name"]
            try db.execute(sql: "DROP \(type == "index" ? "INDEX" : "TRIGGER") \(name.quotedDatabaseIdentifier)")
        }
        return SuspendedProductUpkeep(definitions: suspended.map { $0["sql"] })
    }

    func resume(_ db: Database) throws {
        for definition in definitions { try db.execute(sql: definition) }
        try KeptProductCounts.recount(db)
    }
}
