import Foundation
import GRDB
import Testing
@testable import CustomerAdmin

/// The products tables: active loans kept by triggers, the seed's products, the reads' cost.
@Suite struct ProductStoreTests {
    private func activeLoans(_ database: AppDatabase) throws -> [Int64: Int] {
        try database.reader.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, active_loans FROM customers").map { ($0["id"], $0["active_loans"]) })
        }
    }

    @Test func activeLoansFollowCreditsThroughInsertsStatusChangesMovesAndDeletes() throws {
        let database = try ProductFixtures.known()
        #expect(try activeLoans(database) == [1: 1, 2: 0, 3: 0, 4: 1])
        let listing = App(database: database)
        let (_, withLoans) = try ProductFixtures.get(listing, "/customers?active_loans=gt0")
        #expect(withLoans.contains("CUST0000001") && withLoans.contains("CUST0000004") && !withLoans.contains("CUST0000002"))

        try database.writer.write { db in
            try db.execute(sql: "UPDATE credits SET status = 'closed' WHERE number = 'CR-NEW-2'")
        }
        #expect(try activeLoans(database)[1] == 0)
        try database.writer.write { db in
            try db.execute(sql: "UPDATE credits SET status = 'active' WHERE number IN ('CR-NEW-2', 'CR-OLD-1')")
        }
        #expect(try activeLoans(database)[1] == 2)
        try database.writer.write { db in
            try db.execute(sql: "UPDATE credits SET customer_id = 2 WHERE number = 'CR-OLD-1'")
        }
        #expect(try activeLoans(database)[1] == 1)
        #expect(try activeLoans(database)[2] == 1)
        try database.writer.write { db in
            try db.execute(sql: "UPDATE credits SET outstanding = 5 WHERE number = 'CR-ONLY-3'")  // not the status: no change
            try db.execute(sql: "DELETE FROM credit_payments WHERE credit_id = (SELECT id FROM credits WHERE number = 'CR-ONLY-3')")
            try db.execute(sql: "DELETE FROM credits WHERE number = 'CR-ONLY-3'")
        }
        #expect(try activeLoans(database) == [1: 1, 2: 1, 3: 0, 4: 0])
        let (_, afterwards) = try ProductFixtures.get(listing, "/customers?active_loans=gt0")
        #expect(!afterwards.contains("CUST0000004"))
    }

    /// Every customer's products counted now, as the tabs' labels need them.
    private func countedNow(_ db: Database) throws -> [Int64: [Int]] {
        var counted: [Int64: [Int]] = [:]
        let queries = [
            "SELECT customer_id, count(*) FROM policy_parties GROUP BY customer_id",
            "SELECT customer_id, count(*) FROM policy_payments WHERE paid_on <> '' GROUP BY customer_id",
            "SELECT customer_id, count(*) FROM policy_payments WHERE paid_on = '' GROUP BY customer_id",
            "SELECT customer_id, count(*) FROM credit_payments WHERE paid_on <> '' GROUP BY customer_id",
            "SELECT customer_id, count(*) FROM claims GROUP BY customer_id",
            "SELECT customer_id, count(*) FROM credits GROUP BY customer_id",
        ]
        for (index, sql) in queries.enumerated() {
            for row in try Row.fetchAll(db, sql: sql) { counted[row[0], default: Array(repeating: 0, count: queries.count)][index] = row[1] }
        }
        return counted
    }

    private func kept(_ db: Database) throws -> [Int64: [Int]] {
        let columns = "policies, policy_payments_made, premiums_due, credit_payments_made, claims, credits"
        var kept: [Int64: [Int]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT customer_id, \(columns) FROM product_counts") {
            let values = (1...6).map { row[$0] as Int }
            if values.contains(where: { $0 != 0 }) { kept[row[0]] = values }
        }
        return kept
    }

    /// The tabs' counts are kept as products are written (triggers), whatever writes them: imports,
    /// payments made, rows moved to another customer, deletions; and a seed (which suspends the
    /// triggers) counts them afresh at its end.
    @Test func keptProductCountsFollowEveryWrite() throws {
        let database = try ProductFixtures.known()
        let imported = try database.reader.read { db in (try kept(db), try countedNow(db)) }
        #expect(imported.0 == imported.1)
        #expect((imported.0[1]?[0] ?? 0) > 0)
        try database.writer.write { db in
            try db.execute(sql: "UPDATE policy_payments SET paid_on = '2026-09-01' WHERE paid_on = '' AND customer_id = 1")
            try db.execute(sql: "UPDATE policy_payments SET amount = amount + 1")  // no count changes
            try db.execute(sql: "UPDATE claims SET customer_id = 2 WHERE customer_id = 1")
            try db.execute(sql: "DELETE FROM credit_payments WHERE id IN (SELECT id FROM credit_payments WHERE customer_id = 1 LIMIT 1)")
            try db.execute(sql: "DELETE FROM policy_parties WHERE customer_id = 2 AND role = 'beneficiary'")
        }
        let changed = try database.reader.read { db in (try kept(db), try countedNow(db)) }
        #expect(changed.0 == changed.1)
        #expect((changed.0[1]?[4] ?? 0) == 0, "Ana's claims moved to Ben")
        let bensClaims = try #require(changed.1[2])[4]
        #expect(bensClaims >= 2)
        let profile = try ProductFixtures.get(App(database: database), "/customers/CUST0000002/claims").1
        #expect(profile.contains("Claims <span class=\"count\">(\(bensClaims))</span>"), "the tab label carries the kept count")

        let seeded = try AppDatabase.inMemory()
        try seeded.addDemoCustomers(60, now: ProductFixtures.now)
        try seeded.addDemoProducts(customersFrom: 1, now: ProductFixtures.now)
        let afterSeed = try seeded.reader.read { db in (try kept(db), try countedNow(db)) }
        #expect(!afterSeed.0.isEmpty)
        #expect(afterSeed.0 == afterSeed.1)
    }

    /// Counts written into the store by hand, however large or negative, page without a trap.
    @Test func hostileKeptCountsStillShowTheTabs() throws {
        let database = try ProductFixtures.known()
        try database.writer.write { db in
            try db.execute(sql: "UPDATE product_counts SET policies = -5, policy_payments_made = 9223372036854775807, credit_payments_made = 9223372036854775807 WHERE customer_id = 1")
        }
        let app = App(database: database)
        for tab in ["profile", "portfolio", "payments", "payments?page=999999999"] {
            let (response, _) = try ProductFixtures.get(app, "/customers/CUST0000001/\(tab)")
            #expect(response.status == 200, "\(tab)")
        }
    }

    @Test func everyStoredWordOfTheEnumsIsAcceptedByTheStoresChecks() throws {
        let database = try ProductFixtures.known()
        try database.writer.write { db in
            for status in PolicyStatus.allCases {
                try db.execute(sql: "UPDATE policies SET status = ? WHERE number = 'P-HOME-1'", arguments: [status.rawValue])
            }
            for status in CreditStatus.allCases {
                try db.execute(sql: "UPDATE credits SET status = ? WHERE number = 'CR-ONLY-3'", arguments: [status.rawValue])
            }
            for status in ClaimStatus.allCases {
                try db.execute(sql: "UPDATE claims SET status = ? WHERE number = 'CLM-1'", arguments: [status.rawValue])
            }
            for method in PaymentMethod.allCases {
                try db.execute(sql: "UPDATE policy_payments SET method = ?", arguments: [method.rawValue])
            }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE credits SET status = 'frozen'") }
        }
    }

    // MARK: - Seed

    @Test func theSeedGivesCustomersProductsAndPreCustomersNone() throws {
        let database = ProductFixtures.seeded
        try database.reader.read { db in
            let preCustomerRows = try Int.fetchOne(
                db,
                sql: """
                    SELECT (SELECT count(*) FROM policy_parties WHERE customer_id IN (SELECT id FROM customers WHERE status IN ('newbie', 'prospect')))
                         + (SELECT count(*) FROM credits WHERE customer_id IN (SELECT id FROM customers WHERE status IN ('newbie', 'prospect')))
                    """)
            #expect(preCustomerRows == 0)
            let customers = try Int.fetchOne(db, sql: "SELECT count(*) FROM customers WHERE status NOT IN ('newbie', 'prospect')") ?? 0
            let holding = try Int.fetchOne(
                db, sql: "SELECT count(DISTINCT customer_id) FROM policy_parties WHERE role = 'policyholder'") ?? 0
            #expect(Double(holding) / Double(customers) > 0.8, "most customers hold policies")
            let mismatched = try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM customers
                    WHERE active_loans <> (SELECT count(*) FROM credits WHERE customer_id = customers.id AND status = 'active')
                    """)
            #expect(mismatched == 0, "active loans match the active credits")
            let refinancing = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM credits JOIN credits AS old ON old.id = credits.refinanced_credit_id WHERE old.status = 'refinanced'") ?? 0
            #expect(refinancing > 0)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM policy_parties WHERE role <> 'policyholder'") ?? 0 > 0)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM policy_payments WHERE paid_on = '' AND due_date < '2026-09-21'") ?? 0 > 0, "missed premiums")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM policy_payments WHERE automatic") ?? 0 > 0, "automatic postings")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM claims") ?? 0 > 0)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM policies WHERE kind = 'master'") ?? 0 > 0)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM policies WHERE master_policy_id IS NOT NULL") ?? 0 > 0)
            // About 2 policies, 30 payments and 0.2 claims per customer, the two heavy ones included.
            let perCustomer = { (sql: String) in Double(try Int.fetchOne(db, sql: sql) ?? 0) / 300 }
            #expect((1.5...4).contains(try perCustomer("SELECT count(*) FROM policies")))
            #expect((20...60).contains(try perCustomer("SELECT (SELECT count(*) FROM policy_payments) + (SELECT count(*) FROM credit_payments)")))
            #expect((0.05...0.6).contains(try perCustomer("SELECT count(*) FROM claims")))
        }
        #expect(!ProductFixtures.heavy.isEmpty)
        // The seed writes with key checks off: every key it wrote must still hold, and checks are back on.
        let (broken, checking) = try database.reader.read { db in
            (try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count, try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(broken == 0)
        #expect(checking == true)
        for heavy in ProductFixtures.heavy {
            let counts = try database.productCounts(customer: heavy)
            #expect(counts.policies.value >= 200)
            #expect(counts.payments.value >= 2_000)
        }
    }

    @Test func theSeedIsDeterministicAndASecondSeedAddsOnlyForTheNewCustomers() throws {
        func snapshot(_ database: AppDatabase) throws -> [String] {
            try database.reader.read { db in
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT number || ' ' || status || ' ' || start_date || ' ' || premium FROM policies
                        UNION ALL SELECT number || ' ' || status || ' ' || amount FROM credits
                        UNION ALL SELECT group_concat(due_date || paid_on || amount, ',') FROM policy_payments
                        """)
            }
        }
        let once = try AppDatabase.inMemory()
        try once.addDemoCustomers(40, now: ProductFixtures.now)
        try once.addDemoProducts(customersFrom: 1, now: ProductFixtures.now)
        let twice = try AppDatabase.inMemory()
        try twice.addDemoCustomers(20, now: ProductFixtures.now)
        try twice.addDemoProducts(customersFrom: 1, now: ProductFixtures.now)
        let next = try twice.customerSequence() + 1
        #expect(next == 21)
        try twice.addDemoCustomers(20, now: ProductFixtures.now)
        try twice.addDemoProducts(customersFrom: next, now: ProductFixtures.now)
        let again = try AppDatabase.inMemory()
        try again.addDemoCustomers(40, now: ProductFixtures.now)
        try again.addDemoProducts(customersFrom: 1, now: ProductFixtures.now)
        #expect(try snapshot(once) == snapshot(again))
        // Products of customers 21–40 do not depend on whether they were seeded in one go.
        let parties = { (database: AppDatabase) in
            try database.reader.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM policy_parties WHERE role = 'policyholder' AND customer_id > 20")
            }
        }
        #expect(try parties(once) == parties(twice))
        #expect(try activeLoans(twice) == activeLoans(once))
    }

    @Test func aHeavyCustomersTabsReadInAFewMilliseconds() throws {
        let database = ProductFixtures.seeded
        let heavy = try #require(ProductFixtures.heavy.first)
        let page = PageRequest(page: 50, perPage: 20)
        // Warm the statements, then time: reads only, no rendering.
        _ = try database.payments(customer: heavy, page)
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            _ = try database.productCounts(customer: heavy)
            _ = try database.portfolio(customer: heavy, page)
            _ = try database.payments(customer: heavy, page)
            _ = try database.claims(customer: heavy, page)
            _ = try database.credits(customer: heavy, page)
        }
        // A debug build on a shared machine: generous, yet far below a scan of the store.
        #expect(elapsed < .milliseconds(250), "\(elapsed)")
    }
}
