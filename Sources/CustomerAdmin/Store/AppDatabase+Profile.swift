import GRDB

/// The profile's store (issue 11, point 1): the further single values of a customer as columns of
/// `customers` (their catalog entries are in `FieldCatalog+Profile.swift`), and one table per
/// repeatable group (`FieldGroup`), keyed by the customer, one column per group field.
extension AppDatabase {
    /// Registered last; append-only like the others.
    static func registerProfileMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("profileAddPersonalEmploymentServiceAmlRiskColumns") { db in
            // Text is '' while unknown and integers 0, as for every customer column; yes/no are 0 or 1.
            try db.execute(
                sql: """
                    ALTER TABLE customers ADD COLUMN gender TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN birth_place TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN marital_status TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN education TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN citizenship TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN customer_type TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN tin TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN registration_number TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN legal_form TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN registration_date TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN id_issuer TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN id_issued_on TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN id_expires_on TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN employer TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN job_position TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN employed_since TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN work_phone TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN work_phone_other TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN work_contact TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN additional_income_source TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN property TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN existing_loans TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN active_guarantees TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN lawsuits TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN agent TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN info_source TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN joined_on TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN terminated_on TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN credit_bureau_consent_on TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN service_comments TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN beneficial_owner TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN funds_origin TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN business_reputation TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN reliability_status TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN risk_officer TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN risk_comments TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN monthly_income INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE customers ADD COLUMN dependents INTEGER NOT NULL DEFAULT 0 CHECK (dependents >= 0);
                    ALTER TABLE customers ADD COLUMN average_monthly_income INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE customers ADD COLUMN average_monthly_expenses INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE customers ADD COLUMN additional_income INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE customers ADD COLUMN criminal_record INTEGER NOT NULL DEFAULT 0 CHECK (criminal_record IN (0, 1));
                    ALTER TABLE customers ADD COLUMN red_list INTEGER NOT NULL DEFAULT 0 CHECK (red_list IN (0, 1));
                    ALTER TABLE customers ADD COLUMN black_list INTEGER NOT NULL DEFAULT 0 CHECK (black_list IN (0, 1));
                    ALTER TABLE customers ADD COLUMN foreign_pep INTEGER NOT NULL DEFAULT 0 CHECK (foreign_pep IN (0, 1));
                    ALTER TABLE customers ADD COLUMN terrorism_or_laundering INTEGER NOT NULL DEFAULT 0 CHECK (terrorism_or_laundering IN (0, 1));
                    CREATE INDEX customers_on_red_list ON customers(id) WHERE red_list = 1;
                    CREATE INDEX customers_on_black_list ON customers(id) WHERE black_list = 1;
                    """)
        }
        migrator.registerMigration("profileCreateDocumentsAddressesAccountsContactsRepresentatives") { db in
            try db.execute(sql: createGroups)
        }
        registerCreditRequestMigrations(&migrator)
    }

    /// Each group's rows are read per customer in the order they were added.
    private static let createGroups = """
        CREATE TABLE customer_representatives (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            full_name TEXT NOT NULL CHECK (full_name <> ''),
            position TEXT NOT NULL DEFAULT '',
            basis TEXT NOT NULL DEFAULT '',
            powers TEXT NOT NULL DEFAULT '',
            valid_from TEXT NOT NULL DEFAULT '',
            valid_to TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX customer_representatives_by_customer ON customer_representatives(customer_id, id);
        CREATE TABLE customer_documents (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            type TEXT NOT NULL CHECK (type <> ''),
            series TEXT NOT NULL DEFAULT '',
            number TEXT NOT NULL CHECK (number <> ''),
            issuer TEXT NOT NULL DEFAULT '',
            issued_on TEXT NOT NULL DEFAULT '',
            expires_on TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX customer_documents_by_customer ON customer_documents(customer_id, id);
        CREATE TABLE customer_addresses (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('registration', 'actual', 'additional')),
            address_line TEXT NOT NULL DEFAULT '',
            postal_code TEXT NOT NULL DEFAULT '',
            city TEXT NOT NULL DEFAULT '',
            region TEXT NOT NULL DEFAULT '',
            country TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX customer_addresses_by_customer ON customer_addresses(customer_id, id);
        CREATE TABLE customer_bank_accounts (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            bank TEXT NOT NULL CHECK (bank <> ''),
            bic TEXT NOT NULL DEFAULT '',
            account_number TEXT NOT NULL CHECK (account_number <> ''),
            currency TEXT NOT NULL DEFAULT '',
            opened_on TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX customer_bank_accounts_by_customer ON customer_bank_accounts(customer_id, id);
        CREATE TABLE customer_contacts (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            full_name TEXT NOT NULL CHECK (full_name <> ''),
            relationship TEXT NOT NULL DEFAULT '',
            birth_date TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            other_phone TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            workplace TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX customer_contacts_by_customer ON customer_contacts(customer_id, id);
        """
}

// MARK: - Reads and writes of groups

extension AppDatabase {
    /// A customer's items of one group in the order they were added, a page of them.
    public func groupItems(_ group: FieldGroup, customer: Int64, _ request: PageRequest) throws -> RelatedPage<GroupItem> {
        try reader.read { db in
            let total = try Self.count(db, "SELECT 1 FROM \(group.table) WHERE customer_id = ?", [customer])
            return try Self.page(total, request) { limit, offset in
                try Self.groupItems(group, customer: customer, limit: limit, offset: offset, db)
            }
        }
    }

    /// How many items of each group a customer has (bounded like the product counts), by group name.
    static func groupCounts(_ db: Database, catalog: FieldCatalog, customer: Int64) throws -> [String: BoundedCount] {
        var counts: [String: BoundedCount] = [:]
        for group in catalog.groups {
            counts[group.name] = try count(db, "SELECT 1 FROM \(group.table) WHERE customer_id = ?", [customer])
        }
        return counts
    }

    /// How many rows each group's table holds, for the seed's summary (counts whole tables: not for requests).
    public func groupTotals() throws -> [(table: String, count: Int)] {
        try reader.read { db in
            try catalog.groups.map { ($0.table, try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0.table)") ?? 0) }
        }
    }

    static func groupItems(_ group: FieldGroup, customer: Int64, limit: Int, offset: Int, _ db: Database) throws -> [GroupItem] {
        let columns = (["id"] + group.fields.map(\.name)).joined(separator: ", ")
        let statement = try db.cachedStatement(
            sql: "SELECT \(columns) FROM \(group.table) WHERE customer_id = ? ORDER BY id LIMIT ? OFFSET ?")
        return try Row.decodeAll(statement, arguments: [customer, limit, offset]) { row in
            GroupItem(
                id: row[0],
                values: group.fields.enumerated().map { index, field in
                    field.type.isInteger ? .integer(row[index + 1] ?? 0) : .text(row[index + 1] ?? "")
                })
        }
    }

    /// `INSERT` of one group item for a customer, inside the caller's transaction; the item's key.
    @discardableResult
    static func insert(_ values: [FieldValue], into group: FieldGroup, customer: Int64, _ db: Database) throws -> Int64 {
        let columns = ["customer_id"] + group.fields.map(\.name)
        let statement = try db.cachedStatement(
            sql: "INSERT INTO \(group.table) (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))")
        try statement.execute(arguments: StatementArguments([customer.databaseValue] + values.map(\.databaseValue)))
        return db.lastInsertedRowID
    }
}

extension FieldValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .text(let text): text.databaseValue
        case .integer(let number): number.databaseValue
        }
    }
}
