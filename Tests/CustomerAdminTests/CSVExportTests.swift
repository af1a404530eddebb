import Foundation
import GRDB
import Testing
@testable import CustomerAdmin

#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif

/// `GET /customers.csv` through `App.handle`: the filtered list, cell by cell, with hostile values.
@Suite struct CSVExportTests {
    let database: AppDatabase
    let app: App

    init() throws {
        database = try AppDatabase.inMemory()
        try database.setStaff(Staff(userName: "alice", role: .viewer))
        app = App(database: database)
    }

    private func get(_ target: String) -> Response {
        app.handle(Request("GET", target, user: "alice"))
    }

    /// The body without its BOM, split into CRLF-ended records (a quoted cell may hold line breaks).
    private func records(_ response: Response) throws -> [String] {
        let bytes = try response.collectBody()
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasSuffix("\r\n"))
        return text.components(separatedBy: "\r\n").dropLast()
    }

    /// The body read back as RFC 4180: records of fields, quotes undone.
    private func fields(_ response: Response) throws -> [[String]] {
        let text = Array(String(decoding: try response.collectBody().dropFirst(3), as: UTF8.self).unicodeScalars)
        var records: [[String]] = []
        var record: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false
        var index = 0
        while index < text.count {
            let character = text[index]
            index += 1
            if quoted {
                if character != "\"" {
                    field.append(character)
                } else if index < text.count, text[index] == "\"" {
                    field.append(character)
                    index += 1
                } else {
                    quoted = false
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                record.append(String(field))
                field = String.UnicodeScalarView()
            } else if character == "\r", index < text.count, text[index] == "\n" {
                index += 1
                records.append(record + [String(field)])
                record = []
                field = String.UnicodeScalarView()
            } else {
                field.append(character)
            }
        }
        #expect(record.isEmpty && field.isEmpty && !quoted)
        return records
    }

    @discardableResult
    private func person(
        _ first: String, _ last: String, status: Status = .customer, phone: String = "", email: String = "",
        nationalID: String = "", balance: Int64 = 0
    ) throws -> Customer {
        var customer = Customer(kind: .individual, status: status)
        customer.firstName = first
        customer.lastName = last
        customer[text: "phone"] = phone
        customer[text: "email"] = email
        customer[text: "national_id"] = nationalID
        customer.balance = balance
        customer.createdAt = "2026-01-10 09:00:00"
        customer.updatedAt = "2026-02-11 10:30:00"
        return try database.create(customer)
    }

    @discardableResult
    private func company(_ name: String, status: Status = .customer, balance: Int64 = 0, activeLoans: Int = 0) throws -> Customer {
        var customer = Customer(kind: .legalEntity, status: status)
        customer.companyName = name
        customer.balance = balance
        customer.activeLoans = activeLoans
        customer.createdAt = "2026-03-01 00:00:00"
        customer.updatedAt = "2026-03-01 00:00:00"
        return try database.create(customer)
    }

    private static let header =
        "customer_id,display_name,status,active_loans,phone,email,national_id,balance,created_at,updated_at,relationship_officer,address"

    @Test func downloadsTheFilteredListCellByCell() throws {
        try person("Ana María", "Pérez-Núñez", phone: "+220 770-1234", email: "ana@example.gm", nationalID: "GM-123", balance: -123_456)
        try person("Excluded", "Blocked", status: .blocked, balance: 5)
        try company("Acme, \"Best\" Ltd", balance: 100_000_000, activeLoans: 2)
        try person("Excluded", "Newbie", status: .newbie)
        try person("Бинта", "Сингхатенов", balance: -5)
        try company("Two\r\nLines\nCo")

        let response = get("/customers.csv?status=customer&sort=id&dir=asc")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(response.header("Content-Disposition") == "attachment; filename=\"customers-\(StoreDate.day(Date())).csv\"")
        // nginx spools downloads, so a slow browser never holds a responder thread.
        #expect(response.header("X-Accel-Buffering") == nil)
        let body = try response.collectBody()
        #expect(Array(body.prefix(3)) == [0xEF, 0xBB, 0xBF])
        // Compared whole: the quoted line breaks in the last name are part of one record.
        #expect(String(decoding: body.dropFirst(3), as: UTF8.self) == [
            Self.header,
            "CUST0000001,Ana María Pérez-Núñez,Customer,0,'+220 770-1234,ana@example.gm,GM-123,-1234.56,2026-01-10 09:00:00,2026-02-11 10:30:00,,",
            "CUST0000003,\"Acme, \"\"Best\"\" Ltd\",Customer,2,,,,1000000.00,2026-03-01 00:00:00,2026-03-01 00:00:00,,",
            "CUST0000005,Бинта Сингхатенов,Customer,0,,,,-0.05,2026-01-10 09:00:00,2026-02-11 10:30:00,,",
            "CUST0000006,\"Two\r\nLines\nCo\",Customer,0,,,,0.00,2026-03-01 00:00:00,2026-03-01 00:00:00,,",
        ].map { $0 + "\r\n" }.joined())
    }

    @Test func textThatSpreadsheetsWouldRunIsNeutralisedButNumbersStayNumbers() throws {
        try company("=HYPERLINK(\"http://evil.example\",\"click\")", balance: -250)
        try company("@SUM(A1:A9)")
        try company("+1 Holdings")
        try company("-2 Ltd")
        try company("\tTabbed")
        try company("\rReturned")
        try person("Safe", "Name", email: "=cmd|' /C calc'!A0", balance: -99)

        let cells = try fields(get("/customers.csv?sort=id&dir=asc")).dropFirst().map { [$0[1], $0[5], $0[7]] }
        #expect(cells == [
            ["'=HYPERLINK(\"http://evil.example\",\"click\")", "", "-2.50"],
            ["'@SUM(A1:A9)", "", "0.00"],
            ["'+1 Holdings", "", "0.00"],
            ["'-2 Ltd", "", "0.00"],
            ["'\tTabbed", "", "0.00"],
            ["'\rReturned", "", "0.00"],
            ["Safe Name", "'=cmd|' /C calc'!A0", "-0.99"],
        ])
    }

    @Test func theFormulaCellIsOneQuotedNeutralisedField() throws {
        try company("=HYPERLINK(\"http://evil.example\",\"click\")", balance: -250)
        let record = try records(get("/customers.csv"))[1]
        #expect(record == "CUST0000001,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",Customer,0,,,,-2.50,2026-03-01 00:00:00,2026-03-01 00:00:00,,")
    }

    @Test func everyMatchingRowNotJustThePage() throws {
        for index in 1...45 { try person("Many\(index)", "Rows") }
        try person("Other", "Person")
        let records = try records(get("/customers.csv?q=Rows&page=2&per_page=10"))
        #expect(records.count == 46)
        #expect(records.dropFirst().allSatisfy { $0.contains(" Rows,") })
        // The listing's order: newest first.
        #expect(records[1].hasPrefix("CUST0000045,Many45 Rows,"))
        #expect(records[45].hasPrefix("CUST0000001,Many1 Rows,"))
    }

    /// A download of a few IDs walks those IDs, not the whole store: at 1,000,000 customers a
    /// 1,000-row `id_to` CSV read every row before (2.5 s), which the bench's mixed load showed.
    @Test func anIDRangeDownloadReadsOnlyItsRange() throws {
        for index in 1...1_000 { try person("Walk\(index)", "Range") }
        let narrow = try sqliteSteps(reading: "id_from=CUST0000101&id_to=CUST0000110")
        let whole = try sqliteSteps(reading: "")
        #expect(narrow.rows == 10 && whole.rows == 1_000)
        #expect(narrow.steps * 20 < whole.steps, "\(narrow.steps) steps for 10 rows, \(whole.steps) for 1,000")
    }

    /// The download's rows for `query` and the SQLite virtual-machine steps spent reading them.
    private func sqliteSteps(reading query: String) throws -> (rows: Int, steps: Int) {
        let filter = CustomerFilter(try Parameters(urlEncoded: query))
        let fields = database.catalog.columns(for: filter.section)
        return try database.reader.read { db in
            let steps = UnsafeMutablePointer<Int>.allocate(capacity: 1)
            defer { steps.deallocate() }
            steps.pointee = 0
            sqlite3_progress_handler(db.sqliteConnection, 1, { counter in
                counter!.assumingMemoryBound(to: Int.self).pointee += 1
                return 0
            }, steps)
            defer { sqlite3_progress_handler(db.sqliteConnection, 0, nil, nil) }
            var query = CustomerQuery(filter, catalog: database.catalog)
            query.exportSliceSize = 50
            let rows = try query.rows(db, columns: fields)
            var count = 0
            while try rows.next() != nil { count += 1 }
            return (count, steps.pointee)
        }
    }

    @Test func aSearchThatMatchesNothingGivesTheHeaderOnly() throws {
        try person("Ana", "Lopez")
        #expect(try records(get("/customers.csv?q=nobody")) == [Self.header])
    }

    @Test func malformedQueryIsABadRequestPage() {
        let response = get("/customers.csv?q=%zz")
        #expect(response.status == 400)
        #expect(response.header("Content-Type") == "text/html; charset=utf-8")
    }

    @Test func needsASignedInUser() {
        #expect(app.handle(Request("GET", "/customers.csv")).status == 403)
    }

    @Test func largeDownloadsArriveInChunks() throws {
        for index in 1...1_500 { try person("Chunked\(index)", String(repeating: "x", count: 60)) }
        let chunks = ChunkCounter()
        guard case .stream(let produce) = get("/customers.csv").body else {
            Issue.record("the CSV download is not streamed")
            return
        }
        try produce(chunks)
        #expect(chunks.sizes.count > 1)
        #expect(chunks.sizes.dropLast().allSatisfy { (64 * 1024...80 * 1024).contains($0) })
    }
}

/// Remembers the size of every write.
private final class ChunkCounter: BodyWriter {
    var sizes: [Int] = []
    func write(_ bytes: UnsafeRawBufferPointer) throws { sizes.append(bytes.count) }
}
