import Foundation
import Testing
@testable import CustomerAdmin

/// Issue 13, point 6: one word and one colour per status wherever a customer's status is shown — the
/// listing (the Customers section's Enabled / Disabled / Blocked over the business status), the
/// profile, the filters, the CSV, the Excel sheet and the PDF — all from `Status.label` and
/// `StatusGroup.label`, with the colour from the `status-…` class.
@Suite(.serialized) struct StatusLabelsTests {
    let database: AppDatabase
    let app: App
    /// Each status's customer, by status.
    var customers: [Status: CustomerID] = [:]

    init() throws {
        database = try AppDatabase.inMemory()
        try database.setStaff(Staff(userName: "mara", role: .manager))
        app = App(database: database)
        for status in Status.allCases {
            var customer = Customer(kind: .individual, status: status)
            customer.firstName = "Label"
            customer.lastName = "Of\(status.label)"
            customers[status] = try #require(database.create(customer).customerID)
        }
    }

    private func get(_ target: String) throws -> (Response, String) {
        let response = app.handle(Request("GET", target, user: "mara"))
        return (response, try response.bodyText())
    }

    /// The table row of the customer with this ID in a listing page.
    private func row(_ page: String, _ id: CustomerID) throws -> String {
        let match = try #require(page.firstMatch(of: try Regex("<tr data-href=\"/customers/\(id)\">.*?</tr>").dotMatchesNewlines()))
        return String(match.output[0].substring ?? "")
    }

    @Test func theStatusWordsAreTheSeeds() {
        #expect(Status.allCases.map(\.label) == ["Newbie", "Prospect", "Customer", "Dormant", "Blocked", "Closed"])
        #expect(StatusGroup.allCases.map(\.label) == ["Enabled", "Disabled", "Blocked"])
        #expect(Status.allCases.compactMap { StatusGroup($0)?.label } == ["Enabled", "Disabled", "Blocked", "Disabled"])
    }

    @Test func listingAndProfileShowTheSameWordInTheSameColour() throws {
        for status in Status.allCases {
            let id = try #require(customers[status])
            let badge = "<span class=\"badge status-\(status.rawValue)\""
            let (_, all) = try get("/customers?section=all&per_page=100")
            let cell = try row(all, id)
            #expect(cell.contains(badge) && cell.contains(">\(status.label)</span>"), "all: \(cell)")

            // The pre-customers' section has no status column (seed 000); the Customers section shows
            // the lending seeds' word, the business status beside it for screen readers and as a tooltip.
            if let group = StatusGroup(status) {
                let (_, own) = try get("/customers?section=customers&per_page=100")
                let shown = try row(own, id)
                #expect(shown.contains(badge), "\(shown)")
                #expect(shown.contains("title=\"\(status.label)\">\(group.label)<span class=\"visually-hidden\"> (\(status.label))</span>"), "\(shown)")
            }

            let (_, profile) = try get("/customers/\(id)")
            #expect(profile.contains("\(badge)>\(status.label)</span>"), "profile of \(status)")
        }
    }

    @Test func theFiltersOfferEveryStatusByItsWord() throws {
        let (_, page) = try get("/customers?section=all")
        for status in Status.allCases {
            #expect(page.contains("value=\"\(status.rawValue)\""))
            #expect(page.contains("<span class=\"badge status-\(status.rawValue)\">\(status.label)</span>"))
        }
    }

    @Test func csvAndExcelWriteTheWordThePagesShow() throws {
        let (csvResponse, csv) = try get("/customers.csv?section=all&sort=id")
        #expect(csvResponse.status == 200)
        let (xlsxResponse, _) = try get("/customers.xlsx?section=all&sort=id")
        #expect(xlsxResponse.status == 200)
        let sheet = try #require(try XLSXExportTests.parts(try xlsxResponse.collectBody())["xl/worksheets/sheet1.xml"])
        for status in Status.allCases {
            let id = try #require(customers[status])
            let line = try #require(csv.split(whereSeparator: \.isNewline).first { $0.hasPrefix(id.description) })
            #expect(line.split(separator: ",").contains(Substring(status.label)), "\(line)")
            #expect(!line.split(separator: ",").contains(Substring(status.rawValue)), "the stored value is not shown: \(line)")
            #expect(sheet.contains(">\(status.label)<"), "the sheet has \(status.label)")
        }
    }

    @Test func thePDFWritesTheWordThePagesShow() throws {
        let (_, dialog) = try get("/customers/export?section=all")
        let token = try #require(PageCacheTests.token(dialog))
        let key = try #require(PageCacheTests.submissionKeys(dialog).first)
        var form = Parameters()
        for (name, value) in [("section", "all"), ("field", "customer_id"), ("field", "status"), ("csrf", token), ("submission", key)] {
            form.append(name, value)
        }
        let response = app.handle(Request(
            method: "POST", path: "/customers/export",
            headers: ["content-type": "application/x-www-form-urlencoded", "host": "customers.example.test"],
            remoteUser: "mara", body: Array(form.encoded.utf8)))
        #expect(response.status == 200)
        let text = try PDFFile(try response.collectBody()).text()
        for status in Status.allCases {
            let id = try #require(customers[status])
            let line = try #require(text.split(whereSeparator: \.isNewline).first { $0.contains(id.description) })
            #expect(line.contains(status.label), "\(line)")
        }
    }
}
