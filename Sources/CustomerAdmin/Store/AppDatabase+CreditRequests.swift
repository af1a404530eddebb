import GRDB

/// Credit requests made from the profile (issue 11, point 5; seed 003's "+ Create credit"): the
/// products a request may name come from a directory table, and a request is a credit in status
/// `requested`, written beside the customer without touching any of the customer's own data.
extension AppDatabase {
    static func registerCreditRequestMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("profileCreateCreditProductDirectory") { db in
            // The lending products on offer: their yearly rate (hundredths of a percent) and the
            // terms they are granted for. Kept by administrators (later, on /directories).
            try db.execute(
                sql: """
                    CREATE TABLE credit_products (
                        name TEXT PRIMARY KEY NOT NULL CHECK (name <> ''),
                        rate INTEGER NOT NULL CHECK (rate BETWEEN 0 AND 100000),
                        min_term_months INTEGER NOT NULL CHECK (min_term_months >= 1),
                        max_term_months INTEGER NOT NULL CHECK (max_term_months BETWEEN min_term_months AND 600),
                        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
                    ) WITHOUT ROWID;
                    INSERT INTO credit_products (name, rate, min_term_months, max_term_months) VALUES
                        ('Consumer loan', 1900, 12, 60), ('Car loan', 1200, 36, 72), ('Microloan', 3500, 6, 18),
                        ('Mortgage', 850, 120, 240), ('Refinancing loan', 1500, 24, 60);
                    """)
        }
    }
}

/// A product of the credit directory.
public struct CreditProductOffer: Sendable, Equatable {
    public var name: String
    public var rate: Int
    public var terms: ClosedRange<Int>
}

/// A credit request as the form sends it, already checked.
public struct CreditRequest: Sendable, Equatable {
    public var product: CreditProductOffer
    public var amount: Int64
    public var currency: String
    public var termMonths: Int
    public var purpose: String
}

extension AppDatabase {
    /// The products a request may name, by name.
    public func creditProducts() throws -> [CreditProductOffer] {
        try reader.read(Self.creditProducts)
    }

    static func creditProducts(_ db: Database) throws -> [CreditProductOffer] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM credit_products WHERE active = 1 ORDER BY name")).map {
            CreditProductOffer(name: $0["name"], rate: $0["rate"], terms: ($0["min_term_months"] as Int)...($0["max_term_months"] as Int))
        }
    }

    /// The currency the customer's products are in (the latest credit's or policy's), for the form's first value.
    public func customerCurrency(customer: Int64) throws -> String? {
        try reader.read { db in
            try String.fetchOne(
                db.cachedStatement(sql: """
                    SELECT currency FROM (
                        SELECT currency, requested_on AS day FROM credits WHERE customer_id = ?
                        UNION ALL
                        SELECT currency, start_date FROM policies JOIN policy_parties ON policy_id = policies.id
                        WHERE customer_id = ? AND role = 'policyholder')
                    ORDER BY day DESC LIMIT 1
                    """),
                arguments: [customer, customer])
        }
    }

    /// The customer's open applications (credits requested, not yet decided), newest first, a slice.
    public func creditRequests(customer: Int64) throws -> [CreditEntry] {
        try reader.read { db in
            try Self.creditEntries(db, status: "status = 'requested'", customer: customer, limit: Self.sliceLimit, offset: 0)
        }
    }

    /// Writes the request as a credit in status `requested`, inside the form guard's transaction;
    /// its number is `CR` and the new key in 8 digits, as the seed numbers credits.
    static func addCreditRequest(_ request: CreditRequest, customer: Int64, today: String, _ db: Database) throws -> Credit {
        let id = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM credits") ?? 0) + 1
        let credit = Credit(
            id: id, number: "CR" + String(id).leftPadded(to: 8), customerID: customer, product: request.product.name,
            amount: request.amount, outstanding: 0, currency: request.currency, rate: request.product.rate, termMonths: request.termMonths,
            requestedOn: today, status: .requested, purpose: request.purpose)
        let columns = Credit.insertColumns
        try db.execute(
            sql: "INSERT INTO credits (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))",
            arguments: StatementArguments(credit.insertValues))
        return credit
    }
}
