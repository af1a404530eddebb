import Foundation
import GRDB
import Testing
@testable import CustomerAdmin

/// The automatic moves of seed 000 (issue 13, point 2) with a controlled clock, on the known store of
/// the product tests: who moves, who stays, and the audit row each move leaves.
@Suite struct LifecycleSweepTests {
    let database: AppDatabase
    /// The store's "today" in the fixtures is 2026-09-21.
    let now = ProductFixtures.now

    init() throws {
        database = try ProductFixtures.known()
    }

    private func status(_ number: Int64) throws -> Status? {
        try database.customer(number: number)?.status
    }

    private func auditRows(_ number: Int64) throws -> [Row] {
        try database.reader.read {
            try Row.fetchAll($0, sql: "SELECT * FROM audit_log WHERE customer_id = ? AND field = 'status' ORDER BY id", arguments: [number])
        }
    }

    private func execute(_ sql: String, _ arguments: StatementArguments = []) throws {
        try database.writer.write { try $0.execute(sql: sql, arguments: arguments) }
    }

    @Test func aProspectWithAnIssuedPolicyOrActiveCreditBecomesACustomerOnlyWithItsData() throws {
        // Cleo (3) is a prospect with nothing; give her an active credit but no national ID yet.
        try execute("""
            INSERT INTO credits(number, customer_id, product, amount, currency, term_months, requested_on, status)
            VALUES ('CR-CLEO', 3, 'Microloan', 100, 'RON', 12, '2026-09-01', 'active')
            """)
        #expect(try LifecycleSweep().run(database, now: now).count(.prospect, .customer) == 0)
        #expect(try status(3) == .prospect, "the catalog requires a national ID, an ID document and an address for a Customer")
        try execute("UPDATE customers SET national_id = 'RO-1', id_type = 'passport', id_number = 'P1', address_line = 'Str. 1', city = 'Cluj' WHERE id = 3")
        let moved = try LifecycleSweep().run(database, now: now)
        #expect(moved.count(.prospect, .customer) == 1)
        #expect(try status(3) == .customer)
        let audit = try #require(try auditRows(3).last)
        #expect(audit["user_name"] as String == "system")
        #expect(audit["old_value"] as String == "prospect" && audit["new_value"] as String == "customer")
        #expect(audit["reason"] as String == "First issued policy or active credit")
    }

    @Test func aCustomerWithoutActivityForAYearBecomesDormantAutomaticPostingsNotCounting() throws {
        try execute("UPDATE customers SET created_at = '2020-01-01 00:00:00'")
        // Ben (2) paid a premium on 2026-02-01 and started P-AUTO-3 on 2025-06-01: active within a year.
        // Customer 4 asked for a credit on 2026-05-01; Ana (1) notified a loss on 2026-09-10.
        let later = try #require(StoreDate.parseDay("2027-03-01"))
        // By 2027-03-01 Ben's last activity (2026-02-01) is over a year old; an automatic posting
        // after it changes nothing.
        try execute("""
            INSERT INTO policy_payments(policy_id, customer_id, purpose, paid_on, amount, method, automatic)
            SELECT id, 2, 'interest', '2026-12-01', 10, 'posting', 1 FROM policies WHERE number = 'P-AUTO-3'
            """)
        let moved = try LifecycleSweep().run(database, now: later)
        #expect(try status(2) == .dormant)
        #expect(try status(4) == .customer, "a credit asked for on 2026-05-01 is activity within the year")
        #expect(try status(1) == .customer, "a loss notified on 2026-09-10 is activity within the year")
        #expect(moved.count(.customer, .dormant) == 1, "Ben alone")
        #expect(try auditRows(2).last?["reason"] as String? == "No activity for 365 days (automatic postings do not count)")

        // A payment Ben makes himself brings him back.
        try execute("""
            INSERT INTO policy_payments(policy_id, customer_id, purpose, paid_on, amount, method, automatic)
            SELECT id, 2, 'premium', '2027-03-05', 45, 'card', 0 FROM policies WHERE number = 'P-AUTO-3'
            """)
        let back = try LifecycleSweep().run(database, now: try #require(StoreDate.parseDay("2027-03-06")))
        #expect(back.count(.dormant, .customer) == 1)
        #expect(try status(2) == .customer)
    }

    @Test func aDormantCustomerWhoseLastActivityIsOlderThanThePeriodStaysDormant() throws {
        // Ben (2) dormant since 2025-01-01 by his last change; he paid on 2026-02-01, which is after
        // that day but over a year before 2027-03-01: he stays dormant, and the next sweep agrees.
        try execute("UPDATE customers SET status = 'dormant', updated_at = '2025-01-01 00:00:00', created_at = '2020-01-01 00:00:00' WHERE id = 2")
        let later = try #require(StoreDate.parseDay("2027-03-01"))
        #expect(try LifecycleSweep().run(database, now: later).count(.dormant, .customer) == 0)
        #expect(try status(2) == .dormant)
        #expect(try LifecycleSweep().run(database, now: try #require(StoreDate.parseDay("2026-06-01"))).count(.dormant, .customer) == 1)
        let again = try LifecycleSweep().run(database, now: try #require(StoreDate.parseDay("2026-06-01")))
        #expect(again.counts.allSatisfy { $0.count == 0 }, "a second sweep the same day moves nobody")
    }

    @Test func theDormancyPeriodIsConfigurableAndASweepIsIdempotent() throws {
        try execute("UPDATE customers SET created_at = '2020-01-01 00:00:00'")
        let short = LifecycleSweep(dormancyDays: 30)
        #expect(try short.run(database, now: now).count(.customer, .dormant) >= 1)
        let again = try short.run(database, now: now)
        #expect(again.counts.allSatisfy { $0.count == 0 }, "nothing left to move")
    }

    @Test func aBlackListedProspectStaysAProspect() throws {
        try execute("UPDATE customers SET national_id = 'RO-1', id_type = 'passport', id_number = 'P1', address_line = 'Str. 1', city = 'Cluj', black_list = 1 WHERE id = 3")
        try execute("""
            INSERT INTO credits(number, customer_id, product, amount, currency, term_months, requested_on, status)
            VALUES ('CR-CLEO', 3, 'Microloan', 100, 'RON', 12, '2026-09-01', 'active')
            """)
        _ = try LifecycleSweep().run(database, now: now)
        #expect(try status(3) == .prospect)
        let cleo = try #require(try database.customer(number: 3))
        let holdings = try database.reader.read { try LifecycleSweep.holdings(of: cleo, $0) }
        #expect(holdings == Lifecycle.Holdings(product: true, blackListed: true))
    }

    @Test func aNewbieBecomesAProspectWhenItsIdentityAndAddressAreIn() throws {
        try execute("UPDATE customers SET status = 'newbie' WHERE id = 3")
        #expect(try LifecycleSweep().run(database, now: now).count(.newbie, .prospect) == 0)
        try execute("UPDATE customers SET national_id = 'RO-1', id_type = 'passport', id_number = 'P1', address_line = 'Str. 1', city = 'Cluj' WHERE id = 3")
        #expect(try LifecycleSweep().run(database, now: now).count(.newbie, .prospect) == 1)
        #expect(try status(3) == .prospect)
        #expect(try auditRows(3).last?["reason"] as String? == "Minimum data for Prospect complete")
    }

    @Test func smallBatchesMoveTheSameCustomers() throws {
        try execute("UPDATE customers SET created_at = '2020-01-01 00:00:00'")
        let later = try #require(StoreDate.parseDay("2027-03-01"))
        #expect(try LifecycleSweep(batch: 1).run(database, now: later).count(.customer, .dormant) == 1)
        #expect(try status(2) == .dormant)
    }
}

/// `POST /customers/{id}/status` through the app: the lifecycle table decides, the form says why.
@Suite struct StatusChangeTests {
    let database: AppDatabase
    let app: App
    let clock: TestClock

    init() throws {
        (database, app, clock) = try ProductFixtures.knownWithStaff()
    }

    private func move(_ number: Int, _ fields: [(String, String)], as user: String = "omar") throws -> Response {
        try app.post(String(format: "/customers/CUST%07d/status", number), fields, as: user, now: clock.now)
    }

    private func status(_ number: Int64) throws -> Status? { try database.customer(number: number)?.status }

    @Test func aManagerBlocksWithAComplianceReasonAndTheProfileTellsTheStory() throws {
        let blocked = try move(2, [("status", "blocked"), ("reason_category", "kyc_aml"), ("reason", "Source of funds unclear")])
        #expect(blocked.status == 303)
        #expect(try status(2) == .blocked)
        let profile = try app.handle(Request("GET", "/customers/CUST0000002", user: "otto")).bodyText()
        #expect(profile.contains("by omar: KYC/AML risk: Source of funds unclear"))
        #expect(!profile.contains("Change status…"), "an officer is not offered the form")
        #expect(try app.handle(Request("GET", "/customers/CUST0000002", user: "omar")).bodyText().contains("Change status…"))
    }

    @Test func refusedMovesSayWhyAndChangeNothing() throws {
        let wrongReason = try move(2, [("status", "blocked"), ("reason_category", "customer_request"), ("reason", "asked")])
        #expect(wrongReason.status == 422)
        #expect(try wrongReason.bodyText().contains("is not a reason to move to Blocked"))
        let officer = try move(2, [("status", "dormant"), ("reason_category", "inactivity"), ("reason", "quiet")], as: "otto")
        #expect(officer.status == 403)
        let unknown = try move(2, [("status", "vip"), ("reason", "x")])
        #expect(unknown.status == 422)
        #expect(try unknown.bodyText().contains("is not a status"))
        let same = try move(2, [("status", "customer"), ("reason", "x")])
        #expect(try same.bodyText().contains("already Customer"))
        let long = try move(2, [("status", "dormant"), ("reason_category", "inactivity"), ("reason", String(repeating: "x", count: 10_000))])
        #expect(long.status == 422)
        let missing = try move(3, [("status", "customer"), ("reason_category", "data_complete"), ("reason", "ready")])
        #expect(missing.status == 422)
        #expect(try missing.bodyText().contains("To become a Customer the customer needs: National ID"))
        #expect(try status(2) == .customer && status(3) == .prospect)
    }

    @Test func theSecondOfTwoRacingManagersSeesTheFirstsResult() throws {
        let version = try #require(try database.customer(number: 2)?.version)
        let first = try move(2, [("status", "dormant"), ("reason_category", "inactivity"), ("reason", "quiet"), ("version", String(version))])
        #expect(first.status == 303)
        let second = try move(2, [("status", "blocked"), ("reason_category", "kyc_aml"), ("reason", "risk"), ("version", String(version))], as: "mona")
        #expect(second.status == 409)
        #expect(try second.bodyText().contains("it is now Dormant"))
        #expect(try status(2) == .dormant)
    }
}

/// The red and black lists (issue 13, point 4): managers only, with a reason, audited, shown and filtered.
@Suite struct FlagListTests {
    let database: AppDatabase
    let app: App
    let clock = TestClock()

    init() throws {
        database = try ProductFixtures.known()
        for (user, role) in [("vera", Role.viewer), ("otto", .officer), ("omar", .manager)] {
            try database.setStaff(Staff(userName: user, role: role))
        }
        clock.now = ProductFixtures.now
        app = App(database: database, clock: clock.read)
    }

    private func post(_ path: String, _ fields: [(String, String)], as user: String = "omar") throws -> Response {
        try app.post(path, fields, as: user, now: clock.now)
    }

    private func get(_ path: String, as user: String = "vera") throws -> String {
        try app.handle(Request("GET", path, user: user)).bodyText()
    }

    @Test func aManagerPutsACustomerOnTheBlackListWithAReasonAndEveryoneSeesIt() throws {
        #expect(try post("/customers/CUST0000002/lists", [("list", "black"), ("reason", "Fraud confirmed")], as: "otto").status == 403)
        #expect(try post("/customers/CUST0000002/lists", [("list", "black"), ("reason", " ")]).status == 422)
        #expect(try post("/customers/CUST0000002/lists", [("list", "grey"), ("reason", "x")]).status == 422)
        #expect(try post("/customers/CUST0000002/lists", [("list", "black"), ("reason", "Fraud confirmed")]).status == 303)
        #expect(try database.customer(number: 2)?[integer: "black_list"] == 1)
        let again = try post("/customers/CUST0000002/lists", [("list", "black"), ("on", "1"), ("reason", "twice")])
        #expect(again.status == 422)
        #expect(try again.bodyText().contains("already on the black list"))

        let listing = try get("/customers?list=black")
        #expect(listing.contains("CUST0000002") && !listing.contains(">CUST0000001<"))
        #expect(listing.contains("<span class=\"badge list-black\">Black list</span>"))
        #expect(listing.contains("On the black list"), "the filter's chip")
        let profile = try get("/customers/CUST0000002", as: "otto")
        #expect(profile.contains("<span class=\"badge list-black\">Black list</span>"))
        #expect(profile.contains("No credit: the customer is on the black list."))
        #expect(!profile.contains("+ Create credit"))
        let audit = try get("/customers/CUST0000002/audit")
        #expect(audit.contains("Fraud confirmed"))

        #expect(try post("/customers/CUST0000002/lists", [("list", "black"), ("reason", "Cleared by compliance")]).status == 303)
        #expect(try database.customer(number: 2)?[integer: "black_list"] == 0)
    }

    @Test func theCustomersFormDoesNotOfferTheLists() throws {
        let form = try get("/customers/CUST0000002/edit", as: "otto")
        #expect(form.contains("name=\"last_name\""))
        #expect(!form.contains("name=\"red_list\"") && !form.contains("name=\"black_list\""))
    }
}
