import Foundation
import GRDB
import Testing
@testable import CustomerAdmin

/// The profile's store (issue 11, point 1): every further field is a catalog entry with a column,
/// every repeatable group a table with one column per field, and the seed fills them realistically.
@Suite struct ProfileStoreTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func everyGroupHasItsTableWithOneColumnPerField() throws {
        let database = try AppDatabase.inMemory()
        try database.reader.read { db in
            for group in FieldCatalog.standard.groups {
                let columns = try db.columns(in: group.table).map(\.name)
                #expect(columns == ["id", "customer_id"] + group.fields.map(\.name), "\(group.name)")
                let tab = FieldCatalog.standard.tabs.contains { $0.name == group.tab }
                #expect(tab, "\(group.name) names the tab \(group.tab)")
                #expect(group.fields.allSatisfy { $0.tab == group.tab && $0.maxLength <= Field.cellLimit })
            }
        }
        #expect(Set(FieldCatalog.standard.groups.map(\.name)).count == FieldCatalog.standard.groups.count)
    }

    @Test func everyTabOfIssue11HasItsFields() {
        let catalog = FieldCatalog.standard
        for name in ["gender", "birth_place", "marital_status", "education", "customer_type", "tin", "citizenship",
                     "registration_number", "legal_form", "registration_date", "employer", "monthly_income", "dependents",
                     "criminal_record", "lawsuits", "agent", "info_source", "joined_on", "terminated_on",
                     "credit_bureau_consent_on", "personal_data_accepted_on", "commercial_approval_on", "red_list", "black_list",
                     "beneficial_owner", "funds_origin", "business_reputation", "foreign_pep", "terrorism_or_laundering",
                     "reliability_status", "risk_officer", "risk_comments"] {
            #expect(catalog[name]?.tab != nil, "\(name)")
        }
        #expect(catalog.groups.map(\.name) == ["representatives", "documents", "addresses", "bank_accounts", "contacts"])
    }

    @Test func seededCustomersCarryTheirProfileAndGroups() throws {
        let database = try AppDatabase.inMemory()
        try database.addDemoCustomers(400, now: now)
        try database.addDemoGroups(customersFrom: 1, now: now)
        let customers = try database.reader.read { db in try Customer.orderByPrimaryKey().fetchAll(db) }
        let complete = customers.filter { $0.status == .customer && $0.kind == .individual }
        #expect(complete.allSatisfy { !$0[text: "gender"].isEmpty && !$0[text: "reliability_status"].isEmpty && !$0[text: "joined_on"].isEmpty })
        #expect(customers.filter { $0.kind == .legalEntity }.allSatisfy { !$0[text: "legal_form"].isEmpty && !$0[text: "registration_date"].isEmpty })
        #expect(customers.contains { $0[integer: "red_list"] == 1 })
        #expect(customers.filter { $0.status == .blocked }.contains { $0[integer: "red_list"] == 1 || $0[integer: "black_list"] == 1 })
        let counts = try database.reader.read { db in
            try FieldCatalog.standard.groups.map { try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0.table)") ?? 0 }
        }
        #expect(counts.allSatisfy { $0 > 0 }, "\(counts)")
        // A lead has no addresses, bank accounts or relatives yet; every company has its director.
        let leads = customers.filter { $0.status == .newbie && $0.kind == .individual }.compactMap(\.id)
        let leadItems = try database.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM customer_bank_accounts WHERE customer_id IN (\(leads.map(String.init).joined(separator: ",")))")
        }
        #expect(leadItems == 0)
        for company in customers.filter({ $0.kind == .legalEntity }) {
            let representatives = try database.groupItems(
                FieldCatalog.standard.group(named: "representatives")!, customer: company.id!, PageRequest(page: 1, perPage: 20))
            #expect(!representatives.items.isEmpty)
        }
    }

    @Test func theSameSeedGivesTheSameGroups() throws {
        func dump() throws -> [[String]] {
            let database = try AppDatabase.inMemory()
            try database.addDemoCustomers(60, now: now)
            try database.addDemoGroups(customersFrom: 1, now: now)
            return try database.reader.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM customer_contacts ORDER BY id").map { row in row.databaseValues.map(\.description) }
            }
        }
        #expect(try dump() == dump())
    }

    // MARK: - import --kind GROUP

    private func importing(_ group: String, _ csv: String, into database: AppDatabase) throws -> Int {
        try database.importGroup(FieldCatalog.standard.group(named: group)!, csv: InputStream(data: Data(csv.utf8)))
    }

    @Test func aGroupFileAddsItemsToExistingCustomers() throws {
        let database = try AppDatabase.inMemory()
        try database.importCustomers(csv: "last_name\nJallow\nNjie\n", now: now)
        let csv = "customer_id,bank,account_number,opened_on\nCUST0000002,Trust Bank,0001,2024-02-29\nCUST0000002,\"Ecobank, Serrekunda\",0002,\n"
        #expect(try importing("bank_accounts", csv, into: database) == 2)
        let page = try database.groupItems(FieldCatalog.standard.group(named: "bank_accounts")!, customer: 2, PageRequest())
        #expect(page.items.map { $0.values[0].text } == ["Trust Bank", "Ecobank, Serrekunda"])
        #expect(page.items[0].values[4] == .text("2024-02-29"))
    }

    @Test(arguments: [
        ("customer_id,bank\nCUST0000001,X\n", 1, "the required column \"account_number\" is missing"),
        ("customer_id,bank,account_number,iban\nCUST0000001,X,1,2\n", 1, "unknown column \"iban\""),
        ("customer_id,bank,account_number\nCUST0000001,X,1\nCUST0000009,X,1\n", 3, "customer_id \"CUST0000009\" names no customer"),
        ("customer_id,bank,account_number\ncust1,X,1\n", 2, "customer_id \"cust1\" is not valid"),
        ("customer_id,bank,account_number\nCUST0000001,,1\n", 2, "bank is empty; it is required"),
        ("customer_id,bank,account_number,opened_on\nCUST0000001,X,1,2024-02-30\n", 2, "opened_on \"2024-02-30\" is not valid"),
        ("customer_id,bank,account_number\nCUST0000001,X,\(String(repeating: "9", count: 35))\n", 2, "account_number is 35 characters long; at most 34 fit"),
        ("customer_id,bank,account_number\nCUST0000001,A\u{0}B,1\n", 2, "bank holds the control character U+0000"),
    ])
    func aBadGroupFileAddsNothing(csv: String, line: Int, reason: String) throws {
        let database = try AppDatabase.inMemory()
        try database.importCustomers(csv: "last_name\nJallow\n", now: now)
        let error = #expect(throws: CustomerImportError.self) { try importing("bank_accounts", csv, into: database) }
        #expect(error?.line == line)
        #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "")")
        #expect(try database.reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM customer_bank_accounts") } == 0)
    }
}
