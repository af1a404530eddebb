import Foundation
import Testing
@testable import CustomerAdmin

/// Each section of the listing shows the seeds' columns, and its downloads the same ones.
@Suite struct ListingSectionTests {
    let database: AppDatabase
    let app: App

    init() throws {
        database = try AppDatabase.inMemory()
        try database.setStaff(Staff(userName: "vera", role: .viewer))
        app = App(database: database)
        for (index, status) in Status.allCases.enumerated() {
            var customer = Customer(kind: .individual, status: status)
            customer.lastName = "Person\(index)"
            customer[text: "id_type"] = "Passport"
            customer[text: "city"] = "Banjul"
            customer[text: "country"] = "The Gambia"
            customer[text: "relationship_officer"] = "a.touray"
            customer[text: "personal_data_accepted_on"] = "2026-01-0\(index + 1)"
            customer.createdAt = "2026-01-10 09:00:00"
            try database.create(customer)
        }
    }

    private func page(_ target: String) throws -> String {
        try app.handle(Request("GET", target, user: "vera")).bodyText()
    }

    /// Header texts without their sort arrows.
    private func headers(_ body: String) -> [String] {
        body.matches(of: /<th scope="col"[^>]*>(?:<a [^>]*>)?([^<]*)/).map { $0.output.1.trimmingCharacters(in: .whitespaces) }
    }

    @Test(arguments: [
        ("section=pre", ["Pre-customer ID", "Name", "Phone", "Date created", "Date modified", "ID type", "E-mail"]),
        ("section=customers", ["Customer ID", "Name", "Status", "Active loans", "E-mail", "Phone", "National ID", "Date created",
                               "Date modified", "Personal data acceptance", "Commercial approval"]),
        ("", ["Customer ID", "Name", "Status", "Active loans", "Phone", "E-mail", "National ID", "Balance", "Date created",
              "Date modified", "Relationship officer", "Address"]),
    ])
    func eachSectionShowsItsColumns(query: String, expected: [String]) throws {
        let body = try page("/customers?" + query)
        #expect(headers(body) == expected)
        let csv = String(decoding: try app.handle(Request("GET", "/customers.csv?" + query, user: "vera")).collectBody().dropFirst(3), as: UTF8.self)
        let names = csv.prefix { $0 != "\r\n" }.split(separator: ",").map(String.init)
        #expect(names.map { FieldCatalog.standard[$0]?.label } == FieldCatalog.standard.columns(for: CustomerFilter(try Parameters(urlEncoded: query)).section).map(\.label))
        #expect(names.first == "customer_id")
    }

    @Test func customersShowTheLendingStatusWithTheStatusBeside() throws {
        let body = try page("/customers?section=customers")
        for (status, group) in [(Status.customer, "Enabled"), (.dormant, "Disabled"), (.closed, "Disabled"), (.blocked, "Blocked")] {
            #expect(body.contains(
                "<span class=\"badge status-\(status.rawValue)\" title=\"\(status.label)\">\(group)<span class=\"visually-hidden\"> (\(status.label))</span></span>"))
        }
        #expect(!body.contains("Newbie</span></td>"))
    }

    @Test func preCustomersShowIDTypeAndTheAllSectionTheAddress() throws {
        let pre = try page("/customers?section=pre")
        #expect(pre.contains("<td>Passport</td>"))
        let all = try page("/customers")
        #expect(all.contains("<td>Banjul, The Gambia</td>"))
        #expect(all.contains("<td class=\"nowrap\">a.touray</td>") || all.contains("<td>a.touray</td>"))
        let customers = try page("/customers?section=customers")
        #expect(customers.contains("2026-01-03</td>"))
    }

    @Test func onlySortableColumnsAreLinks() throws {
        let body = try page("/customers?section=customers")
        #expect(body.contains("<th scope=\"col\" class=\"num\">Active loans</th>"))
        #expect(body.contains("<th scope=\"col\">Personal data acceptance</th>"))
        #expect(body.contains("href=\"/customers?section=customers&amp;sort=email&amp;dir=asc\">E-mail</a>"))
    }
}
