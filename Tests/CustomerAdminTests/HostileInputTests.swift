import Foundation
import GRDB
import Testing
@testable import CustomerAdmin

#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif

/// What an attacker with a viewer login can put in the listing's URL: numbers that overflow,
/// control characters, searches of every shape, lists too broad to read in time. Every one gets a
/// page, and the responder goes on serving.
@Suite struct HostileInputTests {
    typealias SplitMix = ListingPropertyTests.SplitMix

    let database: AppDatabase
    let app: App

    init() throws {
        database = try AppDatabase.inMemory()
        try database.setStaff(Staff(userName: "vera", role: .viewer))
        app = App(database: database)
    }

    private func get(_ target: String, on app: App? = nil) -> Response {
        (app ?? self.app).handle(Request("GET", target, user: "vera"))
    }

    private func shownIDs(_ body: String) -> [String] {
        body.matches(of: /<tr data-href="\/customers\/(CUST\d+)">/).map { String($0.output.1) }
    }

    @discardableResult
    private func person(_ first: String, _ last: String) throws -> Customer {
        var customer = Customer(kind: .individual, status: .customer)
        customer.firstName = first
        customer.lastName = last
        customer.createdAt = "2026-01-10 09:00:00"
        customer.updatedAt = "2026-01-10 09:00:00"
        return try database.create(customer)
    }

    // MARK: - Numbers

    static let numericParameters = [
        "page", "per_page", "id_from", "id_to", "balance_min", "balance_max",
        "created_from", "created_to", "modified_from", "modified_to",
    ]

    /// Values that overflow, round, or are not numbers at all, as a URL carries them.
    static let hostileNumbers = [
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "9007199254740992", "9007199254740993", "-0", "+0", "0", "-1", "1e309", "-1e309",
        "NaN", "nan", "inf", "-Infinity", "0x7fffffffffffffff", String(repeating: "9", count: 400),
        "1" + String(repeating: "0", count: 30), "+5", " 7 ", "٣", "１２", "1.5", "1,5", "9999999999", "99999999999",
        "CUST9999999999", "CUST0000000", "cust9223372036854775807", "999999999999999", "999999999999999.99",
        "-999999999999999.99", "9999-12-31", "0000-01-01", "0001-01-01", "+999-01-01", "99999-12-31",
        "2024-02-29", "2025-02-29", "-2025-01-01", "2025-01-01T00:00", "",
    ]

    static func randomNumber(_ rng: inout SplitMix) -> String {
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: String(Int64(bitPattern: rng.next()))
        case 1: String(rng.next())
        case 2: String(Int64(bitPattern: rng.next()) >> Int.random(in: 0..<63, using: &rng))
        case 3:
            String(format: "%04d-%02d-%02d", Int.random(in: 0...99_999, using: &rng), Int.random(in: 0...13, using: &rng), Int.random(in: 0...32, using: &rng))
        default: hostileNumbers.randomElement(using: &rng)!
        }
    }

    @Test func theOverflowURLGetsAPage() throws {
        try database.addDemoCustomers(40)
        for target in [
            "/customers?q=ab&page=9223372036854775807", "/customers?q=cus&page=9223372036854775807&per_page=100",
            "/customers?balance_min=-1&page=9223372036854775807&sort=name", "/customers?page=9223372036854775807",
        ] {
            let response = get(target)
            #expect(response.status == 200, "\(target)")
            #expect(try response.bodyText().contains("</html>"), "\(target)")
        }
    }

    /// Random 64-bit values and hostile spellings in every numeric parameter, with and without a
    /// text search (which takes the listing down the counted paths): always a page.
    @Test func everyNumericParameterTakesAnyValue() throws {
        try database.addDemoCustomers(60)
        var rng = SplitMix(state: 20261130)
        for round in 0..<800 {
            var query = Parameters()
            switch round % 3 {
            case 0: break
            case 1: query.append("q", ["ab", "cus", "a 1", "cust00000"].randomElement(using: &rng)!)
            default: query.append("sort", CustomerFilter.SortKey.allCases.randomElement(using: &rng)!.rawValue)
            }
            for name in Self.numericParameters where Int.random(in: 0..<3, using: &rng) == 0 || round < 400 {
                query.append(name, Self.randomNumber(&rng))
            }
            let target = "/customers?" + query.encoded
            let response = get(target)
            #expect(response.status == 200, "\(target)")
            let body = try response.bodyText()
            #expect(body.contains("</html>"), "\(target)")
            let filter = CustomerFilter(query)
            #expect((1...CustomerFilter.maximumPage(perPage: filter.perPage)).contains(filter.page), "\(target)")
            #expect(CustomerFilter.pageSizes.contains(filter.perPage), "\(target)")
            for id in [filter.idFrom, filter.idTo].compactMap({ $0 }) {
                #expect((1...9_999_999_999).contains(id), "\(target)")
            }
            for day in [filter.created.from, filter.created.to, filter.modified.from, filter.modified.to].compactMap({ $0 }) {
                #expect(StoreDate.parseDay(day) != nil && day.utf8.first != UInt8(ascii: "+"), "\(target)")
            }
        }
    }

    @Test func datesHaveFourDigitYearsAndTheLastDayOfTheCalendarWorks() throws {
        for text in ["+999-01-01", "0000-01-01", " 2025-01-01", "2025-+1-01", "2025-01-+1"] {
            #expect(StoreDate.parseDay(text) == nil, "\(text)")
        }
        #expect(StoreDate.parseDay("9999-12-31") != nil)
        try person("Awa", "Jallow")
        let response = get("/customers?created_to=9999-12-31")
        #expect(response.status == 200)
        #expect(shownIDs(try response.bodyText()) == ["CUST0000001"], "the day after 9999-12-31 is no bound")
    }

    // MARK: - Control characters

    /// Every C0 control and DEL in every text field: the page answers as for the text without it,
    /// and says beside the field that something was removed (tabs and line breaks become spaces).
    @Test func controlCharactersAreRemovedFromEveryTextFieldWithAMessage() throws {
        try person("Abcde", "Jallow")
        try person("Other", "Ceesay")
        let clean = ["q": "abc", "name": "abc", "phone": "", "address": ""]
        for field in ["q", "name", "phone", "address"] {
            for control in Array(0x00...0x1F) + [0x7F] {
                let value = "ab" + String(UnicodeScalar(UInt8(control))) + "c"
                let response = get("/customers?\(field)=" + Parameters.encode(value))
                #expect(response.status == 200, "\(field) \(control)")
                let body = try response.bodyText()
                if (0x09...0x0D).contains(control) { continue }  // a space: "ab c", another search
                #expect(body.contains("id=\"\(field)-problem\""), "\(field) \(control)")
                #expect(body.contains("Control characters"), "\(field) \(control)")
                if clean[field] == "abc" { #expect(shownIDs(body) == ["CUST0000001"], "\(field) \(control)") }
                #expect(!body.contains("\u{0}"))
            }
        }
    }

    /// The bug as found: `q=ab%00c` was a 500 page on the listing and an empty CSV. Listing, CSV
    /// and Excel read the same filter, so they agree.
    @Test func nulInTheSearchGivesTheSameRowsOnTheListingAndBothDownloads() throws {
        try person("Abcde", "Jallow")
        try person("Other", "Ceesay")
        let listing = get("/customers?q=ab%00c")
        #expect(listing.status == 200)
        #expect(shownIDs(try listing.bodyText()) == ["CUST0000001"])

        let csv = get("/customers.csv?q=ab%00c")
        #expect(csv.status == 200)
        let records = String(decoding: try csv.collectBody().dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(records.count == 3 && records[1].hasPrefix("CUST0000001,Abcde Jallow,"), "\(records)")

        let xlsx = get("/customers.xlsx?q=ab%00c")
        #expect(xlsx.status == 200)
        let sheet = try Self.sheetXML(try xlsx.collectBody())
        #expect(sheet.contains("Abcde Jallow") && !sheet.contains("Other Ceesay"))
        #expect(try ListingExport(Request("GET", "/customers.xlsx?q=ab%00c"), catalog: .standard).filter.text == "abc")
    }

    /// The first sheet's XML, unzipped by python3 (the test image has no Swift zip reader).
    static func sheetXML(_ body: [UInt8]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).xlsx")
        try Data(body).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read('xl/worksheets/sheet1.xml').decode())", file.path]
        let pipe = Pipe()
        python.standardOutput = pipe
        try python.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }

    // MARK: - Search shapes

    @Test func searchWordsAreDeduplicatedAndCappedWithAMessage() throws {
        let repeated = CustomerFilter(try Parameters(urlEncoded: "q=bin+BIN+bin+sing+Bin"))
        #expect(repeated.text == "bin sing")
        #expect(repeated.problems["q"] == nil)
        let words = (1...20).map { "w\($0)" }.joined(separator: " ")
        let capped = CustomerFilter(try Parameters(urlEncoded: "q=" + Parameters.encode(words)))
        #expect(capped.text == (1...8).map { "w\($0)" }.joined(separator: " "))
        let body = try get("/customers?q=" + Parameters.encode(words)).bodyText()
        #expect(body.contains("id=\"q-problem\"") && body.contains("Only the first 8 words"))
    }

    /// Statements the connection holds: GRDB keeps a cached one for the connection's life.
    private func preparedStatements() throws -> Int {
        try database.writer.read { db in
            var count = 0
            var statement = sqlite3_next_stmt(db.sqliteConnection, nil)
            while statement != nil {
                count += 1
                statement = sqlite3_next_stmt(db.sqliteConnection, statement)
            }
            return count
        }
    }

    /// Thousands of distinct searches (short words, digits, their order, sorts, filters) leave the
    /// connection holding a bounded number of statements; before, each shape was kept for good.
    @Test func distinctSearchesKeepABoundedNumberOfStatements() throws {
        try database.addDemoCustomers(30)
        var rng = SplitMix(state: 5)
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        for _ in 0..<1_000 {
            let words = (0..<Int.random(in: 1...14, using: &rng)).map { _ -> String in
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: String(Int.random(in: 1...99, using: &rng))
                case 1: String((0..<4).map { _ in letters.randomElement(using: &rng)! })
                default: String((0..<Int.random(in: 1...2, using: &rng)).map { _ in letters.randomElement(using: &rng)! })
                }
            }
            var query = Parameters()
            query.append("q", words.joined(separator: " "))
            query.append("sort", CustomerFilter.SortKey.allCases.randomElement(using: &rng)!.rawValue)
            query.append("dir", Bool.random(using: &rng) ? "asc" : "desc")
            if Bool.random(using: &rng) { query.append("balance_min", "-5") }
            if Bool.random(using: &rng) { query.append("status", Status.allCases.randomElement(using: &rng)!.rawValue) }
            #expect(get("/customers?" + query.encoded).status == 200)
        }
        #expect(CustomerQuery.shapes.count <= StatementShapes.capacity)
        // GRDB's own statements (transactions, the store's version) come on top of the kept shapes.
        #expect(try preparedStatements() <= StatementShapes.capacity + 20)
    }

    // MARK: - Time budget

    /// Past the budget (none at all here) the listing is a page that keeps the form filled in and
    /// says how to narrow the search; the connection then serves other reads as usual.
    @Test func aListingOverItsTimeBudgetSaysHowToNarrowIt() throws {
        let hurried = try AppDatabase.inMemory(listingBudget: .zero)
        try hurried.setStaff(Staff(userName: "vera", role: .viewer))
        try hurried.addDemoCustomers(300)
        let app = App(database: hurried)
        let target = "/customers?q=cus&sort=name&page=3&status=customer"
        let response = get(target, on: app)
        #expect(response.status == 200)
        let body = try response.bodyText()
        #expect(body.contains("too broad to show in time"))
        #expect(body.contains("value=\"cus\""), "the search field keeps the search")
        #expect(body.contains("sort by customer ID") && body.contains("go back to the first page"))
        #expect(shownIDs(body).isEmpty)
        #expect(!body.contains("Something went wrong"))

        // Downloads are not held to the listing's budget: the CSV has every match.
        let csv = try get("/customers.csv?q=cus", on: app).bodyText()
        #expect(csv.components(separatedBy: "\r\n").count == 302)
        // The Excel download's count is, and answers with a page, not a 500.
        let xlsx = get("/customers.xlsx?q=cus", on: app)
        #expect(xlsx.status == 422)
        #expect(try xlsx.bodyText().contains("too broad to count in time"))
        // The progress handler is gone: a long read on the same connection runs to its end.
        let counted = try hurried.reader.read { db in
            try Int.fetchOne(db, sql: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 200000) SELECT count(*) FROM c")
        }
        #expect(counted == 200_000)
        #expect(get("/customers/CUST0000001", on: app).status == 200)
        #expect(app.handle(Request("GET", "/healthz")).status == 200)
    }

    @Test func withinItsBudgetTheSameListingShowsItsRows() throws {
        try database.addDemoCustomers(300)
        let body = try get("/customers?q=cus&sort=name&page=3").bodyText()
        #expect(shownIDs(body).count == 20)
        #expect(!body.contains("too broad"))
    }

    /// Deep pages are clamped to the deepest count before counting; the page shown is the last reachable.
    @Test func deepPagesOfCountedListsAreClampedBeforeCounting() throws {
        var filter = CustomerFilter()
        filter.text = "cus"
        filter.page = .max
        filter.perPage = 100
        let query = CustomerQuery(filter)
        #expect(query.countLimit(forPage: .max) == CustomerQuery.deepestCount)
        #expect(query.countLimit(forPage: .min) == CustomerQuery.countLimit)
        try database.addDemoCustomers(30)
        let listing = try database.listing(filter, today: Date(), countLimit: 10)
        #expect(listing.page == 1 && listing.customers.count == 30)
    }
}

/// The CSV formula guard, cell by cell through the writer.
@Suite struct CSVFormulaGuardTests {
    private final class Collector: BodyWriter {
        var bytes: [UInt8] = []
        func write(_ chunk: UnsafeRawBufferPointer) throws { bytes += chunk }
    }

    /// The cell as the file holds it.
    private func written(_ cell: String) throws -> String {
        let collector = Collector()
        var csv = CSVChunkWriter(to: collector)
        csv.text(cell)
        try csv.endRow()
        try csv.flush()
        return String(decoding: collector.bytes.dropLast(2), as: UTF8.self)
    }

    @Test func formulasBehindSpacesLineBreaksAndFullWidthSignsAreNeutralised() throws {
        let hostile = [
            "=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", " =HYPERLINK(\"http://x\")", "   +1", "\n=cmd|' /C calc'!A0",
            "\n\n@x", " \t\r\n-2", "＝1+1", "＋1", "－1", "＠SUM(A1)", " ＝1", "\n＝HYPERLINK(\"x\")", "\t＋1", "＝",
        ]
        for cell in hostile {
            let out = try written(cell)
            #expect(out.hasPrefix("'") || out.hasPrefix("\"'"), "\(cell.debugDescription) → \(out.debugDescription)")
        }
    }

    @Test func ordinaryCellsStayAsTheyAre() throws {
        for cell in ["", " ", "\n", "a=b", "Ana", " hello", "\nline", "1-2", "Ｅxample", "ｆｕｌｌ", "É", "€5", "  ", "x＝1"] {
            let out = try written(cell)
            #expect(!out.hasPrefix("'") && !out.hasPrefix("\"'"), "\(cell.debugDescription) → \(out.debugDescription)")
        }
    }
}
