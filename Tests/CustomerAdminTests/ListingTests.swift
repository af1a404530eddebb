import Foundation
import Testing
@testable import CustomerAdmin

/// The listing as staff use it, through `App.handle` without a server.
@Suite struct ListingTests {
    let database: AppDatabase
    let app: App

    init() throws {
        database = try AppDatabase.inMemory()
        try database.setStaff(Staff(userName: "vera", role: .viewer))
        app = App(database: database)
    }

    private func get(_ target: String, headers: [String: String] = [:]) throws -> (Response, String) {
        let response = app.handle(Request("GET", target, user: "vera", headers: headers))
        return (response, try response.bodyText())
    }

    @discardableResult
    private func person(_ first: String, _ last: String, status: Status = .customer, phone: String = "", created: String = "2026-01-10 09:00:00") throws -> Customer {
        var customer = Customer(kind: .individual, status: status)
        customer.firstName = first
        customer.lastName = last
        customer[text: "phone"] = phone
        customer.createdAt = created
        return try database.create(customer)
    }

    /// IDs in the order the table shows them.
    private func shownIDs(_ body: String) -> [String] {
        body.matches(of: /<tr data-href="\/customers\/(CUST\d+)">/).map { String($0.output.1) }
    }

    @Test func rootRedirectsToTheListing() {
        let response = app.handle(Request("GET", "/", user: "vera"))
        #expect(response.status == 303)
        #expect(response.header("Location") == "/customers")
    }

    @Test func showsTwentyRowsNewestFirstWithTotals() throws {
        for index in 1...45 { try person("Name\(index)", "Last", status: index <= 5 ? .newbie : .customer) }
        let (response, body) = try get("/customers")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/html; charset=utf-8")
        let ids = shownIDs(body)
        #expect(ids.count == 20)
        #expect(ids.first == "CUST0000045")
        #expect(body.contains("Showing 1–20 of 45"))
        #expect(body.contains("Pre-customers <span class=\"count\">(5)</span>"))
        #expect(body.contains("Customers <span class=\"count\">(40)</span>"))
    }

    @Test func pagesNeverRepeatOrSkipRows() throws {
        for index in 1...45 { try person("Name\(index)", "Same") }
        var seen: [String] = []
        for page in 1...3 {
            let (_, body) = try get("/customers?sort=name&page=\(page)")
            seen += shownIDs(body)
        }
        #expect(seen.count == 45)
        #expect(Set(seen).count == 45)
        let (_, third) = try get("/customers?sort=name&page=3")
        #expect(third.contains("Showing 41–45 of 45"))
    }

    @Test func deepPagesAreClampedAndHostilePagingIsHarmless() throws {
        for index in 1...30 { try person("N\(index)", "L") }
        for target in ["/customers?page=99999999", "/customers?page=-1", "/customers?page=abc", "/customers?per_page=1000000", "/customers?per_page=x&sort=drop%20table&dir=sideways&nonsense=1"] {
            let (response, body) = try get(target)
            #expect(response.status == 200, "\(target)")
            #expect(!shownIDs(body).isEmpty, "\(target)")
        }
        let (_, last) = try get("/customers?page=99999999")
        #expect(last.contains("Showing 21–30 of 30"))
        let (_, big) = try get("/customers?per_page=1000000")
        #expect(shownIDs(big).count == 30)
    }

    /// Past 1,000 matches the list is not counted to its end: it says so and has no "Last" link; a
    /// deep page counts further, so paging on always works.
    @Test func longListsAreNotCountedToTheEndButStillPage() throws {
        try database.addDemoCustomers(1_100)
        let matchAll = "balance_min=-100000000"
        let (_, first) = try get("/customers?\(matchAll)")
        #expect(first.contains("Showing 1–20 of more than 1,000"))
        #expect(!first.contains("Last »"))
        #expect(first.contains("rel=\"next\""))
        #expect(shownIDs(first).first == "CUST0001100")
        let (_, deep) = try get("/customers?\(matchAll)&page=54")
        #expect(deep.contains("Showing 1,061–1,080 of 1,100"))
        let ids = shownIDs(deep)
        #expect(ids.first == "CUST0000040" && ids.last == "CUST0000021")
    }

    @Test func malformedEscapesAreABadRequest() throws {
        for target in ["/customers?q=%zz", "/customers?q=%ff", "/customers?q=%"] {
            let (response, body) = try get(target)
            #expect(response.status == 400, "\(target)")
            #expect(body.contains("role=\"alert\""))
        }
    }

    @Test func hostileNamesShowAsText() throws {
        try person("<script>alert(1)</script>", "O'Brien \"Q\"")
        let (_, body) = try get("/customers?q=script")
        #expect(body.contains("&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien &quot;Q&quot;"))
        #expect(!body.contains("<script>alert"))
    }

    @Test func searchFindsFragmentsInAnyScriptAndPhoneDigits() throws {
        try person("Binta", "Singhaten", phone: "+220 770-1234")
        try person("Иван", "Сингхатенов", phone: "+7 912 345-67-89")
        try person("Ștefan", "Mărginean", phone: "+40 721 234 567")
        #expect(shownIDs(try get("/customers?q=bin").1) == ["CUST0000001"])
        #expect(shownIDs(try get("/customers?q=%D1%81%D0%B8%D0%BD%D0%B3%D1%85").1) == ["CUST0000002"])  // "сингх"
        #expect(shownIDs(try get("/customers?q=7701234").1) == ["CUST0000001"])
        #expect(shownIDs(try get("/customers?q=m%C4%83rg").1) == ["CUST0000003"])  // "mărg"
        #expect(shownIDs(try get("/customers?q=bin+sing").1) == ["CUST0000001"])
        #expect(shownIDs(try get("/customers?q=bin+xyz").1).isEmpty)
    }

    /// Names and addresses are found with or without their accents, in either Romanian spelling of ș.
    @Test func searchIgnoresDiacriticsOfNamesAndAddresses() throws {
        var stefania = try person("Ștefania", "Gheorghe")
        stefania[text: "city"] = "Brașov"
        try database.writer.write { db in try stefania.update(db) }
        try person("José", "Gómez Peña")
        try person("Ёлка", "Фёдорова")
        try person("Stefan", "Plain")
        for (query, names) in [
            ("q=stefania", ["Ștefania Gheorghe"]), ("q=%C5%9Etefania", ["Ștefania Gheorghe"]),
            ("q=gomez", ["José Gómez Peña"]), ("q=G%C3%B3mez", ["José Gómez Peña"]), ("name=pena", ["José Gómez Peña"]),
            ("address=brasov", ["Ștefania Gheorghe"]), ("q=%D1%84%D0%B5%D0%B4%D0%BE%D1%80", ["Ёлка Фёдорова"]),
            ("q=stefan", ["Stefan Plain", "Ștefania Gheorghe"]),
        ] {
            let (_, body) = try get("/customers?\(query)")
            let shown = body.matches(of: /<td class="name">([^<]*)<\/td>/).map { String($0.output.1) }
            #expect(shown == names, "\(query)")
        }
    }

    @Test func foldingInSQLMatchesFoldingOfSearchWords() throws {
        for (letter, base) in SearchFolding.baseLetters {
            let sql = try database.reader.read { db in
                try String.fetchOne(
                    db, sql: "SELECT \(SearchFolding.foldedSQL(SearchFolding.foldedSQL("?", stage: 0), stage: 1))",
                    arguments: ["x\(letter)y"])
            }
            #expect(sql == "x\(base)y")
            #expect(SearchFolding.folded("x\(letter)y") == "x\(base)y")
        }
    }

    @Test func shortWordsMatchTheStartOfNames() throws {
        try person("Binta", "Singhaten")
        try person("Lamin", "Ceesay")
        #expect(shownIDs(try get("/customers?q=bi").1) == ["CUST0000001"])
        #expect(shownIDs(try get("/customers?q=ce").1) == ["CUST0000002"])
        #expect(shownIDs(try get("/customers?q=2").1) == ["CUST0000002"])
    }

    @Test func ftsSyntaxAndHugeQueriesNeverFail() throws {
        try person("Binta", "Singhaten")
        let long = String(repeating: "abc", count: 4000)
        for q in ["\"", "\"unbalanced", "bin*", "NEAR(a b)", "names:bin", "(bin", "' OR 1=1 --", "a\"b\"c", long] {
            let (response, body) = try get("/customers?q=" + Parameters.encode(q))
            #expect(response.status == 200, "\(q.prefix(20))")
            #expect(!body.contains("fts5"), "\(q.prefix(20))")
        }
        let (_, body) = try get("/customers?q=" + long)
        #expect(body.contains("The search was cut"))
    }

    @Test func filtersCombineAndShowAsRemovableChips() throws {
        try person("Awa", "Jallow", status: .blocked, created: "2025-03-01 10:00:00")
        try person("Ebrima", "Sanneh", status: .blocked, created: "2024-01-01 10:00:00")
        try person("Fatou", "Ceesay", status: .customer, created: "2025-03-02 10:00:00")
        let (_, body) = try get("/customers?status=blocked&created_from=2025-01-01&created_to=2025-12-31")
        #expect(shownIDs(body) == ["CUST0000001"])
        #expect(body.contains("Status: Blocked"))
        #expect(body.contains("Created: 2025-01-01 – 2025-12-31"))
        #expect(body.contains("Clear all"))
        // Reversed ranges are read the right way round.
        #expect(shownIDs(try get("/customers?created_from=2025-12-31&created_to=2025-01-01").1).count == 2)
    }

    @Test func impossibleDatesGetAMessageBesideTheField() throws {
        try person("Awa", "Jallow")
        let (response, body) = try get("/customers?created_from=2025-02-30")
        #expect(response.status == 200)
        #expect(body.contains("id=\"created_from-problem\""))
        #expect(body.contains("is not a date of the calendar"))
        #expect(shownIDs(body).count == 1)
    }

    @Test func emptyResultOffersToClearFilters() throws {
        try person("Awa", "Jallow")
        let (_, body) = try get("/customers?q=zzzzz")
        #expect(body.contains("No customers match"))
        #expect(body.contains("Clear filters"))
    }

    @Test func fragmentRequestReturnsOnlyTheResults() throws {
        try person("Awa", "Jallow")
        let (_, body) = try get("/customers?q=awa", headers: ["x-fragment": "results"])
        #expect(!body.contains("<html"))
        #expect(shownIDs(body) == ["CUST0000001"])
    }

    @Test func unknownCustomerIsANotFoundPage() throws {
        for target in ["/customers/CUST9999999", "/customers/nonsense", "/nowhere"] {
            let (response, body) = try get(target)
            #expect(response.status == 404, "\(target)")
            #expect(body.contains("404"))
        }
    }

    @Test func requestsWithoutAKnownUserAreRefused() throws {
        #expect(app.handle(Request("GET", "/customers")).status == 403)
        #expect(app.handle(Request("GET", "/customers", user: "mallory")).status == 403)
        #expect(app.handle(Request("GET", "/healthz")).status == 200)
        #expect(App(database: database, devUser: "vera").handle(Request("GET", "/customers")).status == 200)
    }
}
