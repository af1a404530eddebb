import Foundation
import GRDB
import Logging
import Testing
@testable import CustomerAdmin

/// The export of seed 004 through `App.handle`: the dialog, the PDF, every refusal answered 404 with
/// a warning and a record in the export log, the rate limit shared through the store, the log page.
@Suite struct ExportTests {
    let database: AppDatabase
    let clock = TestClock()
    let warnings = CapturedLog()
    let app: App
    static let host = "customers.example.test"

    init() throws {
        database = try AppDatabase.inMemory()
        for (user, role) in [("vera", Role.viewer), ("otto", .officer), ("omar", .manager)] {
            try database.setStaff(Staff(userName: user, role: role))
        }
        clock.now = try #require(StoreDate.parseDay("2026-11-30")).addingTimeInterval(14 * 3600 + 5 * 60 + 9)
        let captured = warnings
        app = App(database: database, logger: Logger(label: "test") { _ in captured }, clock: clock.read)
        for (first, last, city) in [("Ана-Мария", "Qwertyová", "Brașov"), ("Ștefan", "Gómez", "Sevilla"), ("Plain", "Person", "Oslo")] {
            var customer = Customer(kind: .individual, status: .customer)
            customer.firstName = first
            customer.lastName = last
            customer[text: "city"] = city
            customer[text: "phone"] = "+40 721 000 111"
            customer[text: "national_id"] = "NID-\(last)"
            customer[text: "email"] = "\(last.lowercased())@example.test"
            _ = try database.create(customer, now: clock.now)
        }
    }

    // MARK: - Helpers

    private func get(_ target: String, user: String = "vera", headers: [String: String] = [:]) throws -> (Response, String) {
        let response = app.handle(Request("GET", target, user: user, headers: headers))
        return (response, try response.bodyText())
    }

    /// The user's CSRF token and a submission key, as the dialog carries them.
    private func ticket(_ user: String) throws -> [(String, String)] {
        let (_, page) = try get("/customers/export", user: user)
        let token = try #require(PageCacheTests.token(page))
        let key = try #require(PageCacheTests.submissionKeys(page).first)
        return [("csrf", token), ("submission", key)]
    }

    private func export(
        _ user: String?, _ fields: [(String, String)], headers: [String: String] = [:], body: [UInt8]? = nil
    ) -> Response {
        var form = Parameters()
        for (name, value) in fields { form.append(name, value) }
        var all = ["content-type": "application/x-www-form-urlencoded", "host": Self.host]
        all.merge(headers) { $1 }
        return app.handle(Request(
            method: "POST", path: "/customers/export", headers: all, remoteUser: user, body: body ?? Array(form.encoded.utf8)))
    }

    private func chosen(_ names: String...) -> [(String, String)] { names.map { ("field", $0) } }

    private func log() throws -> [ExportRecord] { try database.exportLog(ExportLogQuery()).records }

    /// Status 404, no redirect, the export's sentence; one more record in the log with `outcome`; a warning naming the user.
    private func expectRefused(
        _ response: Response, outcome: ExportRecord.Outcome, reason: String, user: String = "vera",
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(response.status == 404, sourceLocation: sourceLocation)
        #expect(response.header("Location") == nil, sourceLocation: sourceLocation)
        #expect(response.header("Content-Disposition") == nil, sourceLocation: sourceLocation)
        #expect(try response.bodyText().contains("try again with fewer fields selected"), sourceLocation: sourceLocation)
        let record = try #require(try log().first, sourceLocation: sourceLocation)
        #expect(record.outcome == outcome, sourceLocation: sourceLocation)
        #expect(record.reason.contains(reason), "\(record.reason)", sourceLocation: sourceLocation)
        #expect(record.userName == user, sourceLocation: sourceLocation)
        let warning = try #require(warnings.messages.last, sourceLocation: sourceLocation)
        #expect(warning.level == .warning && warning.metadata["user"] == user, sourceLocation: sourceLocation)
        #expect(warning.metadata["reason"]?.contains(reason) == true, sourceLocation: sourceLocation)
    }

    // MARK: - The dialog

    @Test func theDialogListsEveryExportableFieldOffTheSeedsEightFirst() throws {
        let (response, page) = try get("/customers/export?section=customers&sort=name&dir=asc")
        #expect(response.status == 200)
        let toggles = page.matches(of: /<input type="checkbox" class="switch" id="export-[a-z_]+" name="field" value="([a-z_]+)"(>| checked>)/)
        let names = toggles.map { String($0.output.1) }
        #expect(Array(names.prefix(8)) == ExportSelection.seedFields)
        #expect(Set(names) == Set(database.catalog.fields(where: .exportable).filter { $0.exportRole == .viewer }.map(\.name)))
        #expect(toggles.allSatisfy { $0.output.2 == ">" }, "every toggle starts off")
        #expect(page.contains("3 customers match"))
        #expect(page.contains("<input type=\"hidden\" name=\"sort\" value=\"name\">"), "the listing query rides along")
        #expect(page.contains("<button type=\"submit\" class=\"primary\">Generate PDF</button>"))
        #expect(PageCacheTests.token(page) != nil)
        #expect(!names.contains("national_id"), "identity documents are for officers and above")
        let (_, officers) = try get("/customers/export", user: "otto")
        #expect(officers.contains("value=\"national_id\""))
    }

    @Test func selectAllTurnsEveryToggleOnAndTheFragmentIsTheFormAlone() throws {
        let (_, page) = try get("/customers/export?select=all")
        #expect(!page.contains("name=\"field\" value=\"customer_id\">"))
        #expect(page.contains("name=\"field\" value=\"customer_id\" checked>"))
        let (_, fragment) = try get("/customers/export", headers: ["x-fragment": "dialog"])
        #expect(fragment.hasPrefix("<form class=\"export-form\""))
        #expect(fragment.contains("<h2 id=\"export-title\">"))
    }

    @Test func aboveFiveHundredMatchesGenerateIsOffWithAdvice() throws {
        try database.writer.write { db in
            for _ in 0..<ExportLimits.records {
                try db.execute(sql: "INSERT INTO customers(kind, status, first_name, created_at, updated_at) VALUES ('individual', 'customer', 'Many', '2026-01-01 00:00:00', '2026-01-01 00:00:00')")
            }
        }
        let (_, page) = try get("/customers/export")
        #expect(page.contains("More than 500 customers match"))
        #expect(page.contains("<button type=\"submit\" class=\"primary\" disabled>Generate PDF</button>"))
        let (_, narrowed) = try get("/customers/export?name=Qwertyov")
        #expect(narrowed.contains("1 customer matches"))

        let response = export("vera", try ticket("vera") + chosen("customer_id"))
        try expectRefused(response, outcome: .failed, reason: "more than 500 customers match")
        #expect(try log().first?.count == 501)
    }

    @Test func theListingHasTheExportButtonAndTheDialog() throws {
        let (_, page) = try get("/customers?q=Gómez")
        #expect(page.contains("href=\"/customers/export?q=G%C3%B3mez\" data-keep-query data-export-dialog>Export…</a>"))
        #expect(page.contains("<dialog id=\"export-dialog\""))
    }

    // MARK: - The PDF

    @Test func thePDFHoldsTheChosenFieldsOnlyInTheListingsOrder() throws {
        let response = export("vera", try ticket("vera") + [("sort", "name"), ("dir", "asc")] + chosen("phone", "display_name", "address"))
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/pdf")
        #expect(response.header("Content-Disposition") == "attachment; filename=\"customers-2026-11-30-140509.pdf\"")
        let pdf = try PDFFile(response.collectBody())
        let text = try pdf.text()
        for value in ["Ана-Мария Qwertyová", "Ștefan Gómez", "Brașov", "+40 721 000 111", "Phone", "Name", "Address",
                      "Reflects the system as of 2026-11-30 14:05:09 UTC", "Exported by vera", "Page 1 of 1"] {
            #expect(text.contains(value), "missing \(value)")
        }
        for unchosen in ["@example.test", "NID-", "Customer ID", "CUST0000001", "E-mail"] {
            #expect(!text.contains(unchosen), "\(unchosen) was not chosen")
        }
        let order = ["Plain Person", "Ștefan Gómez", "Ана-Мария Qwertyová"].compactMap { text.range(of: $0)?.lowerBound }
        #expect(order.count == 3 && order == order.sorted(), "sorted by name, as the listing")
        let info = try pdf.info()
        #expect(info["Author"] == "vera")
        #expect(info["Title"] == "Customers")
        let record = try #require(try log().first)
        #expect(record.outcome == .ok && record.count == 3 && record.fields == ["phone", "display_name", "address"])
        #expect(record.query == "sort=name&dir=asc")
    }

    @Test func aLongExportRepeatsTheHeaderOnEveryPageAndCountsThem() throws {
        try database.writer.write { db in
            for index in 1...200 {
                try db.execute(
                    sql: "INSERT INTO customers(kind, status, first_name, last_name, created_at, updated_at) VALUES ('individual', 'customer', ?, 'Row', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
                    arguments: ["Person\(index)"])
            }
        }
        let response = export("vera", try ticket("vera") + chosen("customer_id", "display_name", "phone"))
        #expect(response.status == 200)
        let pdf = try PDFFile(response.collectBody())
        let pages = try pdf.text().components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        #expect(pages.count > 1)
        for (index, page) in pages.enumerated() {
            #expect(page.contains("Customer ID") && page.contains("Name") && page.contains("Phone"), "header on page \(index + 1)")
            #expect(page.contains("Page \(index + 1) of \(pages.count)"))
        }
        #expect(try pdf.info()["Pages"] == String(pages.count))
        #expect(try log().first?.count == 203)
    }

    // MARK: - Refusals: all 404, logged, recorded

    @Test func noFieldUnknownFieldForgedFieldAndTooManyFieldsAreRefused() throws {
        try expectRefused(export("vera", try ticket("vera")), outcome: .failed, reason: "no field was chosen")
        try expectRefused(export("vera", try ticket("vera") + chosen("display_name);DROP")), outcome: .failed, reason: "is not a field")
        try expectRefused(export("vera", try ticket("vera") + chosen("x\nwarning forged line")), outcome: .failed, reason: "“x%0Awarning%20forged%20line”")
        #expect(try log().first?.fields == ["x%0Awarning%20forged%20line"])
        try expectRefused(export("vera", try ticket("vera") + chosen("version")), outcome: .failed, reason: "not exportable")
        try expectRefused(export("vera", try ticket("vera") + chosen("national_id")), outcome: .failed, reason: "may not export national_id")
        let many = (0..<500).map { _ in ("field", "display_name") }
        try expectRefused(export("vera", try ticket("vera") + many), outcome: .failed, reason: "500 fields were asked for")
        #expect(try log().first?.fields.count == ExportLimits.keptFields)
        #expect(export("otto", try ticket("otto") + chosen("national_id")).status == 200)
    }

    @Test func theGuardsRefusalsBecome404s() throws {
        try expectRefused(export("vera", chosen("display_name")), outcome: .refused, reason: "security token is missing")
        try expectRefused(export("vera", [("csrf", "0123abcd"), ("submission", CSRFTokens.submissionKey())] + chosen("display_name")),
                          outcome: .refused, reason: "invalid or expired")
        try expectRefused(export("vera", try ticket("vera") + chosen("display_name"), headers: ["origin": "https://evil.example"]),
                          outcome: .refused, reason: "Cross-site")
        try expectRefused(export("vera", [], body: []), outcome: .refused, reason: "security token is missing")
        try expectRefused(export("vera", [], headers: ["content-type": "text/plain"], body: Array("x".utf8)), outcome: .refused, reason: "415")
        try expectRefused(export("stranger", try ticket("vera") + chosen("display_name")), outcome: .refused, reason: "no role", user: "stranger")
        // A megabyte of form: refused, and the log keeps a bounded part of it.
        let megabyte = Array(("csrf=x&field=" + String(repeating: "a", count: 1 << 20)).utf8)
        try expectRefused(export("vera", [], body: megabyte), outcome: .refused, reason: "invalid or expired")
        #expect(try log().first!.fields.allSatisfy { $0.count <= 64 })
        // None of these counted against the minute.
        #expect(export("vera", try ticket("vera") + chosen("display_name")).status == 200)
    }

    @Test func aRoleBelowTheRoutesLeastIsA404() throws {
        let table: ([String]) -> [Endpoint]? = { path in
            guard path == ["customers", "export"] else { return nil }
            return [.postForFile(.createCustomer, { try CustomerPDFExport.response($0, app: self.app) },
                                 failure: { CustomerPDFExport.refused($0, $1, app: self.app) })]
        }
        var form = Parameters()
        for (name, value) in try ticket("vera") + chosen("display_name") { form.append(name, value) }
        let request = Request(
            method: "POST", path: "/customers/export", headers: ["content-type": "application/x-www-form-urlencoded", "host": Self.host],
            remoteUser: "vera", body: Array(form.encoded.utf8))
        try expectRefused(try app.route(request, endpoints: table), outcome: .refused, reason: "that needs the officer role")
    }

    @Test func aListingQueryAtEveryExtremeIsRefused() throws {
        let extremes: [(String, String)] = [
            ("q", String(repeating: "ab ", count: 5_000)), ("id_from", "CUST9999999"), ("id_to", "CUST0000000"),
            ("balance_min", "99999999999999999999"), ("balance_max", "-99999999999999999999"), ("created_from", "9999-12-31"),
            ("created_to", "0001-01-01"), ("page", "9223372036854775807"), ("per_page", "-1"), ("status", "nonsense"),
        ]
        try expectRefused(export("vera", try ticket("vera") + extremes + chosen("display_name")), outcome: .failed, reason: "refused values")
    }

    @Test func theStoreFailingIsA404() throws {
        let ticket = try ticket("vera")
        try database.writer.write { db in try db.execute(sql: "ALTER TABLE customers RENAME TO customers_gone") }
        let response = export("vera", ticket + chosen("display_name"))
        try expectRefused(response, outcome: .failed, reason: "internal error")
    }

    // MARK: - The rate limit

    @Test func theEleventhExportInAMinuteIsRefusedAndTheNextMinuteAllowsAgain() throws {
        for _ in 1...10 { #expect(export("vera", try ticket("vera") + chosen("display_name")).status == 200) }
        try expectRefused(export("vera", try ticket("vera") + chosen("display_name")), outcome: .rateLimited, reason: "more than 10 exports in a minute")
        #expect(export("otto", try ticket("otto") + chosen("display_name")).status == 200, "another user has a quota of their own")
        clock.now = clock.now.addingTimeInterval(61)
        #expect(export("vera", try ticket("vera") + chosen("display_name")).status == 200)
    }

    @Test func theRateIsCountedInTheStoreAcrossConnections() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("export-rate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.sqlite").path
        let first = try AppDatabase.open(path: path, readers: 2)
        let second = try AppDatabase.open(path: path, readers: 2)
        let now = clock.now
        func attempt(_ store: AppDatabase, _ offset: TimeInterval) throws -> ExportRecord.Outcome {
            try store.recordExport(ExportRecord(
                userName: "vera", at: now.addingTimeInterval(offset), fields: ["display_name"], query: "", outcome: .ok)).outcome
        }
        for index in 0..<10 { #expect(try attempt(index.isMultiple(of: 2) ? first : second, Double(index)) == .ok) }
        #expect(try attempt(second, 10) == .rateLimited)
        #expect(try attempt(first, 11) == .rateLimited)
        let counted = try first.reader.read { db in try AppDatabase.countedExports(userName: "vera", before: now.addingTimeInterval(11), db) }
        #expect(counted == 10, "refusals by the limit do not count")
        #expect(try attempt(first, 61) == .ok, "the first export of the window has left it")
    }

    // MARK: - The log

    @Test func theLogIsNeverChangedNorDeleted() throws {
        #expect(export("vera", try ticket("vera") + chosen("display_name")).status == 200)
        #expect(throws: DatabaseError.self) { try database.writer.write { db in try db.execute(sql: "UPDATE exports SET outcome = 'failed'") } }
        #expect(throws: DatabaseError.self) { try database.writer.write { db in try db.execute(sql: "DELETE FROM exports") } }
        #expect(try log().count == 1)
    }

    @Test func managersSeeTheExportsPageFilteredAndPaged() throws {
        #expect(export("vera", try ticket("vera") + chosen("display_name", "phone")).status == 200)
        #expect(export("otto", try ticket("otto")).status == 404)
        let (_, listing) = try get("/customers", user: "omar")
        #expect(listing.contains("<a href=\"/exports\">Exports</a>"))
        let (_, viewersListing) = try get("/customers")
        #expect(!viewersListing.contains("href=\"/exports\""))
        #expect(try get("/exports").0.status == 403)

        let (response, page) = try get("/exports", user: "omar")
        #expect(response.status == 200)
        #expect(page.contains("2 exports, newest first"))
        #expect(page.contains("<td>display_name, phone</td>"))
        #expect(page.contains("no field was chosen"))
        let (_, failures) = try get("/exports?outcome=failed", user: "omar")
        #expect(failures.contains("1 export,") && failures.contains("<td>otto</td>") && !failures.contains("<td>vera</td>"))
        let (_, veras) = try get("/exports?user=vera&page=99999999999999999999", user: "omar")
        #expect(veras.contains("<td>vera</td>") && !veras.contains("<td>otto</td>"))

        for _ in 0..<ExportLogQuery.perPage {
            _ = try database.recordExport(ExportRecord(userName: "zed", at: clock.now, fields: [], query: "", outcome: .refused))
        }
        let (_, second) = try get("/exports?page=2", user: "omar")
        #expect(second.contains("<td>vera</td>") && second.contains("aria-current=\"page\" class=\"current\">2</a>"))
    }

    // MARK: - Field selection

    @Test func fieldSelectionFollowsTheCatalogAndTheRole() throws {
        let catalog = FieldCatalog.standard
        #expect(try ExportSelection.chosen(["phone", "customer_id", "phone"], catalog: catalog, role: .viewer).map(\.name) == ["customer_id", "phone"])
        #expect(throws: ExportProblem.self) { try ExportSelection.chosen([], catalog: catalog, role: .admin) }
        #expect(throws: ExportProblem.self) { try ExportSelection.chosen(["birth_date"], catalog: catalog, role: .viewer) }
        #expect(try ExportSelection.chosen(["birth_date"], catalog: catalog, role: .manager).map(\.name) == ["birth_date"])
        let offered = ExportSelection.offered(catalog, role: .admin).map(\.name)
        #expect(Array(offered.prefix(8)) == ExportSelection.seedFields)
        #expect(offered.count == catalog.fields(where: .exportable).count)
    }
}

/// Every message logged, for tests that check what the responder says.
final class CapturedLog: LogHandler, @unchecked Sendable {
    struct Message {
        var level: Logger.Level
        var text: String
        var metadata: [String: String]
    }

    private let lock = NSLock()
    private var kept: [Message] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var messages: [Message] { lock.withLock { kept } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let message = Message(
            level: event.level, text: event.message.description,
            metadata: (event.metadata ?? [:]).mapValues { $0.description })
        lock.withLock { kept.append(message) }
    }
}
