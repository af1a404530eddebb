import Foundation
import GRDB
import Testing
@testable import CustomerAdmin

/// The field catalog: one entry plus one migration is all a new field takes.
@Suite struct FieldCatalogTests {
    static let tier = Field("loyalty_tier", "Loyalty tier", tab: "additional", maxLength: 12)

    /// A store whose catalog has one field more than the standard one, listed in the All section.
    static func storeWithTier() throws -> (AppDatabase, App) {
        let catalog = FieldCatalog.standard.adding(tier, listedIn: [.all])
        let database = try AppDatabase.inMemory(
            catalog: catalog,
            migrations: [("addLoyaltyTier", { db in try db.execute(sql: "ALTER TABLE customers ADD COLUMN loyalty_tier TEXT NOT NULL DEFAULT ''") })])
        try database.setStaff(Staff(userName: "vera", role: .viewer))
        return (database, App(database: database))
    }

    @Test func addingAFieldIsOneCatalogEntryPlusOneMigration() throws {
        let (database, app) = try Self.storeWithTier()
        #expect(try database.importCustomers(csv: "last_name,loyalty_tier\nJallow,Gold\n") == 1)
        #expect(try database.customer(number: 1)?[text: "loyalty_tier"] == "Gold")

        let profile = try app.handle(Request("GET", "/customers/CUST0000001/additional", user: "vera")).bodyText()
        #expect(profile.contains("<dt>Loyalty tier</dt><dd>Gold</dd>"))

        let listing = try app.handle(Request("GET", "/customers", user: "vera")).bodyText()
        #expect(listing.contains("<th scope=\"col\">Loyalty tier</th>"))
        #expect(listing.contains(">Gold</td></tr>"))

        let csv = String(decoding: try app.handle(Request("GET", "/customers.csv", user: "vera")).collectBody().dropFirst(3), as: UTF8.self)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0].hasSuffix(",address,loyalty_tier"))
        #expect(lines[1].hasSuffix(",Gold"))

        let sheet = try #require(
            try XLSXExportTests.parts(app.handle(Request("GET", "/customers.xlsx", user: "vera")).collectBody())["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains("<t>loyalty_tier</t>") && sheet.contains("<t>Gold</t>"))
    }

    @Test func theNewFieldIsCheckedLikeAnyOther() throws {
        let (database, _) = try Self.storeWithTier()
        #expect(throws: CustomerImportError(line: 2, reason: "loyalty_tier is 13 characters long; at most 12 fit")) {
            try database.importCustomers(csv: "last_name,loyalty_tier\nJallow,Platinum plus\n")
        }
        #expect(throws: CustomerImportError.self) { try FieldCatalogTests.standardStore().importCustomers(csv: "last_name,loyalty_tier\nX,Gold\n") }
    }

    static func standardStore() throws -> AppDatabase { try AppDatabase.inMemory() }

    @Test func everyStoredFieldHasAColumnAndEveryColumnAField() throws {
        let database = try AppDatabase.inMemory()
        let columns = try database.reader.read { db in try db.columns(in: "customers").map(\.name) }
        let stored = FieldCatalog.standard.fields.filter { $0.storage == .column || $0.storage == .generated || $0.storage == .key }
        #expect(Set(columns) == Set(["id"] + stored.map(\.name)))
    }

    @Test func theCatalogIsConsistent() {
        let catalog = FieldCatalog.standard
        for field in catalog.fields {
            #expect(field.maxLength <= Field.cellLimit, "\(field.name)")
            if let tab = field.tab { #expect(catalog.tabs.contains { $0.name == tab }, "\(field.name) names the tab \(tab)") }
            if case .composed(let parts) = field.storage { #expect(parts.allSatisfy { catalog[$0] != nil }, "\(field.name)") }
        }
        for section in CustomerFilter.Section.allCases {
            let names = catalog.listing.names(for: section)
            #expect(catalog.columns(for: section).map(\.name) == names, "every listed name is a listable field")
            #expect(names.first == "customer_id")
        }
        // Sort keys are unique, and each sorts by an indexed expression (see the migrations).
        let keys = catalog.fields.compactMap(\.sort?.key)
        #expect(Set(keys).count == keys.count)
        #expect(CustomerFilter.SortKey.allCases.map(\.rawValue) == keys)
    }

    @Test func sortingOnlyByIndexedFields() throws {
        let database = try AppDatabase.inMemory()
        try database.reader.read { db in
            for field in FieldCatalog.standard.fields {
                guard let sort = field.sort, sort.key != "id" else { continue }
                let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT id FROM customers ORDER BY \(sort.expression), id LIMIT 20")
                    .map { $0["detail"] as String }.joined(separator: " ")
                #expect(!plan.contains("TEMP B-TREE"), "sorting by \(field.name) needs a sort step: \(plan)")
            }
        }
    }
}

/// Import of what other systems export.
@Suite struct ImportFormatTests {
    let database: AppDatabase
    let now = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21 14:13:20 UTC

    init() throws {
        database = try AppDatabase.inMemory()
    }

    private func all() throws -> [Customer] {
        try database.reader.read { db in try Customer.orderByPrimaryKey().fetchAll(db) }
    }

    @Test func isoTimestampsAreStoredInUTC() throws {
        let csv = """
            last_name,created_at,updated_at,personal_data_accepted_on
            A,2024-01-15T10:00:00Z,2024-01-15T12:00:00+02:00,2024-01-16
            B,2024-01-15T23:30:00-01:30,2024-01-16T01:00:00.123Z,
            C,2024-01-15 08:00,2024-01-15T08:00:00+0000,
            """
        #expect(try database.importCustomers(csv: csv, now: now) == 3)
        let customers = try all()
        #expect(customers.map(\.createdAt) == ["2024-01-15 10:00:00", "2024-01-16 01:00:00", "2024-01-15 08:00:00"])
        #expect(customers.map(\.updatedAt) == ["2024-01-15 10:00:00", "2024-01-16 01:00:00", "2024-01-15 08:00:00"])
        #expect(customers[0][text: "personal_data_accepted_on"] == "2024-01-16")
    }

    @Test func semicolonsWhenTheHeaderUsesThem() throws {
        let csv = "\u{FEFF}last_name;balance;address_line\r\nNjie;1234,56;\"Kairaba Ave; 12\"\r\n"
        #expect(try database.importCustomers(csv: csv, now: now) == 1)
        let customer = try #require(try all().first)
        #expect(customer.lastName == "Njie")
        #expect(customer.balance == 123_456)
        #expect(customer[text: "address_line"] == "Kairaba Ave; 12")
    }

    @Test func unknownColumnsAreAllNamed() {
        #expect {
            try database.importCustomers(csv: "last_name,nickname,Shoe size\nX,Y,Z\n", now: now)
        } throws: { error in
            let error = error as? CustomerImportError
            return error?.line == 1 && error?.reason.hasPrefix("unknown columns \"nickname\", \"Shoe size\"; the columns are customer_id, kind") == true
        }
    }

    @Test func overLongValueIsRefusedWithItsLineAndColumn() throws {
        let long = String(repeating: "x", count: Field.cellLimit + 1)
        #expect(throws: CustomerImportError(line: 3, reason: "address_line is 32768 characters long; at most 200 fit")) {
            try database.importCustomers(csv: "last_name,address_line\nA,short\nB,\(long)\n", now: now)
        }
        #expect(try all().isEmpty)
    }

    @Test func controlCharactersAreRefusedButLineBreaksKept() throws {
        #expect(throws: CustomerImportError(line: 2, reason: "last_name holds the control character U+0000")) {
            try database.importCustomers(csv: "last_name\nA\u{0}B\n", now: now)
        }
        #expect(throws: CustomerImportError(line: 2, reason: "city holds the control character U+001B")) {
            try database.importCustomers(csv: "last_name,city\nA,\u{1B}[31mBanjul\n", now: now)
        }
        try database.importCustomers(csv: "last_name,address_line\nA,\"one\ttwo\nthree\"\n", now: now)
        #expect(try all().map { $0[text: "address_line"] } == ["one\ttwo\nthree"])
    }

    @Test func oneBadRowInAFullStoreStoresNothing() throws {
        try database.addDemoCustomers(300, now: now)
        let before = try all()
        let totals = try database.totalsByStatus()
        let error = #expect(throws: CustomerImportError.self) {
            try database.importCustomers(csv: "last_name,status\nA,customer\nB,customer\nC,vip\nD,customer\n", now: now)
        }
        #expect(error?.line == 4)
        #expect(try all() == before)
        #expect(try database.totalsByStatus() == totals)
        let indexed = try database.reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM customer_search") }
        #expect(indexed == 300)
    }

    /// Into an empty store the indexes and the search trigger are dropped and the search index built
    /// once at the end (`SuspendedUpkeep`), as for `seed`; into a full store rows are indexed as they come.
    @Test(arguments: [false, true]) func importIntoAnEmptyStoreTakesTheBulkPath(storeIsFull: Bool) throws {
        let log = SQLLog()
        var configuration = Configuration()
        configuration.prepareDatabase { db in db.trace { log.append("\($0)") } }
        let database = try AppDatabase(DatabaseQueue(configuration: configuration))
        if storeIsFull { try database.importCustomers(csv: "last_name\nFirst\n", now: now) }
        log.clear()
        let csv = "last_name,phone\n" + (1...500).map { "Name\($0),+220 770-\(1000 + $0)" }.joined(separator: "\n")
        #expect(try database.importCustomers(csv: csv, now: now) == 500)
        #expect(log.contains("DROP INDEX") == !storeIsFull)
        #expect(log.contains("DROP TRIGGER \"customer_search_insert\"") == !storeIsFull)
        #expect(log.contains("VALUES ('rebuild')") == !storeIsFull)
        // Whichever the path, the store ends up the same: counted, searchable, indexed.
        #expect(try database.totalsByStatus() == [.newbie: storeIsFull ? 501 : 500])
        let found = try database.reader.read { db in
            try Int.fetchAll(db, sql: "SELECT rowid FROM customer_search WHERE customer_search MATCH ?", arguments: ["\"7701250\""])
        }
        #expect(found == [storeIsFull ? 251 : 250])
        let indexes = try database.reader.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' ORDER BY name")
        }
        let standard = try AppDatabase.inMemory().reader.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' ORDER BY name")
        }
        #expect(indexes == standard)
    }
}

/// The SQL a connection ran, collected from GRDB's trace.
private final class SQLLog: @unchecked Sendable {
    private let lock = NSLock()
    private var statements: [String] = []

    func append(_ statement: String) { lock.withLock { statements.append(statement) } }
    func clear() { lock.withLock { statements.removeAll() } }
    func contains(_ text: String) -> Bool { lock.withLock { statements.contains { $0.contains(text) } } }
}
