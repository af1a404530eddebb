import Foundation
import GRDB

extension AppDatabase {
    /// Migrations are append-only: once landed, an entry is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("createCustomersAndStaff") { db in
            try db.execute(sql: createCustomers + createTotals + createSearch + createStaff)
        }
        migrator.registerMigration("indexCustomerIDsForDeepPages") { db in
            // The table itself is ordered by ID, but a page of it holds a dozen rows and a page of
            // this index hundreds of IDs: page 500 of the listing skips 10,000 IDs in 25 pages, not 770.
            try db.execute(sql: "CREATE INDEX customers_by_id ON customers(id)")
        }
        migrator.registerMigration("searchNamesAndAddressesWithoutDiacritics") { db in
            // Folded in two views (see SearchFolding); the triggers read the outer one by name. The
            // index is rebuilt, so what a delete removes is what the index holds.
            let secondStage = { (column: String) in SearchFolding.foldedSQL(column, stage: 1) + " AS " + column }
            try db.execute(
                sql: """
                    DROP VIEW customer_search_source;
                    CREATE VIEW customer_search_partly_folded AS
                        SELECT id, \(searchableText { SearchFolding.foldedSQL($0, stage: 0) }) FROM customers;
                    CREATE VIEW customer_search_source AS
                        SELECT id, \(secondStage("names")), contacts, ids, \(secondStage("address"))
                        FROM customer_search_partly_folded;
                    INSERT INTO customer_search(customer_search) VALUES ('rebuild');
                    """)
        }
        migrator.registerMigration("addConsentDates") { db in
            // Seeds 001/003: the days a customer accepted the keeping of personal data and its
            // commercial use; '' when not (yet) given.
            try db.execute(
                sql: """
                    ALTER TABLE customers ADD COLUMN personal_data_accepted_on TEXT NOT NULL DEFAULT '';
                    ALTER TABLE customers ADD COLUMN commercial_approval_on TEXT NOT NULL DEFAULT '';
                    """)
        }
        registerFormMigration(&migrator)
        registerProductMigrations(&migrator)
        migrator.registerMigration("keepChosenListingColumns") { db in
            // Each user's listing columns per section, as catalog field names in order, comma-separated;
            // names the catalog no longer lists are left out when read, so removing a field breaks no page.
            try db.execute(
                sql: """
                    CREATE TABLE staff_columns (
                        user_name TEXT NOT NULL,
                        section TEXT NOT NULL CHECK (section IN ('pre', 'customers', 'all')),
                        fields TEXT NOT NULL,
                        PRIMARY KEY (user_name, section)
                    ) WITHOUT ROWID;
                    """)
        }
        registerStaffMigrations(&migrator)
        registerExportMigration(&migrator)
        registerProfileMigrations(&migrator)
        registerFormsMigrations(&migrator)
        // Stores loaded before bulk loads merged their search index (`SuspendedUpkeep`) pay it once here.
        migrator.registerMigration("mergeSearchIndexIntoOneSegment", migrate: mergeSearchIndex)
        migrator.registerMigration("keepProductCountsPerCustomer", migrate: KeptProductCounts.migrate)
        return migrator
    }

    /// Merges the search index into one segment. A rebuild leaves it in dozens, and FTS5 then merges
    /// them a few pages at a time inside later writes: at 1,000,000 customers every 64th create paid
    /// 30-40 ms for it for thousands of creates (p99 36 ms against a p50 of 2 ms). Merged, 16 s there.
    static func mergeSearchIndex(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO customer_search(customer_search) VALUES ('optimize')")
    }

    /// Text columns are NOT NULL with '' for "unknown", so filters and the search document never meet NULL.
    private static let createCustomers = """
        CREATE TABLE customers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            customer_id TEXT GENERATED ALWAYS AS ('CUST' || printf('%07d', id)) VIRTUAL,
            kind TEXT NOT NULL CHECK (kind IN ('individual', 'legal_entity')),
            status TEXT NOT NULL DEFAULT 'newbie'
                CHECK (status IN ('newbie', 'prospect', 'customer', 'dormant', 'blocked', 'closed')),
            first_name TEXT NOT NULL DEFAULT '',
            middle_name TEXT NOT NULL DEFAULT '',
            last_name TEXT NOT NULL DEFAULT '',
            company_name TEXT NOT NULL DEFAULT '',
            display_name TEXT GENERATED ALWAYS AS (
                CASE kind WHEN 'legal_entity' THEN company_name
                ELSE trim(trim(first_name || ' ' || middle_name) || ' ' || last_name) END) STORED,
            email TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            national_id TEXT NOT NULL DEFAULT '',
            id_type TEXT NOT NULL DEFAULT '',
            id_number TEXT NOT NULL DEFAULT '',
            birth_date TEXT NOT NULL DEFAULT '',
            address_line TEXT NOT NULL DEFAULT '',
            city TEXT NOT NULL DEFAULT '',
            region TEXT NOT NULL DEFAULT '',
            postal_code TEXT NOT NULL DEFAULT '',
            country TEXT NOT NULL DEFAULT '',
            balance INTEGER NOT NULL DEFAULT 0,
            active_loans INTEGER NOT NULL DEFAULT 0 CHECK (active_loans >= 0),
            relationship_officer TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1
        );
        -- One index per sortable column, each ending in id so ties never reorder between pages.
        CREATE INDEX customers_by_status ON customers(status, id);
        CREATE INDEX customers_by_name ON customers(display_name COLLATE NOCASE, id);
        CREATE INDEX customers_by_last_name ON customers(last_name COLLATE NOCASE);
        CREATE INDEX customers_by_balance ON customers(balance, id);
        CREATE INDEX customers_by_phone ON customers(phone, id);
        CREATE INDEX customers_by_email ON customers(email COLLATE NOCASE, id);
        CREATE INDEX customers_by_created ON customers(created_at, id);
        CREATE INDEX customers_by_updated ON customers(updated_at, id);
        -- Section or status with a date range, balance checked inside the index: the lists staff
        -- filter most ("pre-customers created last week") never touch the table until the page.
        CREATE INDEX customers_by_status_created ON customers(status, created_at, balance);
        CREATE INDEX customers_by_status_updated ON customers(status, updated_at, balance);

        """

    /// Totals per status and kind, kept by triggers: the listing tabs never count a million rows.
    private static let createTotals = """
        CREATE TABLE customer_totals (
            status TEXT NOT NULL,
            kind TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (status, kind)
        ) WITHOUT ROWID;
        CREATE TRIGGER customer_totals_insert AFTER INSERT ON customers BEGIN
            INSERT INTO customer_totals(status, kind, count) VALUES (new.status, new.kind, 1)
            ON CONFLICT(status, kind) DO UPDATE SET count = count + 1;
        END;
        CREATE TRIGGER customer_totals_delete AFTER DELETE ON customers BEGIN
            UPDATE customer_totals SET count = count - 1 WHERE status = old.status AND kind = old.kind;
        END;
        CREATE TRIGGER customer_totals_update AFTER UPDATE OF status, kind ON customers BEGIN
            UPDATE customer_totals SET count = count - 1 WHERE status = old.status AND kind = old.kind;
            INSERT INTO customer_totals(status, kind, count) VALUES (new.status, new.kind, 1)
            ON CONFLICT(status, kind) DO UPDATE SET count = count + 1;
        END;

        """

    /// The searchable text of a customer in four columns, so field filters can name one
    /// (`names : "sing"`); phone and ID numbers are also indexed as bare digits. `fold` applies to
    /// names and addresses (their diacritics, since the third migration).
    private static func searchableText(fold: (String) -> String = { $0 }) -> String {
        """
            \(fold("display_name || ' ' || CASE kind WHEN 'legal_entity' THEN trim(first_name || ' ' || last_name) ELSE company_name END")) AS names,
            email || ' ' || phone || ' ' || \(digitsOnly("phone")) AS contacts,
            'CUST' || printf('%07d', id) || ' ' || national_id || ' ' || id_number
                || ' ' || \(digitsOnly("national_id")) || ' ' || \(digitsOnly("id_number")) AS ids,
            \(fold("address_line || ' ' || postal_code || ' ' || city || ' ' || region || ' ' || country")) AS address
            """
    }

    private static let searchableColumns = """
        kind, first_name, middle_name, last_name, company_name, email, phone, national_id, id_number,
        address_line, city, region, postal_code, country
        """

    /// Drops the separators people type in numbers, using built-ins only so the sqlite3 shell can still write.
    private static func digitsOnly(_ column: String) -> String {
        var expression = column
        for separator in [" ", "-", "+", "(", ")", ".", "/"] {
            expression = "replace(\(expression), '\(separator)', '')"
        }
        return expression
    }

    /// FTS5 trigram index over `customer_search_source`, an external-content view, kept in step by triggers.
    private static let createSearch = """
        CREATE VIEW customer_search_source AS SELECT id, \(searchableText()) FROM customers;
        CREATE VIRTUAL TABLE customer_search USING fts5(
            names, contacts, ids, address, content = 'customer_search_source', content_rowid = 'id', tokenize = 'trigram');
        CREATE TRIGGER customer_search_insert AFTER INSERT ON customers BEGIN
            INSERT INTO customer_search(rowid, names, contacts, ids, address)
            SELECT id, names, contacts, ids, address FROM customer_search_source WHERE id = new.id;
        END;
        CREATE TRIGGER customer_search_delete BEFORE DELETE ON customers BEGIN
            INSERT INTO customer_search(customer_search, rowid, names, contacts, ids, address)
            SELECT 'delete', id, names, contacts, ids, address FROM customer_search_source WHERE id = old.id;
        END;
        CREATE TRIGGER customer_search_update_before BEFORE UPDATE OF \(searchableColumns) ON customers BEGIN
            INSERT INTO customer_search(customer_search, rowid, names, contacts, ids, address)
            SELECT 'delete', id, names, contacts, ids, address FROM customer_search_source WHERE id = old.id;
        END;
        CREATE TRIGGER customer_search_update_after AFTER UPDATE OF \(searchableColumns) ON customers BEGIN
            INSERT INTO customer_search(rowid, names, contacts, ids, address)
            SELECT id, names, contacts, ids, address FROM customer_search_source WHERE id = new.id;
        END;

        """

    private static let createStaff = """
        CREATE TABLE staff (
            user_name TEXT PRIMARY KEY NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('viewer', 'officer', 'manager', 'admin')),
            created_at TEXT NOT NULL
        );
        """
}

extension AppDatabase {
    /// What the form guard keeps (see `FormGuard`): the CSRF signing secret, filled here with 32 random
    /// bytes so no request ever has to write it; the answers of form posts by submission key; and each
    /// user's preferences.
    static func registerFormMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("keepFormSecretSubmissionsAndPreferences") { db in
            try db.execute(
                sql: """
                    CREATE TABLE secrets (
                        name TEXT PRIMARY KEY NOT NULL,
                        value BLOB NOT NULL
                    );
                    CREATE TABLE form_submissions (
                        user_name TEXT NOT NULL,
                        submission_key TEXT NOT NULL,
                        status INTEGER NOT NULL,
                        location TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        PRIMARY KEY (user_name, submission_key)
                    ) WITHOUT ROWID;
                    CREATE INDEX form_submissions_by_age ON form_submissions(created_at);
                    CREATE TABLE staff_preferences (
                        user_name TEXT PRIMARY KEY NOT NULL,
                        page_size INTEGER CHECK (page_size BETWEEN 1 AND 1000)
                    );
                    """)
            var secret = [UInt8](repeating: 0, count: 32)
            var random = SystemRandomNumberGenerator()
            for index in secret.indices { secret[index] = random.next() }
            try db.execute(
                sql: "INSERT INTO secrets(name, value) VALUES (?, ?)", arguments: [formSecretName, Data(secret)])
        }
    }
}
