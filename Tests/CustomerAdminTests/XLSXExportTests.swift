import Foundation
import Testing
@testable import CustomerAdmin

/// `GET /customers.xlsx` through `App.handle`: the filtered list read back from the sheet's XML.
/// Serialized so the temporary-file check sees no other test's workbook.
@Suite(.serialized) struct XLSXExportTests {
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

    @discardableResult
    private func customer(
        _ name: String, kind: Customer.Kind = .legalEntity, status: Status = .customer, phone: String = "",
        balance: Int64 = 0, activeLoans: Int = 0, created: String = "2026-01-10 09:05:00"
    ) throws -> Customer {
        var customer = Customer(kind: kind, status: status)
        customer.companyName = name
        customer[text: "phone"] = phone
        customer.balance = balance
        customer.activeLoans = activeLoans
        customer.createdAt = created
        customer.updatedAt = "2026-02-11 10:30:00"
        return try database.create(customer)
    }

    /// The workbook's parts by name, unzipped by python3's zipfile (the test image has no Swift zip
    /// reader); every XML part must parse, or python3 fails.
    static func parts(_ body: [UInt8]) throws -> [String: String] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-test-\(UUID().uuidString).xlsx")
        try Data(body).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = [
            "python3", "-c",
            """
            import json, sys, zipfile, xml.dom.minidom
            z = zipfile.ZipFile(sys.argv[1])
            parts = {n: z.read(n).decode() for n in z.namelist()}
            for n in parts:
                if n.endswith('.xml') or n.endswith('.rels'): xml.dom.minidom.parseString(parts[n])
            print(json.dumps(parts))
            """,
            file.path,
        ]
        let pipe = Pipe()
        python.standardOutput = pipe
        try python.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        return try JSONDecoder().decode([String: String].self, from: output)
    }

    /// The sheet's cells by reference (`B2`): the inline text (XML entities undone) or the number,
    /// and the style index.
    private func cells(_ sheet: String) -> [String: (value: String, style: String?)] {
        var cells: [String: (value: String, style: String?)] = [:]
        for match in sheet.matches(of: /<c r="([A-Z]+\d+)"([^>]*)>(.*?)<\/c>/) {
            let attributes = String(match.output.2)
            let style = attributes.firstMatch(of: /s="(\d+)"/).map { String($0.output.1) }
            let content = String(match.output.3)
            let value = content.firstMatch(of: /<t[^>]*>(.*?)<\/t>/).map { String($0.output.1) }
                ?? content.firstMatch(of: /<v>(.*?)<\/v>/).map { String($0.output.1) } ?? ""
            cells[String(match.output.1)] = (Self.unescaped(value), style)
        }
        return cells
    }

    private static func unescaped(_ xml: String) -> String {
        [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")]
            .reduce(xml) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    @Test func downloadsTheFilteredListAsASheet() throws {
        try customer("Acme & Sons, <\"Best\">", phone: "+220 770-1234", balance: -123_456, activeLoans: 2)
        try customer("Excluded Blocked", status: .blocked)
        try customer("Сингхатенов Ltd — Ñandú", balance: 100_000_000)
        try customer("=HYPERLINK(\"http://evil.example\",\"x\")")

        let response = get("/customers.xlsx?status=customer&sort=id&dir=asc")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        #expect(response.header("Content-Disposition") == "attachment; filename=\"customers-\(StoreDate.day(Date())).xlsx\"")
        let body = try response.collectBody()
        #expect(Array(body.prefix(2)) == Array("PK".utf8))

        let parts = try Self.parts(body)
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        let cells = cells(sheet)
        let header = ["A1", "B1", "C1", "D1", "E1", "F1", "G1", "H1", "I1", "J1", "K1", "L1", "M1"].map { cells[$0]?.value }
        #expect(header == FieldCatalog.standard.columns(for: .all).map(\.name) + [nil])
        #expect(cells["A2"]?.value == "CUST0000001")
        #expect(cells["B2"]?.value == "Acme & Sons, <\"Best\">")
        #expect(cells["C2"]?.value == "Customer")
        #expect(cells["D2"]?.value == "2")
        #expect(cells["E2"]?.value == "+220 770-1234")
        #expect(cells["H2"]?.value == "-1234.56")
        #expect(cells["A3"]?.value == "CUST0000003")
        #expect(cells["B3"]?.value == "Сингхатенов Ltd — Ñandú")
        #expect(cells["H3"]?.value == "1000000")
        // A formula stays text: a string cell, no <f> anywhere.
        #expect(cells["B4"]?.value == "=HYPERLINK(\"http://evil.example\",\"x\")")
        #expect(!sheet.contains("<f>"))
        #expect(cells["A5"] == nil)
        #expect(!sheet.contains("Excluded"))

        // 2026-01-10 09:05 is Excel serial 46032 plus 9h05m; shown through a date format.
        let created = try #require(cells["I2"])
        #expect(created.value.hasPrefix("46032.378472"))
        let styles = try #require(parts["xl/styles.xml"])
        #expect(styles.contains("formatCode=\"yyyy-mm-dd hh:mm\""))
        #expect(styles.contains("formatCode=\"#,##0.00\""))
        #expect(created.style != nil && cells["H2"]?.style != nil && created.style != cells["H2"]?.style)
        #expect(cells["A1"]?.style != nil)
        #expect(styles.contains("<b/>"))

        #expect(sheet.contains("ySplit=\"1\""))
        #expect(sheet.contains("state=\"frozen\""))
        #expect(sheet.contains("<autoFilter ref=\"A1:L4\""))
        #expect(sheet.contains("<col "))
    }

    @Test func controlCharactersStillMakeValidXML() throws {
        try customer("\tTab\u{1}Bell\u{7}")
        let cells = cells(try #require(try Self.parts(get("/customers.xlsx").collectBody())["xl/worksheets/sheet1.xml"]))
        #expect(cells["B2"]?.value.hasPrefix("\tTab") == true)
    }

    /// Excel's row limit, here lowered to 2: a longer list gets a page saying so instead of a broken file.
    @Test func listLongerThanASheetIsRefusedBeforeTheDownload() throws {
        for name in ["One Ltd", "Two Ltd", "Three Ltd"] { try customer(name) }
        let refused = try #require(throws: HTTPError.self) {
            try XLSXExport.response(Request("GET", "/customers.xlsx"), database: database, rowLimit: 2, downloads: LargeDownloads(capacity: 1))
        }
        #expect(refused.status == 422)
        #expect(refused.message.contains("download it as CSV"))
        let narrowed = try XLSXExport.response(Request("GET", "/customers.xlsx?q=one"), database: database, rowLimit: 2, downloads: LargeDownloads(capacity: 1))
        #expect(narrowed.status == 200)
        let filtered = try XLSXExport.response(Request("GET", "/customers.xlsx?balance_min=-5"), database: database, rowLimit: 3, downloads: LargeDownloads(capacity: 1))
        #expect(filtered.status == 200)
    }

    @Test func malformedQueryIsABadRequestPage() {
        #expect(get("/customers.xlsx?q=%zz").status == 400)
    }

    @Test func leavesNoTemporaryFileBehind() throws {
        try customer("Temporary Files Ltd")
        let folder = FileManager.default.temporaryDirectory.path
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("customers-") })
        _ = try get("/customers.xlsx").collectBody()
        let after = Set(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("customers-") })
        #expect(after.subtracting(before).isEmpty)
    }

    @Test func datesInAnUnexpectedShapeStayText() throws {
        try customer("Odd Date Ltd", created: "sometime in 2025")
        let cells = cells(try #require(try Self.parts(get("/customers.xlsx").collectBody())["xl/worksheets/sheet1.xml"]))
        #expect(cells["I2"]?.value == "sometime in 2025")
    }
}
