import Foundation
import Testing
@testable import CustomerAdmin

/// The column chooser: a user's columns per section, kept in the store, chosen with a plain form, and
/// the listing's kept pages never showing one user's columns to another. A store on disk, so the page
/// cache is the real one.
@Suite struct ColumnChooserTests {
    let folder: URL
    let database: AppDatabase
    let app: App
    let clock = TestClock()
    static let host = "customers.example.test"

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("columns-\(UUID().uuidString)")
        database = try AppDatabase.open(path: folder.appendingPathComponent("customers.sqlite").path)
        for (user, role) in [("vera", Role.viewer), ("otto", .viewer)] {
            try database.setStaff(Staff(userName: user, role: role))
        }
        var customer = Customer(kind: .individual, status: .customer)
        customer.lastName = "Jallow"
        customer[text: "email"] = "jallow@example.test"
        try database.create(customer)
        var newcomer = Customer(kind: .individual, status: .newbie)
        newcomer.lastName = "Ceesay"
        try database.create(newcomer)
        app = App(database: database, clock: clock.read)
    }

    private func cleanUp() { try? FileManager.default.removeItem(at: folder) }

    private func get(_ target: String, user: String = "vera") throws -> (status: Int, body: String) {
        let response = app.handle(Request("GET", target, user: user))
        return (response.status, try response.bodyText())
    }

    /// This user's token, as the chooser's form carries it.
    private func token(_ user: String = "vera") throws -> String {
        let page = try get("/preferences/columns?section=customers", user: user).body
        return try #require(PageCacheTests.token(page))
    }

    private func post(_ fields: [(String, String)], user: String = "vera", headers: [String: String] = [:]) -> Response {
        var body = Parameters()
        for (name, value) in fields { body.append(name, value) }
        var all = ["content-type": "application/x-www-form-urlencoded", "host": Self.host]
        all.merge(headers) { $1 }
        return app.handle(
            Request(method: "POST", path: "/preferences/columns", headers: all, remoteUser: user, body: Array(body.encoded.utf8)))
    }

    /// A chooser form as a browser sends it: `shown` ticked, with these positions.
    private func choose(
        _ shown: [String], positions: [(String, String)] = [], section: String = "customers", user: String = "vera",
        action: String = "save"
    ) throws -> Response {
        var fields = [("csrf", try token(user)), ("submission", CSRFTokens.submissionKey()), ("section", section)]
        fields += shown.map { ("show", $0) } + positions.map { ("position.\($0.0)", $0.1) }
        fields.append(("action", action))
        return post(fields, user: user)
    }

    /// The listing table's column headings, in order.
    static func headings(_ page: String) -> [String] {
        guard let head = page.firstMatch(of: /<thead>(.*?)<\/thead>/) else { return [] }
        return head.output.1.matches(of: /<th[^>]*>(?:<a[^>]*>)?([^<]+)/).map { String($0.output.1).trimmingCharacters(in: .whitespaces) }
    }

    private func kept(_ user: String = "vera") throws -> [CustomerFilter.Section: [String]] {
        let member = try database.staffMember(userName: user)
        return try #require(member).preferences.columns
    }

    // MARK: - Choosing

    @Test func chosenColumnsShowInThatOrderForThatUserOnly() throws {
        defer { cleanUp() }
        let standard = FieldCatalog.standard.columns(for: .customers).map(\.label)
        #expect(Self.headings(try get("/customers?section=customers").body) == standard)

        let response = try choose(["display_name", "email", "phone"], positions: [("email", "2"), ("display_name", "3"), ("phone", "9")])
        #expect(response.status == 303)
        #expect(response.header("Location") == "/customers?section=customers")
        #expect(try kept()[.customers] == ["customer_id", "email", "display_name", "phone"])

        // vera's list shows her columns, in her order; otto on the same thread, with the same filter, the standard ones.
        let mine = try get("/customers?section=customers").body
        #expect(Self.headings(mine) == ["Customer ID", "E-mail", "Name", "Phone"])
        #expect(mine.contains("jallow@example.test"))
        #expect(Self.headings(try get("/customers?section=customers", user: "otto").body) == standard)
        #expect(Self.headings(try get("/customers?section=customers").body) == ["Customer ID", "E-mail", "Name", "Phone"])
        // Other sections keep theirs, and a fragment (search as you type) follows the choice too.
        #expect(Self.headings(try get("/customers?section=pre").body) == FieldCatalog.standard.columns(for: .pre).map { FieldCatalog.standard.listing.heading($0, in: .pre) })
        let fragment = app.handle(Request("GET", "/customers?section=customers&q=jal", user: "vera", headers: ["x-fragment": "results"]))
        #expect(Self.headings(try fragment.bodyText()) == ["Customer ID", "E-mail", "Name", "Phone"])

        // otto chooses the same: both see the same columns (one kept page serves both).
        #expect(try choose(["display_name", "email", "phone"], positions: [("email", "2"), ("display_name", "3")], user: "otto").status == 303)
        #expect(Self.headings(try get("/customers?section=customers", user: "otto").body) == ["Customer ID", "E-mail", "Name", "Phone"])
    }

    @Test func onlySortableColumnsGetSortLinks() throws {
        defer { cleanUp() }
        #expect(try choose(["active_loans", "email"]).status == 303)
        let page = try get("/customers?section=customers").body
        #expect(page.contains(#"<th scope="col" class="num">Active loans</th>"#))
        #expect(page.contains("sort=email"))
    }

    @Test func theDownloadsFollowTheChoice() throws {
        defer { cleanUp() }
        #expect(try choose(["email", "display_name"], positions: [("email", "2"), ("display_name", "3")]).status == 303)
        let csv = try get("/customers.csv?section=customers").body
        #expect(csv.split(separator: "\r\n").first.map { $0.trimmingPrefix("\u{FEFF}") } == "customer_id,email,display_name")
        let other = try get("/customers.csv?section=customers", user: "otto").body
        #expect(other.split(separator: "\r\n").first.map { String($0.trimmingPrefix("\u{FEFF}")) }?.hasPrefix("customer_id,display_name,status") == true)
    }

    @Test func theChooserOffersEveryListableFieldWithLabelsAndShowsTheCurrentChoice() throws {
        defer { cleanUp() }
        let page = try get("/preferences/columns?section=pre").body
        #expect(page.contains("<legend>Columns of the Pre-customers list, in order</legend>"))
        for field in FieldCatalog.standard.fields(where: .listable) where field.name != "customer_id" {
            #expect(page.contains(#"<label for="show-\#(field.name)">\#(field.label)</label>"#))
            #expect(page.contains(#"id="position-\#(field.name)""#))
        }
        #expect(page.contains(#"value="balance">"#), "a listable field outside the standard columns is offered, unticked")
        #expect(page.contains(#"value="phone" checked>"#))
        #expect(!page.contains(#"name="show" value="customer_id""#), "the ID cannot be removed")
        #expect(page.contains("Reset to the standard columns"))
        // The listing links to it for its section.
        #expect(try get("/customers?section=pre").body.contains(#"href="/preferences/columns?section=pre">Columns…</a>"#))
    }

    @Test func resetGoesBackToTheStandardColumns() throws {
        defer { cleanUp() }
        #expect(try choose(["email"]).status == 303)
        #expect(Self.headings(try get("/customers?section=customers").body) == ["Customer ID", "E-mail"])
        let reset = try choose(["email"], action: "reset")
        #expect(reset.status == 303 && reset.header("Location") == "/customers?section=customers")
        #expect(try kept()[.customers] == nil)
        #expect(Self.headings(try get("/customers?section=customers").body) == FieldCatalog.standard.columns(for: .customers).map(\.label))
    }

    /// A field the catalog no longer lists (or never did) is left out when read, and the page still shows.
    @Test func namesTheCatalogNoLongerHasAreIgnored() throws {
        defer { cleanUp() }
        try database.writer.write { db in
            try AppDatabase.setColumns(["retired_field", "email", "version", "email", "customer_id"], section: .customers, userName: "vera", db)
        }
        #expect(Self.headings(try get("/customers?section=customers").body) == ["Customer ID", "E-mail"])
    }

    // MARK: - The guard

    @Test func theChoiceGoesThroughTheGuard() throws {
        defer { cleanUp() }
        let fields = [("submission", CSRFTokens.submissionKey()), ("section", "customers"), ("show", "email")]
        #expect(post(fields).status == 403, "no token")
        #expect(post(fields + [("csrf", try token("otto"))]).status == 403, "another user's token")
        #expect(post(fields + [("csrf", try token())], headers: ["origin": "https://evil.example"]).status == 403)
        #expect(post(fields + [("csrf", try token())], user: "mallory").status == 403, "no role")
        #expect(try kept()[.customers] == nil)
        // A double click acts once and answers the same.
        let twice = fields + [("csrf", try token())]
        #expect(post(twice).status == 303)
        #expect(post(twice).header("Location") == "/customers?section=customers")
    }

    // MARK: - Hostile input

    @Test func badFormsAre422WithTheFormKeptAndNothingSaved() throws {
        defer { cleanUp() }
        let unknown = try choose(["email", "password_hash"])
        #expect(unknown.status == 422)
        let body = try unknown.bodyText()
        #expect(body.contains("“password_hash” is not a column"))
        #expect(body.contains(#"value="email" checked>"#), "the form comes back as sent")
        #expect(PageCacheTests.token(body) != nil, "and can be sent again")

        let many = try choose((0..<500).map { "field\($0)" })
        #expect(many.status == 422)
        #expect(try many.bodyText().contains("and 497 more"))

        let letters = try choose(["email"], positions: [("email", "abc")])
        #expect(letters.status == 422)
        #expect(try letters.bodyText().contains("The position of E-mail must be a whole number."))
        for typed in ["1e3", "--1", "0x10", "٣", ""] where !typed.isEmpty {
            #expect(try choose(["email"], positions: [("email", typed)]).status == 422, "\(typed)")
        }
        #expect(try kept()[.customers] == nil)

        let noSection = post([("csrf", try token()), ("submission", CSRFTokens.submissionKey()), ("section", "everything")])
        #expect(noSection.status == 422)
    }

    @Test func extremePositionsAreClampedAndRepeatsDropped() throws {
        defer { cleanUp() }
        let response = try choose(
            ["phone", "email", "email", "display_name", "customer_id"] + Array(repeating: "phone", count: 500),
            positions: [("phone", "9223372036854775807"), ("email", "-1"), ("display_name", "99999999999999999999999999"),
                        ("status", "-9223372036854775808")])
        #expect(response.status == 303)
        // email clamps to the first place; phone and display_name to the last, where the lower in the form goes first.
        #expect(try kept()[.customers] == ["customer_id", "email", "display_name", "phone"])
        #expect(Self.headings(try get("/customers?section=customers").body) == ["Customer ID", "E-mail", "Name", "Phone"])
    }

    @Test func anEmptyFormLeavesOnlyTheID() throws {
        defer { cleanUp() }
        #expect(try choose([]).status == 303)
        #expect(Self.headings(try get("/customers?section=customers").body) == ["Customer ID"])
    }

    @Test func movingOneFieldUpOrDownLandsWhereTyped() throws {
        defer { cleanUp() }
        let names = ["display_name", "status", "email"]
        // As the form shows them: Name 2, Status 3, E-mail 4. E-mail typed 2: before Name.
        #expect(try choose(names, positions: [("display_name", "2"), ("status", "3"), ("email", "2")]).status == 303)
        #expect(try kept()[.customers] == ["customer_id", "email", "display_name", "status"])
        // Name typed 4 (now E-mail 2, Name 3, Status 4): after Status.
        #expect(try choose(["email", "display_name", "status"], positions: [("email", "2"), ("display_name", "4"), ("status", "4")]).status == 303)
        #expect(try kept()[.customers] == ["customer_id", "email", "status", "display_name"])
    }
}
