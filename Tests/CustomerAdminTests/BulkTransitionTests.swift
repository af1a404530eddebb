import Foundation
import GRDB
import Testing
@testable import CustomerAdmin

/// `POST /customers/status` (issue 13, point 3): a manager moves the customers ticked in the listing
/// with one reason, each checked and audited as the profile's form does it, all or nothing. The
/// known store: 1, 2 and 4 are Customers (1 and 2 hold policies), 3 is a Prospect.
@Suite struct BulkTransitionTests {
    let database: AppDatabase
    let app: App
    let clock: TestClock

    init() throws {
        (database, app, clock) = try ProductFixtures.knownWithStaff()
    }

    private func bulk(
        _ ids: [String], _ fields: [(String, String)], as user: String = "omar", token: Bool = true
    ) throws -> Response {
        try app.post("/customers/status", ids.map { ("id", $0) } + fields, as: user, now: clock.now, token: token)
    }

    private let block = [("status", "blocked"), ("reason_category", "kyc_aml"), ("reason", "Source of funds unclear")]

    /// Every customer's status and version, and the audit trail's length: what "nothing changed" compares.
    private func snapshot() throws -> [String] {
        try database.reader.read { db in
            try String.fetchAll(db, sql: "SELECT id || ':' || status || ':' || version FROM customers ORDER BY id")
                + [String(try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") ?? 0)]
        }
    }

    private func statusRows(_ number: Int64) throws -> [Row] {
        try database.reader.read {
            try Row.fetchAll($0, sql: "SELECT * FROM audit_log WHERE customer_id = ? AND field = 'status' ORDER BY id", arguments: [number])
        }
    }

    private func status(_ number: Int64) throws -> Status? { try database.customer(number: number)?.status }

    @Test func aManagerBlocksTheTickedCustomersEachAuditedAndComesBackToTheListing() throws {
        let versions = try [1, 2].map { try #require(try database.customer(number: $0)?.version) }
        let back = "section=customers&status=customer&sort=name&dir=asc&page=1"
        let moved = try bulk(["CUST0000001", "cust0000002", "CUST0000001"], block + [("back", back)])
        #expect(moved.status == 303)
        let location = try #require(moved.header("Location"))
        #expect(location == "/customers?section=customers&status=customer&sort=name&dir=asc&flash=moved&count=2&to=blocked")
        #expect(try status(1) == .blocked && status(2) == .blocked)
        #expect(try status(4) == .customer, "an unticked customer stays")
        for (number, version) in zip([Int64(1), 2], versions) {
            let rows = try statusRows(number)
            #expect(rows.count == 1, "one audit row per customer, the duplicate ID counted once")
            #expect(rows.first?["user_name"] as String? == "omar")
            #expect(rows.first?["old_value"] as String? == "customer" && rows.first?["new_value"] as String? == "blocked")
            #expect(rows.first?["reason"] as String? == "KYC/AML risk: Source of funds unclear", "the single move's wording")
            #expect(try database.customer(number: number)?.version == version + 1)
        }
        let listing = try app.handle(Request("GET", location, user: "omar")).bodyText()
        #expect(listing.contains("<p class=\"flash\" role=\"status\">2 customers moved to Blocked</p>"))
        let profile = try app.handle(Request("GET", "/customers/CUST0000002", user: "otto")).bodyText()
        #expect(profile.contains("by omar: KYC/AML risk: Source of funds unclear"))
    }

    @Test func anEditFormOpenedBeforeTheBulkMoveIsStale() throws {
        let form = try app.handle(Request("GET", "/customers/CUST0000001/edit", user: "otto")).bodyText()
        let version = try #require(form.firstMatch(of: /name="version" value="(\d+)"/)?.output.1)
        #expect(try bulk(["CUST0000001"], block).status == 303)
        let save = try app.post(
            "/customers/CUST0000001", [("version", String(version)), ("first_name", "Ana"), ("last_name", "Holder")],
            as: "otto", now: clock.now)
        #expect(save.status == 409)
        #expect(try status(1) == .blocked)
    }

    @Test func oneRefusedCustomerMovesNoneAndThePageSaysWhichAndWhy() throws {
        let before = try snapshot()
        // To Dormant: 1 and 2 may (Customers); 3 is a Prospect, and no move leads from Prospect to Dormant.
        let refused = try bulk(
            ["CUST0000001", "CUST0000003", "CUST0000002"],
            [("status", "dormant"), ("reason_category", "inactivity"), ("reason", "Quiet <since> spring"), ("back", "section=customers")])
        #expect(refused.status == 422)
        #expect(try snapshot() == before, "nothing changed, no audit row")
        let page = try refused.bodyText()
        #expect(page.contains("Nothing was changed: 1 of 3 customers cannot move to Dormant."))
        let row = try #require(page.firstMatch(of: /<tr class="refused">(.*?)<\/tr>/)?.output.1)
        #expect(row.contains("CUST0000003") && row.contains("A customer cannot move from Prospect to Dormant."))
        // The form as sent: the move, the reason and the three customers still ticked, the listing to come back to.
        #expect(page.contains("<option value=\"dormant\" selected>Dormant</option>"))
        #expect(page.contains("<option value=\"inactivity\" selected>No activity</option>"))
        #expect(page.contains("value=\"Quiet &lt;since&gt; spring\""))
        #expect(page.matches(of: /type="checkbox" name="id" value="CUST000000\d" form="bulk-status" aria-label="Select CUST000000\d" checked/).count == 3)
        #expect(page.contains("name=\"back\" value=\"section=customers\""))
        #expect(page.contains("name=\"csrf\" value=\""))
    }

    @Test func theMinimumDataThatIsMissingIsNamedPerCustomer() throws {
        let before = try snapshot()
        // Back to Prospect needs a national ID, an ID document and an address, which the store's customers lack.
        let refused = try bulk(["CUST0000001", "CUST0000004"], [("status", "prospect"), ("reason_category", "data_correction"), ("reason", "re-check")])
        #expect(refused.status == 422)
        let page = try refused.bodyText()
        #expect(page.matches(of: /To become a Prospect the customer needs: National ID, ID type, ID number, Address line, City\./).count == 2)
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.contains("<script>alert(1)"), "the hostile name escaped")
        #expect(try snapshot() == before)
    }

    @Test func aClosedCustomerInTheSetStopsTheWholeMove() throws {
        #expect(try app.post("/customers/CUST0000004/status", [("status", "closed"), ("reason_category", "customer_request"), ("reason", "left")],
                             as: "omar", now: clock.now).status == 303)
        let before = try snapshot()
        let refused = try bulk(["CUST0000001", "CUST0000004"], block)
        #expect(refused.status == 422)
        #expect(try refused.bodyText().contains("A customer cannot move from Closed to Blocked."))
        #expect(try snapshot() == before)
    }

    @Test func theSecondOfTwoRacingManagersSeesTheFirstsResult() throws {
        #expect(try bulk(["CUST0000001", "CUST0000002"], block).status == 303)
        let second = try bulk(["CUST0000002"], block, as: "mona")
        #expect(second.status == 422)
        #expect(try second.bodyText().contains("The customer is already Blocked."))
        #expect(try statusRows(2).count == 1)
    }

    struct BadInput: Sendable, CustomStringConvertible {
        var ids: [String]
        var fields: [(String, String)]
        var words: String
        var description: String { words }

        init(_ ids: [String], status: String? = "blocked", category: String? = "kyc_aml", reason: String? = "x", _ words: String) {
            self.ids = ids
            let named: [(String, String?)] = [("status", status), ("reason_category", category), ("reason", reason)]
            fields = named.compactMap { name, value in value.map { (name, $0) } }
            self.words = words
        }
    }

    static let badInputs: [BadInput] = [
        BadInput([], "Tick at least one customer"),
        BadInput(["CUST12"], "Not a customer ID"),
        BadInput(["<b>CUST0000001</b>"], "&lt;b&gt;CUST0000001&lt;/b&gt;"),
        BadInput(["CUST9999999", "CUST0000001"], "There is no such customer."),
        BadInput(["CUST0000001"], status: "vip", "“vip” is not a status"),
        BadInput(["CUST0000001"], status: "", "is not a status"),
        BadInput(["CUST0000001"], reason: nil, "Describe the reason in a few words"),
        BadInput(["CUST0000001"], reason: " \n ", "Describe the reason in a few words"),
        BadInput(["CUST0000001"], reason: String(repeating: "x", count: 10_000), "at most 1,000 characters; this one has 10,000"),
        BadInput(["CUST0000001"], reason: "a\u{1B}b", "control character"),
        BadInput(["CUST0000001"], category: nil, "Give the reason for the change"),
        BadInput(["CUST0000001"], category: "customer_request", "is not a reason to move to Blocked"),
        BadInput(["CUST0000001", "CUST0000002"], status: "customer", category: "other", "The customer is already Customer."),
    ]

    @Test(arguments: badInputs)
    func badInputSaysWhatIsWrongAndChangesNothing(_ bad: BadInput) throws {
        let before = try snapshot()
        let response = try bulk(bad.ids, bad.fields)
        let body = try response.bodyText()
        #expect(response.status == 422)
        #expect(body.contains(bad.words), "\(body.suffix(3000))")
        #expect(try snapshot() == before)
    }

    @Test func atMostFiveHundredDistinctCustomersDuplicatesCountingOnce() throws {
        let before = try snapshot()
        let tooMany = try bulk((1...501).map { String(format: "CUST%07d", $0) }, block)
        #expect(tooMany.status == 422)
        #expect(try tooMany.bodyText().contains("At most 500 customers can change status at once; 501 were ticked."))
        // 500 distinct IDs are read (the store has four, so the rest are refused as unknown), and one ID
        // sent 2,000 times in two spellings is one customer.
        let fiveHundred = try bulk((1...500).map { String(format: "CUST%07d", $0) }, block)
        #expect(fiveHundred.status == 422)
        #expect(try fiveHundred.bodyText().contains("Nothing was changed: 496 of 500 customers cannot move to Blocked."))
        #expect(try snapshot() == before)
        let repeated = try bulk(Array(repeating: "CUST0000001", count: 1_000) + Array(repeating: "cust0000001", count: 1_000), block)
        #expect(repeated.status == 303)
        #expect(repeated.header("Location")?.contains("count=1&to=blocked") == true)
        #expect(try statusRows(1).count == 1)
    }

    @Test func viewersAndOfficersAreRefusedAndATokenIsNeeded() throws {
        try database.setStaff(Staff(userName: "vera", role: .viewer))
        let before = try snapshot()
        for user in ["vera", "otto"] {
            let refused = try bulk(["CUST0000001"], block, as: user)
            #expect(refused.status == 403)
            #expect(try refused.bodyText().contains("that needs the manager role"))
        }
        #expect(try bulk(["CUST0000001"], block, token: false).status == 403)
        // Another user's token: vera's, sent by omar.
        let veras = try app.tokens.token(for: "vera", day: CSRFTokens.day(clock.now))
        let stolen = try app.post("/customers/status", [("csrf", veras), ("id", "CUST0000001")] + block, as: "omar", now: clock.now, token: false)
        #expect(stolen.status == 403)
        #expect(try snapshot() == before)
        #expect(try bulk(["CUST0000001"], block, as: "ada").status == 303, "an admin may too")
    }

    @Test func theFlashTakesOnlyACountInRangeAndAKnownStatus() throws {
        func flash(_ query: String) throws -> String? {
            let page = try app.handle(Request("GET", "/customers?" + query, user: "vera")).bodyText()
            return page.firstMatch(of: /<p class="flash" role="status">([^<]*)<\/p>/).map { String($0.output.1) }
        }
        #expect(try flash("flash=moved&count=1&to=dormant") == "1 customer moved to Dormant")
        #expect(try flash("flash=moved&count=500") == "500 customers moved")
        #expect(try flash("flash=moved&count=2&to=%3Cscript%3E") == "2 customers moved")
        for count in ["0", "501", "-3", "99999999999999999999999", "1e3", ""] {
            #expect(try flash("flash=moved&count=\(count)&to=blocked") == nil, "\(count)")
        }
    }
}

/// The listing's side of the bulk move: checkboxes and the form for roles that may change statuses
/// only, and a kept page with no one's token in it.
@Suite struct BulkTransitionListingTests {
    let folder: URL
    let database: AppDatabase
    let app: App
    let clock = TestClock()

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulk-\(UUID().uuidString)")
        // A store on disk: only there are listing pages kept between requests.
        database = try AppDatabase.open(path: folder.appendingPathComponent("customers.sqlite").path)
        for (user, role) in [("vera", Role.viewer), ("otto", .officer), ("omar", .manager), ("mona", .manager), ("ada", .admin)] {
            try database.setStaff(Staff(userName: user, role: role))
        }
        for last in ["Jallow", "Ceesay"] {
            var customer = Customer(kind: .individual, status: .customer)
            customer.lastName = last
            try database.create(customer)
        }
        app = App(database: database, clock: clock.read)
    }

    private func cleanUp() { try? FileManager.default.removeItem(at: folder) }

    private func listing(_ user: String, headers: [String: String] = [:]) throws -> String {
        try app.handle(Request("GET", "/customers", user: user, headers: headers)).bodyText()
    }

    @Test func onlyRolesThatMayChangeStatusesSeeCheckboxesAndTheForm() throws {
        defer { cleanUp() }
        for (user, shown) in [("vera", false), ("otto", false), ("omar", true), ("ada", true)] {
            let page = try listing(user)
            #expect(page.contains("Jallow"), "\(user)")
            #expect(page.contains("aria-label=\"Select CUST0000001\"") == shown, "\(user)")
            #expect(page.contains("action=\"/customers/status\"") == shown, "\(user)")
            #expect(page.contains("Apply to selected") == shown, "\(user)")
        }
        // The checkboxes belong to the form by its id, so it works without JavaScript.
        let page = try listing("omar")
        #expect(page.contains("<form id=\"bulk-status\" class=\"bulk-status\" method=\"post\" action=\"/customers/status\">"))
        #expect(page.contains("<input type=\"checkbox\" name=\"id\" value=\"CUST0000002\" form=\"bulk-status\" aria-label=\"Select CUST0000002\">"))
        // The results region alone (search as you type) carries them too, with a token.
        let fragment = try listing("omar", headers: ["x-fragment": "results"])
        #expect(fragment.contains("aria-label=\"Select CUST0000001\"") && PageCacheTests.token(fragment) != nil)
        #expect(try !listing("vera", headers: ["x-fragment": "results"]).contains("type=\"checkbox\""))
    }

    @Test func theKeptListingHoldsNoTokenAndEachManagerGetsTheirOwn() throws {
        defer { cleanUp() }
        let omars = try listing("omar")
        let omarsToken = try #require(PageCacheTests.token(omars))
        // The page omar's request kept, under the key the listing uses: read from the cache, not rendered.
        var reads = 0
        let key = PageCache.Key(
            page: .listing, role: .manager, day: CSRFTokens.day(clock.now), filter: CustomerFilter(),
            columns: database.catalog.columns(for: .all, chosen: nil).map(\.name))
        let kept = try app.pages.page(key, database: database, read: { store in
            reads += 1
            return try store.versionedRead { _ in () }
        }, render: { _ in "not kept" }).filled { FormTicket(csrf: "SLOT", submission: "SLOT") }.rendered
        #expect(reads == 0, "the manager's listing was kept")
        #expect(kept.contains("aria-label=\"Select CUST0000001\""))
        #expect(!kept.contains(omarsToken) && !kept.contains("omar"))
        #expect(kept.matches(of: /name="csrf" value="SLOT"/).count == 2, "the bulk form's and the page size's slots")
        // Mona gets the same kept page with her own token in both forms.
        let monas = try listing("mona")
        #expect(!monas.contains(omarsToken))
        let monasToken = try #require(PageCacheTests.token(monas))
        #expect(monas.matches(of: /name="csrf" value="([0-9a-f]+)"/).allSatisfy { String($0.output.1) == monasToken })
    }
}
