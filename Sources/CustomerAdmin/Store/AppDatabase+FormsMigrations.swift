import GRDB

extension AppDatabase {
    /// Issue 12's schema, appended after every earlier migration: the audit trail, notes, the
    /// directory entries an admin adds, and the indexes the duplicate check reads.
    static func registerFormsMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("formsAuditTrail") { db in
            // Append-only: the product never changes an audit row, and the store refuses it too.
            try db.execute(
                sql: """
                    CREATE TABLE audit_log (
                        id INTEGER PRIMARY KEY,
                        customer_id INTEGER NOT NULL,
                        at TEXT NOT NULL,
                        user_name TEXT NOT NULL,
                        action TEXT NOT NULL,
                        field TEXT NOT NULL DEFAULT '',
                        old_value TEXT NOT NULL DEFAULT '',
                        new_value TEXT NOT NULL DEFAULT '',
                        reason TEXT NOT NULL DEFAULT ''
                    );
                    CREATE INDEX audit_by_customer ON audit_log(customer_id, id);
                    -- The Audit tab's filter by field pages in this one.
                    CREATE INDEX audit_by_customer_field ON audit_log(customer_id, field, id);
                    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
                        SELECT RAISE(ABORT, 'audit rows are never changed');
                    END;
                    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
                        SELECT RAISE(ABORT, 'audit rows are never deleted');
                    END;
                    """)
        }
        migrator.registerMigration("formsNotesDirectoriesAndDuplicateIndexes") { db in
            // Notes are added, never edited: the same refusal as the audit trail.
            try db.execute(
                sql: """
                    CREATE TABLE customer_notes (
                        id INTEGER PRIMARY KEY,
                        customer_id INTEGER NOT NULL,
                        at TEXT NOT NULL,
                        user_name TEXT NOT NULL,
                        body TEXT NOT NULL
                    );
                    CREATE INDEX notes_by_customer ON customer_notes(customer_id, id);
                    CREATE TRIGGER customer_notes_no_update BEFORE UPDATE ON customer_notes BEGIN
                        SELECT RAISE(ABORT, 'notes are never edited');
                    END;
                    CREATE TRIGGER customer_notes_no_delete BEFORE DELETE ON customer_notes BEGIN
                        SELECT RAISE(ABORT, 'notes are never deleted');
                    END;
                    CREATE TABLE directory_entries (
                        directory TEXT NOT NULL,
                        value TEXT NOT NULL,
                        label TEXT NOT NULL,
                        PRIMARY KEY (directory, value)
                    ) WITHOUT ROWID;
                    CREATE INDEX customers_by_national_id ON customers(national_id) WHERE national_id <> '';
                    CREATE INDEX customers_by_id_number ON customers(id_number) WHERE id_number <> '';
                    CREATE INDEX customers_by_birth_date ON customers(birth_date) WHERE birth_date <> '';
                    CREATE INDEX customers_by_phone_digits ON customers(\(DuplicateCheck.phoneDigitsSQL)) WHERE phone <> '';
                    """)
            // The profile's TIN, where the catalog's migrations added it before this one.
            if try db.columns(in: "customers").contains(where: { $0.name == "tin" }) {
                try db.execute(sql: "CREATE INDEX customers_by_tin ON customers(tin) WHERE tin <> ''")
            }
        }
        migrator.registerMigration("auditCountsByCustomerActionAndField") { db in
            // The Audit tab's total, kept as rows are added (they are never changed or deleted, so
            // the counts cannot drift): counting a customer's 10,000 rows on every view cost more than
            // the rest of the page.
            try db.execute(
                sql: """
                    CREATE TABLE audit_counts (
                        customer_id INTEGER NOT NULL,
                        action TEXT NOT NULL,
                        field TEXT NOT NULL,
                        count INTEGER NOT NULL,
                        PRIMARY KEY (customer_id, action, field)
                    ) WITHOUT ROWID;
                    INSERT INTO audit_counts(customer_id, action, field, count)
                        SELECT customer_id, action, field, count(*) FROM audit_log GROUP BY customer_id, action, field;
                    CREATE TRIGGER audit_counts_insert AFTER INSERT ON audit_log BEGIN
                        INSERT INTO audit_counts(customer_id, action, field, count) VALUES (new.customer_id, new.action, new.field, 1)
                        ON CONFLICT(customer_id, action, field) DO UPDATE SET count = count + 1;
                    END;
                    """)
        }
    }
}
