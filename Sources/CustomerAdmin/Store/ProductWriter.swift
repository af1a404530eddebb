import GRDB

/// Writes product rows inside the caller's transaction, one prepared statement per table, for the
/// seed and the import. Rows are written as given: the caller assigns their keys.
struct ProductWriter {
    private let policies: Statement
    private let parties: Statement
    private let policyPayments: Statement
    private let claims: Statement
    private let credits: Statement
    private let creditPayments: Statement

    init(_ db: Database) throws {
        func insert(_ table: String, _ columns: [String]) throws -> Statement {
            try db.makeStatement(
                sql: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))")
        }
        policies = try insert("policies", Policy.insertColumns)
        parties = try insert("policy_parties", PolicyParty.insertColumns)
        policyPayments = try insert(ProductKind.policy.paymentsTable, ProductPayment.insertColumns(.policy))
        claims = try insert("claims", Claim.insertColumns)
        credits = try insert("credits", Credit.insertColumns)
        creditPayments = try insert(ProductKind.credit.paymentsTable, ProductPayment.insertColumns(.credit))
    }

    func add(_ policy: Policy) throws { try run(policies, policy.insertValues) }
    func add(_ party: PolicyParty) throws { try run(parties, party.insertValues) }
    func add(_ claim: Claim) throws { try run(claims, claim.insertValues) }
    func add(_ credit: Credit) throws { try run(credits, credit.insertValues) }

    func add(_ payment: ProductPayment, on kind: ProductKind) throws {
        try run(kind == .policy ? policyPayments : creditPayments, payment.insertValues)
    }

    private func run(_ statement: Statement, _ arguments: StatementArguments) throws {
        statement.setUncheckedArguments(arguments)
        try statement.execute()
    }

    /// The next free key of each table, for rows a caller is about to write.
    static func nextIDs(_ db: Database) throws -> ProductIDs {
        func next(_ table: String) throws -> Int64 { (try Int64.fetchOne(db, sql: "SELECT max(id) FROM \(table)") ?? 0) + 1 }
        return ProductIDs(
            policy: try next("policies"), policyPayment: try next("policy_payments"), claim: try next("claims"),
            credit: try next("credits"), creditPayment: try next("credit_payments"))
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
/// `active_loans` its customers already carry. Definitions come back from `sqlite_master`, so this
/// never drifts from the migrations.
struct SuspendedProductUpkeep {
    static let tables = ["policies", "policy_parties", "policy_payments", "claims", "credits", "credit_payments"]
    private let definitions: [String]

    static func suspend(_ db: Database) throws -> SuspendedProductUpkeep {
        var empty = true
        for table in tables where try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM \(table) LIMIT 1)") != 0 {
            empty = false
        }
        let indexes = empty ? "type = 'index' AND tbl_name IN (\(tables.map { "'\($0)'" }.joined(separator: ", ")))" : "0"
        let triggers = AppDatabase.activeLoansTriggers.map { "'\($0)'" }.joined(separator: ", ")
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
    }
}
