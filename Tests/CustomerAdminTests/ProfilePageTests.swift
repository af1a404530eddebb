import Foundation
import GRDB
import Testing
@testable import CustomerAdmin

/// Every tab of the profile through `App.handle` (issue 11, points 3–5, 7 and its bad input): the
/// right rows in the right order, empty tabs saying so, actions by role, the credit request.
@Suite struct ProfilePageTests {
    let database: AppDatabase
    let app: App
    let seeded = App(database: ProductFixtures.seeded)

    /// ProductFixtures' known store, with staff of every role and groups for CUST0000001 and CUST0000004.
    init() throws {
        let database = try ProductFixtures.known()
        for (user, role) in [("otto", Role.officer), ("omar", .manager)] { try database.setStaff(Staff(userName: user, role: role)) }
        try database.writer.write { db in
            try db.execute(sql: """
                UPDATE customers SET gender = 'female', marital_status = 'married', tin = '1234567890', red_list = 1,
                    reliability_status = 'watch', risk_officer = 'k.jobe', monthly_income = 123456789, phone = '+220 770-1234',
                    email = 'ana@example.test', relationship_officer = 'b.njie', id_number = 'PA1234567', id_type = 'Passport',
                    credit_bureau_consent_on = '2025-01-02', created_at = '2025-01-02 10:30:00'
                WHERE id = 1;
                UPDATE customers SET kind = 'legal_entity', company_name = 'Njie & <Sons>', legal_form = 'llc', black_list = 1 WHERE id = 4;
                """)
        }
        let groups = FieldCatalog.standard
        func add(_ group: String, _ csv: String) throws {
            try database.importGroup(groups.group(named: group)!, csv: InputStream(data: Data(csv.utf8)))
        }
        try add("documents", "customer_id,type,number,issuer,issued_on\nCUST0000001,Driving licence,DL-2,,2020-05-01\nCUST0000001,voter's card,V-3,<b>IEC</b>,\n")
        try add("addresses", "customer_id,kind,address_line,city,country\nCUST0000001,registration,12 Kairaba Ave,Serekunda,The Gambia\nCUST0000001,actual,3 Atlantic Rd,Bakau,The Gambia\n")
        try add("bank_accounts", "customer_id,bank,bic,account_number,currency\nCUST0000001,Trust Bank Gambia,TBGMGMGM,000123456789,GMD\n")
        try add("contacts", "customer_id,full_name,relationship,phone\nCUST0000001,Awa Holder,spouse,+220 990-0000\nCUST0000001,Omar Holder,child,\n")
        try add("representatives", "customer_id,full_name,position,powers,valid_from\nCUST0000004,Lamin Njie,Director,Signs contracts,2020-01-01\n")
        self.database = database
        app = App(database: database, clock: { ProductFixtures.now })
    }

    private func get(_ target: String, as user: String = "vera", on app: App? = nil) throws -> (Int, String) {
        let response = (app ?? self.app).handle(Request("GET", target, user: user))
        return (response.status, try response.bodyText())
    }

    /// The text of the tab panel only (the header and tab row repeat on every tab).
    private func panel(_ body: String) -> String {
        guard let start = body.range(of: "<section class=\"card tab-panel\"") else { return "" }
        return String(body[start.lowerBound...].prefix { _ in true }.split(separator: "</main>").first ?? "")
    }

    // MARK: - Every tab

    @Test func everyTabAnswersWithItsHeadingAndItsLinkMarked() throws {
        for tab in FieldCatalog.standard.tabs {
            let (status, body) = try get("/customers/CUST0000001/\(tab.name)")
            #expect(status == 200, "\(tab.name)")
            let href = tab.name == "profile" ? "/customers/CUST0000001" : "/customers/CUST0000001/\(tab.name)"
            #expect(body.contains("<a href=\"\(href)\" aria-current=\"page\">\(tab.label)"), "\(tab.name)")
            #expect(body.contains("<h2 id=\"tab-heading\">\(tab.label)</h2>"), "\(tab.name)")
            #expect(body.contains("<title>CUST0000001 · Ana Holder · \(tab.label) · customer-admin</title>"), "\(tab.name)")
            #expect(body.components(separatedBy: "aria-current=\"page\"").count == 2, "one tab")
        }
    }

    @Test func theProfileTabShowsPersonalDataAndTheDefaultIsIt() throws {
        let (status, body) = try get("/customers/CUST0000001")
        #expect(status == 200)
        let facts = panel(body)
        #expect(facts.contains("<dt>Gender</dt><dd>Female</dd>"))
        #expect(facts.contains("<dt>Marital status</dt><dd>Married</dd>"))
        #expect(facts.contains("<dt>TIN</dt><dd>1234567890</dd>"))
        #expect(facts.contains("<dt>Education</dt><dd>—</dd>"), "an empty value says so")
        #expect(!facts.contains("Legal form"), "legal-entity fields are not shown for a person")
        #expect(facts.contains("No legal representative."))
        let (_, same) = try get("/customers/CUST0000001/profile")
        #expect(panel(same) == facts)
    }

    @Test func aLegalEntityShowsItsRegistrationAndRepresentativesWithPowers() throws {
        let (_, body) = try get("/customers/CUST0000004")
        let facts = panel(body)
        #expect(facts.contains("<dt>Legal form</dt><dd>Limited liability company</dd>"))
        #expect(!facts.contains("<dt>Gender</dt>"))
        #expect(facts.contains("<td>Lamin Njie</td><td>Director</td><td>—</td><td>Signs contracts</td><td>2020-01-01</td>"))
        #expect(body.contains("<h1>Njie &amp; &lt;Sons&gt;</h1>"))
        #expect(body.contains("<span class=\"badge list-black\">Black list</span>"))
        #expect(!body.contains("list-red"))
    }

    @Test func documentsAddressesAndContactsListTheirItemsInOrder() throws {
        let (_, documents) = try get("/customers/CUST0000001/documents")
        #expect(panel(documents).contains("<dt>ID number</dt><dd>PA1234567</dd>"))
        let first = try #require(documents.range(of: "DL-2"))
        let second = try #require(documents.range(of: "&lt;b&gt;IEC&lt;/b&gt;"))
        // A directory's value is shown by its label; the import took the value in another case.
        #expect(documents.contains("Voter&#39;s card (The Gambia)"))
        #expect(first.upperBound < second.lowerBound)
        #expect(documents.contains("Documents <span class=\"count\">(3)</span>"), "the main ID and two more")

        let (_, addresses) = try get("/customers/CUST0000001/addresses")
        let panelText = panel(addresses)
        #expect(panelText.contains("<td>Registration</td><td>12 Kairaba Ave</td>"))
        #expect(panelText.contains("<td>Actual residence</td><td>3 Atlantic Rd</td>"))
        #expect(panelText.contains("<h3>Bank details</h3>") && panelText.contains("000123456789"))

        let (_, contacts) = try get("/customers/CUST0000001/contacts")
        #expect(contacts.contains("Contacts <span class=\"count\">(2)</span>"))
        #expect(panel(contacts).contains("<td>Awa Holder</td><td>Spouse</td>"))
        #expect(panel(contacts).contains("<dt>E-mail</dt><dd>ana@example.test</dd>"))
    }

    @Test func emptyTabsSaySo() throws {
        let expected: [String: String] = [
            "documents": "No further identity documents.", "addresses": "No bank accounts.", "contacts": "No additional contacts.",
            "risk": "No open applications.", "notes": "No notes yet.",
            "files": "Files attached to the customer", "audit": "No changes match.",
        ]
        for (tab, sentence) in expected {
            let (status, body) = try get("/customers/CUST0000003/\(tab)")
            #expect(status == 200, "\(tab)")
            #expect(body.contains(sentence), "\(tab)")
        }
    }

    @Test func serviceAmlAndRiskShowTheirFieldsFormatted() throws {
        let (_, service) = try get("/customers/CUST0000001/service")
        #expect(panel(service).contains("<dt>Consent to credit-bureau transfer</dt><dd>2025-01-02</dd>"))
        #expect(panel(service).contains("<dt>Red list</dt><dd>Yes</dd>"))
        #expect(panel(service).contains("<dt>Black list</dt><dd>No</dd>"))
        #expect(service.contains("<span class=\"badge list-red\">Red list</span>"))
        // A stored UTC time is shown in the viewer's zone, with the zone named.
        #expect(panel(service).contains("<dt>Date created</dt><dd>\(Format.timestamp("2025-01-02 10:30:00", zone: Format.viewerZone))</dd>"))
        let (_, aml) = try get("/customers/CUST0000001/aml")
        #expect(panel(aml).contains("<dt>Foreign politically exposed person</dt><dd>No</dd>"))
        let (_, risk) = try get("/customers/CUST0000001/risk")
        #expect(panel(risk).contains("<dt>Reliability status</dt><dd>Under watch</dd>"))
        #expect(panel(risk).contains("<dt>Responsible employee</dt><dd>k.jobe</dd>"))
        let (_, employment) = try get("/customers/CUST0000001/employment")
        #expect(panel(employment).contains("<dt>Monthly income</dt><dd>1\u{202F}234\u{202F}567.89</dd>"))
    }

    @Test func timesReadInTheViewersZoneWithTheZoneNamed() throws {
        #expect(Format.timestamp("2026-11-22 10:05:00", zone: TimeZone(identifier: "UTC")!) == "2026-11-22 10:05 UTC")
        #expect(Format.timestamp("2026-11-22 22:05:00", zone: TimeZone(identifier: "Europe/Moscow")!) == "2026-11-23 01:05 UTC+03:00")
        #expect(Format.timestamp("2026-01-01 00:30:00", zone: TimeZone(identifier: "America/Bogota")!) == "2025-12-31 19:30 UTC-05:00")
        #expect(Format.timestamp("", zone: .current) == "")
        #expect(Format.timestamp("not a time", zone: .current) == "not a time")
    }

    // MARK: - Header and actions by role

    @Test func theHeaderCarriesContactsOfficerAndActionsByRole() throws {
        let (_, viewer) = try get("/customers/CUST0000001", as: "vera")
        #expect(viewer.contains("<a href=\"tel:+2207701234\">+220 770-1234</a>"))
        #expect(viewer.contains("<a href=\"mailto:ana@example.test\">ana@example.test</a>"))
        #expect(viewer.contains("<dt>Relationship officer</dt><dd>b.njie</dd>"))
        #expect(!viewer.contains("+ Create credit") && !viewer.contains("/edit\""))
        let (_, officer) = try get("/customers/CUST0000001", as: "otto")
        #expect(officer.contains("href=\"/customers/CUST0000001/credits/new\">+ Create credit</a>"))
        #expect(officer.contains("href=\"/customers/CUST0000001/edit\">Edit</a>"))
        let (_, credits) = try get("/customers/CUST0000001/credits", as: "vera")
        #expect(!credits.contains("credits/new"))
    }

    // MARK: - Credits and the Refinanced table

    @Test func theRefinancedTableShowsOnlyWhenThereIsOne() throws {
        let (_, ana) = try get("/customers/CUST0000001/credits")
        #expect(ana.contains("<h3>Refinanced credits</h3>"))
        #expect(ProductFixtures.linked("/credits/", in: panel(ana)).prefix(2) == ["CR-NEW-2", "CR-OLD-1"])
        let (_, only) = try get("/customers/CUST0000004/credits")
        #expect(!only.contains("Refinanced credits"))
    }

    // MARK: - + Create credit

    private func token(_ user: String) throws -> String {
        let page = try get("/customers/CUST0000001/credits/new", as: user).1
        return try #require(PageCacheTests.token(page))
    }

    private func request(_ user: String, _ fields: [(String, String)], customer: String = "CUST0000001") throws -> Response {
        var body = Parameters()
        for (name, value) in fields { body.append(name, value) }
        body.append("submission", CSRFTokens.submissionKey())
        return app.handle(Request(
            method: "POST", path: "/customers/\(customer)/credits",
            headers: ["content-type": "application/x-www-form-urlencoded", "host": "x.test"], remoteUser: user,
            body: Array(body.encoded.utf8)))
    }

    private func snapshot() throws -> [Row] {
        try database.reader.read { db in try Row.fetchAll(db, sql: "SELECT * FROM customers ORDER BY id") }
    }

    @Test func anOfficerRequestsACreditThatAppearsInTheCreditsTabAndNothingElseChanges() throws {
        let before = try snapshot()
        let (_, form) = try get("/customers/CUST0000001/credits/new", as: "otto")
        #expect(form.contains("<option value=\"Microloan\">Microloan · 35.00\u{00A0}% · 6–18 months</option>"))
        #expect(form.contains("name=\"currency\" type=\"text\" inputmode=\"text\" maxlength=\"3\" value=\"GMD\""), "the customer's currency first")
        let response = try request("otto", [
            ("csrf", try token("otto")), ("product", "Microloan"), ("amount", "2500.50"), ("currency", "gmd"),
            ("term_months", "12"), ("purpose", "Stock for <the> stall"),
        ])
        #expect(response.status == 303)
        let location = try #require(response.header("Location"))
        #expect(location.hasPrefix("/customers/CUST0000001/credits?requested=CR"))
        let (_, credits) = try get(location)
        #expect(credits.contains("role=\"status\">Credit <a class=\"mono\" href=\"/credits/CR"))
        #expect(credits.contains("<span class=\"badge tone-pending\">Requested</span>"))
        #expect(credits.contains("2\u{202F}500.50&nbsp;GMD"))
        #expect(try get("/customers/CUST0000001/risk").1.contains("Stock for &lt;the&gt; stall"), "an open application on the risk tab")
        #expect(try snapshot() == before, "a request changes no customer data (requested is not active)")
    }

    static let badRequests: [(fields: [(String, String)], field: String, words: String)] = [
        ([("product", "Yacht loan"), ("amount", "100"), ("currency", "GMD"), ("term_months", "12")], "product", "Choose a product"),
        ([("product", "Microloan"), ("amount", ""), ("currency", "GMD"), ("term_months", "12")], "amount", "Enter the amount"),
        ([("product", "Microloan"), ("amount", "-5"), ("currency", "GMD"), ("term_months", "12")], "amount", "more than 0"),
        ([("product", "Microloan"), ("amount", "99999999999999999999999"), ("currency", "GMD"), ("term_months", "12")], "amount", "like 2500"),
        ([("product", "Microloan"), ("amount", "100"), ("currency", "G1"), ("term_months", "12")], "currency", "three-letter"),
        ([("product", "Microloan"), ("amount", "100"), ("currency", "GMD"), ("term_months", "99999999999")], "term_months", "whole months"),
        ([("product", "Microloan"), ("amount", "100"), ("currency", "GMD"), ("term_months", "60")], "term_months", "6 to 18 months"),
        ([("product", "Microloan"), ("amount", "100"), ("currency", "GMD"), ("term_months", "12"), ("purpose", String(repeating: "x", count: 201))], "purpose", "At most 200"),
        ]

    @Test(arguments: badRequests)
    func aBadRequestComesBackWithTheProblemBesideItsField(case bad: (fields: [(String, String)], field: String, words: String)) throws {
        let (fields, field, words) = bad
        let before = try database.reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM credits") }
        let response = try request("otto", [("csrf", try token("otto"))] + fields)
        #expect(response.status == 422)
        let body = try response.bodyText()
        #expect(body.contains("<p class=\"field-problem\" id=\"\(field)-problem\">"), "\(body)")
        #expect(body.contains(words))
        #expect(body.contains("aria-invalid=\"true\" aria-describedby=\"\(field)-problem\""))
        #expect(body.contains("role=\"alert\""))
        #expect(PageCacheTests.token(body) != nil, "the form shown again can be sent again")
        if let amount = fields.first(where: { $0.0 == "amount" })?.1, amount.count < 20 {
            #expect(body.contains("value=\"\(amount)\""), "typed values are kept")
        }
        #expect(try database.reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM credits") } == before)
    }

    @Test func aViewerMayNotRequestACreditNorOpenTheForm() throws {
        #expect(try get("/customers/CUST0000001/credits/new", as: "vera").0 == 403)
        let viewerToken = try #require(PageCacheTests.token(try get("/customers", as: "vera").1))
        let response = try request("vera", [("csrf", viewerToken), ("product", "Microloan"), ("amount", "1"), ("currency", "GMD"), ("term_months", "12")])
        #expect(response.status == 403)
        #expect(try request("otto", [("product", "Microloan")]).status == 403, "no token, no credit")
        #expect(try request("otto", [("csrf", try token("otto")), ("product", "Microloan")], customer: "CUST0000999").status == 404)
    }

    // MARK: - Bad input

    @Test(arguments: [
        "/customers/CUST12/portfolio", "/customers/CUST0000001/unknown", "/customers/CUST0000999/notes",
        "/policies/../../etc/passwd", "/customers/CUST0000001/credits/old", "/customers/CUST0000001/portfolio/x",
        "/customers/CUST00000001", "/customers/%00/profile",
    ])
    func badAddressesAre404(target: String) throws {
        let (status, body) = try get(target)
        #expect(status == 404, "\(target)")
        #expect(body.contains("</html>"))
    }

    @Test(arguments: ["99999999999999999999", "-1", "abc", "0", "3"])
    func aPageOutOfRangeShowsTheNearestOne(page: String) throws {
        for tab in ["portfolio", "payments", "claims", "credits", "documents", "contacts", "profile"] {
            let (status, _) = try get("/customers/CUST0000001/\(tab)?page=\(page)")
            #expect(status == 200, "\(tab) \(page)")
        }
    }

    // MARK: - Seeded store

    @Test func aHeavyCustomersTabsAnswerAndArePaged() throws {
        let heavy = CustomerID(number: try #require(ProductFixtures.heavy.first))
        for tab in FieldCatalog.standard.tabs.map(\.name) {
            let (status, _) = try get("/customers/\(heavy)/\(tab)", on: seeded)
            #expect(status == 200, "\(tab)")
        }
        let (_, portfolio) = try get("/customers/\(heavy)/portfolio?page=10", on: seeded)
        #expect(portfolio.contains("Showing 181–200 of 2"))
    }

    @Test func seededProfilesShowTheirGroups() throws {
        let counts = try ProductFixtures.seeded.reader.read { db in
            try Int64.fetchOne(db, sql: "SELECT customer_id FROM customer_contacts GROUP BY 1 HAVING count(*) >= 2 LIMIT 1")
        }
        let id = CustomerID(number: try #require(counts))
        let (_, contacts) = try get("/customers/\(id)/contacts", on: seeded)
        #expect(ProductPageTestsSupport.rows(in: panel(contacts)) >= 2)
    }
}

enum ProductPageTestsSupport {
    /// Table rows of the related tables in a piece of page.
    static func rows(in html: String) -> Int { html.components(separatedBy: "<tr><td").count - 1 }
}
