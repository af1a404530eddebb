import GRDB

/// The products tables (issue 11, point 2): policies and master policies with their parties,
/// premiums and payments on policies, claims, credits and payments on credits. Money is in minor
/// units (INTEGER cents) like `customers.balance`; days are `YYYY-MM-DD` text ('' when unknown), so
/// they sort and compare as they read. Every list a profile tab or a policy or credit page reads has
/// its index, customer first and newest last (read backwards for newest first).
extension AppDatabase {
    /// Registered after the customer migrations; append-only like them.
    static func registerProductMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("createProductsAndActiveLoansFromCredits") { db in
            try db.execute(sql: createPolicies + createPayments + createClaims + createCredits + countActiveLoans)
        }
    }

    /// A policy is held by exactly one policyholder (a partial unique index); insured and
    /// beneficiaries are further parties, any customer in any number of roles.
    private static let createPolicies = """
        CREATE TABLE policies (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL DEFAULT 'policy' CHECK (kind IN ('policy', 'master')),
            master_policy_id INTEGER REFERENCES policies(id),
            product TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN (\(list(PolicyStatus.words)))),
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL DEFAULT '',
            premium INTEGER NOT NULL DEFAULT 0 CHECK (premium >= 0),
            frequency TEXT NOT NULL DEFAULT 'yearly' CHECK (frequency IN (\(list(PremiumFrequency.words)))),
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            CHECK (kind = 'policy' OR master_policy_id IS NULL)
        );
        CREATE INDEX policies_by_master ON policies(master_policy_id, start_date) WHERE master_policy_id IS NOT NULL;
        CREATE TABLE policy_parties (
            policy_id INTEGER NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            role TEXT NOT NULL CHECK (role IN (\(list(PartyRole.words)))),
            PRIMARY KEY (policy_id, customer_id, role)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX policy_parties_one_holder ON policy_parties(policy_id) WHERE role = 'policyholder';
        CREATE INDEX policy_parties_by_customer ON policy_parties(customer_id, role, policy_id);

        """

    /// A row of a premium or credit schedule is a premium or installment due (`due_date`), a payment
    /// made (`paid_on`), or both when a due one was paid. `automatic` marks the institution's own
    /// postings (interest, fees), which are not the customer's activity. Currency is the product's.
    private static func createPaymentsTable(_ table: String, product: String, products: String, purposes: [PaymentPurpose]) -> String {
        """
        CREATE TABLE \(table) (
            id INTEGER PRIMARY KEY,
            \(product)_id INTEGER NOT NULL REFERENCES \(products)(id) ON DELETE CASCADE,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            purpose TEXT NOT NULL CHECK (purpose IN (\(list(purposes.map(\.rawValue))))),
            due_date TEXT NOT NULL DEFAULT '',
            paid_on TEXT NOT NULL DEFAULT '',
            amount INTEGER NOT NULL CHECK (amount >= 0),
            method TEXT NOT NULL DEFAULT '' CHECK (method IN ('', \(list(PaymentMethod.words)))),
            automatic INTEGER NOT NULL DEFAULT 0 CHECK (automatic IN (0, 1)),
            CHECK (due_date <> '' OR paid_on <> '')
        );
        -- Payments made, per customer (the Payments tab, the Credits tab's recent payments).
        CREATE INDEX \(table)_made_by_customer ON \(table)(customer_id, paid_on, id) WHERE paid_on <> '';
        -- What is still unpaid, per customer, oldest due first.
        CREATE INDEX \(table)_unpaid_by_customer ON \(table)(customer_id, due_date, id) WHERE paid_on = '';
        CREATE INDEX \(table)_by_\(product) ON \(table)(\(product)_id, due_date, paid_on);

        """
    }

    private static let createPayments =
        createPaymentsTable("policy_payments", product: "policy", products: "policies", purposes: PaymentPurpose.onPolicies)
        + createPaymentsTable("credit_payments", product: "credit", products: "credits", purposes: PaymentPurpose.onCredits)

    /// `customer_id` is who notified the loss (the policyholder or an insured).
    private static let createClaims = """
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            policy_id INTEGER NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            loss_date TEXT NOT NULL,
            notified_on TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN (\(list(ClaimStatus.words)))),
            amount_claimed INTEGER NOT NULL DEFAULT 0 CHECK (amount_claimed >= 0),
            amount_paid INTEGER NOT NULL DEFAULT 0 CHECK (amount_paid >= 0),
            closed_on TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX claims_by_customer ON claims(customer_id, notified_on, id);
        CREATE INDEX claims_by_policy ON claims(policy_id, notified_on, id);

        """

    /// `rate` is the yearly rate in hundredths of a percent (1250 = 12.50 %). A credit refinanced
    /// another at most once, and each is refinanced at most once (UNIQUE, which also indexes the
    /// way back: the credit that refinanced this one).
    private static let createCredits = """
        CREATE TABLE credits (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            product TEXT NOT NULL,
            amount INTEGER NOT NULL CHECK (amount >= 0),
            outstanding INTEGER NOT NULL DEFAULT 0 CHECK (outstanding >= 0),
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            rate INTEGER NOT NULL DEFAULT 0 CHECK (rate BETWEEN 0 AND 100000),
            term_months INTEGER NOT NULL CHECK (term_months BETWEEN 1 AND 600),
            requested_on TEXT NOT NULL,
            start_date TEXT NOT NULL DEFAULT '',
            end_date TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN (\(list(CreditStatus.words)))),
            refinanced_credit_id INTEGER UNIQUE REFERENCES credits(id),
            purpose TEXT NOT NULL DEFAULT '',
            CHECK (refinanced_credit_id IS NOT id)
        );
        CREATE INDEX credits_by_customer ON credits(customer_id, requested_on, id);

        """

    /// The names of the triggers that keep `customers.active_loans` in step; the seed suspends them
    /// while it writes credits that match the counts its customers already carry.
    static let activeLoansTriggers = ["credits_active_loans_insert", "credits_active_loans_delete", "credits_active_loans_update"]

    /// The listing's Active loans (column, filter, sort) is the number of the customer's credits in
    /// status `active`. Until now it was a typed-in number; from here on credits set it.
    private static let countActiveLoans = """
        CREATE TRIGGER credits_active_loans_insert AFTER INSERT ON credits WHEN new.status = 'active' BEGIN
            UPDATE customers SET active_loans = active_loans + 1 WHERE id = new.customer_id;
        END;
        CREATE TRIGGER credits_active_loans_delete AFTER DELETE ON credits WHEN old.status = 'active' BEGIN
            UPDATE customers SET active_loans = active_loans - 1 WHERE id = old.customer_id;
        END;
        CREATE TRIGGER credits_active_loans_update AFTER UPDATE OF status, customer_id ON credits
        WHEN old.status = 'active' OR new.status = 'active' BEGIN
            UPDATE customers SET active_loans = active_loans - 1 WHERE id = old.customer_id AND old.status = 'active';
            UPDATE customers SET active_loans = active_loans + 1 WHERE id = new.customer_id AND new.status = 'active';
        END;
        UPDATE customers SET active_loans = 0 WHERE active_loans <> 0;
        """

    private static func list(_ words: [String]) -> String {
        words.map { "'\($0)'" }.joined(separator: ", ")
    }
}
