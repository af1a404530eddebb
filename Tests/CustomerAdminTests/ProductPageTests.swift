import Foundation
import Testing
@testable import CustomerAdmin

/// The profile's product tabs and the policy and credit pages, through `App.handle`.
@Suite struct ProductPageTests {
    let known: App
    let seeded = App(database: ProductFixtures.seeded)

    init() throws {
        known = App(database: try ProductFixtures.known())
    }

    private func get(_ target: String, on app: App? = nil) throws -> (Response, String) {
        try ProductFixtures.get(app ?? known, target)
    }

    // MARK: - Portfolio

    @Test func portfolioListsPoliciesHeldFirstThenInsuredOrBeneficiaryNewestFirst() throws {
        let (response, body) = try get("/customers/CUST0000001/portfolio")
        #expect(response.status == 200)
        #expect(ProductFixtures.linked("/policies/", in: body) == ["P-HOME-1", "P-LIFE-2", "P-AUTO-3", "P-LIFE-4"])
        let held = try #require(body.range(of: "As policyholder"))
        let other = try #require(body.range(of: "As insured or beneficiary"))
        #expect(held.upperBound < other.lowerBound)
        #expect(body.contains("<span class=\"badge tone-pending\">Insured</span>"))
        #expect(body.contains("<span class=\"badge tone-pending\">Beneficiary</span>"))
        #expect(body.contains("<span class=\"badge tone-warning\">Lapsed</span>"), "a status is a badge with its word")
        #expect(body.contains("250.00&nbsp;GMD"), "money with its currency")
        #expect(body.contains("2026-01-10"))
        #expect(body.contains("<title>CUST0000001 · Ana Holder · Portfolio · customer-admin</title>"))
        #expect(body.contains("<a href=\"/customers/CUST0000001/portfolio\" aria-current=\"page\">Portfolio <span class=\"count\">(4)</span></a>"))
        #expect(body.contains("Motor &lt;b&gt;&quot;comprehensive&quot;&lt;/b&gt; &amp; co"), "product names are escaped")
        #expect(!body.contains("<b>\"comprehensive\""))
    }

    @Test func aCustomerWithoutProductsSaysSoOnEveryTab() throws {
        let expected: [String: String] = [
            "portfolio": "No policies.", "payments": "No payments.", "claims": "No claims.", "credits": "No credits.",
        ]
        for (tab, sentence) in expected {
            let (response, body) = try get("/customers/CUST0000003/\(tab)")
            #expect(response.status == 200, "\(tab)")
            #expect(body.contains(sentence), "\(tab)")
            #expect(!body.contains("class=\"pager\""), "\(tab)")
        }
    }

    @Test func theProfileShowsTheTabsWithTheirCounts() throws {
        let (response, body) = try get("/customers/CUST0000001")
        #expect(response.status == 200)
        #expect(body.contains("<a href=\"/customers/CUST0000001\" aria-current=\"page\">Profile</a>"))
        #expect(body.contains("Payments <span class=\"count\">(5)</span>"))
        #expect(body.contains("Claims <span class=\"count\">(2)</span>"))
        #expect(body.contains("Credits <span class=\"count\">(2)</span>"))
    }

    // MARK: - Payments

    @Test func paymentsShowPremiumsDueOldestFirstThenPaymentsMadeNewestFirstLinked() throws {
        let (response, body) = try get("/customers/CUST0000001/payments")
        #expect(response.status == 200)
        let due = try #require(body.range(of: "<h3>Premiums due</h3>"))
        let made = try #require(body.range(of: "<h3>Payments made</h3>"))
        let duePart = String(body[due.upperBound..<made.lowerBound])
        let madePart = String(body[made.upperBound...])
        #expect(duePart.matches(of: /<td class="nowrap">(\d{4}-\d\d-\d\d)<\/td>/).map { String($0.output.1) } == ["2026-08-01", "2099-10-01"])
        #expect(duePart.contains("Missed") && duePart.contains(">Due<"))
        // Policy and credit payments together, newest first; each links to its policy or credit.
        #expect(madePart.matches(of: /<tr><td class="nowrap">(\d{4}-\d\d-\d\d)<\/td>/).map { String($0.output.1) }
            == ["2026-09-11", "2026-03-01", "2026-01-12", "2025-07-10", "2024-02-10"])
        #expect(ProductFixtures.linked("/credits/", in: madePart).first == "CR-NEW-2")
        #expect(ProductFixtures.linked("/policies/", in: madePart).contains("P-LIFE-2"))
        #expect(madePart.contains("<td>Interest</td>") && madePart.contains("<td>Posting</td><td>Yes</td>"), "an automatic posting says so")
    }

    // MARK: - Claims

    @Test func claimsListFirstNotificationsAndClaimsNewestFirst() throws {
        let (_, body) = try get("/customers/CUST0000001/claims")
        #expect(body.matches(of: /<td class="mono">(CLM-\d)<\/td>/).map { String($0.output.1) } == ["CLM-2", "CLM-1"])
        #expect(body.contains("First notification of loss"))
        #expect(body.contains("1 200.00&nbsp;GMD".replacingOccurrences(of: " ", with: "\u{202F}")))
        let (_, none) = try get("/customers/CUST0000002/claims")
        #expect(none.contains("No claims."))
    }

    // MARK: - Credits

    @Test func creditsShowTheRefinancedTableOnlyWhenThereIsOne() throws {
        let (_, body) = try get("/customers/CUST0000001/credits")
        #expect(body.contains("<h3>Refinanced credits</h3>"))
        let refinanced = String(body[try #require(body.range(of: "<h3>Refinanced credits</h3>")).upperBound...])
        #expect(ProductFixtures.linked("/credits/", in: refinanced).prefix(2) == ["CR-OLD-1", "CR-NEW-2"], "the refinanced credit and the one that refinanced it")
        let associated = String(body[..<(try #require(body.range(of: "<h3>Refinanced credits</h3>")).lowerBound)])
        #expect(ProductFixtures.linked("/credits/", in: associated) == ["CR-NEW-2", "CR-OLD-1"], "the active credit names the one it refinanced")
        #expect(body.contains("24.50\u{00A0}%") == false, "the refinanced credit is not among the associated ones")
        #expect(body.contains("14.00\u{00A0}%"))

        let (_, single) = try get("/customers/CUST0000004/credits")
        #expect(!single.contains("Refinanced credits"))
        #expect(ProductFixtures.linked("/credits/", in: single) == ["CR-ONLY-3"])
        #expect(single.contains("&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien"), "the header escapes the name")
        #expect(single.contains("No payments."))
    }

    // MARK: - Policy and credit pages

    @Test func aPolicyPageShowsItsPartiesPaymentsAndClaimsLinked() throws {
        let (response, body) = try get("/policies/P-AUTO-3")
        #expect(response.status == 200)
        #expect(body.contains("<title>Policy P-AUTO-3 · Motor &lt;b&gt;"))
        #expect(ProductFixtures.linked("/customers/", in: body).filter { $0.hasPrefix("CUST") } == ["CUST0000002/portfolio", "CUST0000002", "CUST0000001"])
        #expect(body.contains("<span class=\"badge tone-good\">Policyholder</span>"))
        #expect(body.contains("2026-02-01"))
        #expect(body.contains("No claims."))

        let (_, home) = try get("/policies/P-HOME-1")
        #expect(home.contains("CLM-1") && home.contains("Water damage"))
        #expect(home.contains("<span class=\"badge tone-good\">Paid</span>"))
    }

    @Test func aCreditPageLinksBothWaysOfARefinancing() throws {
        let (response, new) = try get("/credits/CR-NEW-2")
        #expect(response.status == 200)
        #expect(new.contains("<dt>Refinanced credit</dt><dd><a class=\"mono\" href=\"/credits/CR-OLD-1\">CR-OLD-1</a></dd>"))
        #expect(new.contains("<dt>Refinanced by</dt><dd>—</dd>"))
        #expect(new.contains("href=\"/customers/CUST0000001/credits\""), "back to the customer's credits")
        #expect(new.matches(of: /<tr><td class="nowrap">(\d{4}-\d\d-\d\d)<\/td>/).map { String($0.output.1) } == ["2026-09-10", "2099-10-10"], "the schedule in time order")

        let (_, old) = try get("/credits/CR-OLD-1")
        #expect(old.contains("<dt>Refinanced by</dt><dd><a class=\"mono\" href=\"/credits/CR-NEW-2\">CR-NEW-2</a></dd>"))
        #expect(old.contains("Early repayment"))
        #expect(old.contains("24.50\u{00A0}%"))
    }

    // MARK: - Paging on the seeded store

    @Test func aHeavyPortfolioIsPagedAndAPagePastTheEndShowsTheLastOne() throws {
        let heavy = try #require(ProductFixtures.heavy.first)
        let id = CustomerID(number: heavy)
        let (first, body) = try get("/customers/\(id)/portfolio", on: seeded)
        #expect(first.status == 200)
        #expect(body.contains("Showing 1–20 of 2"))
        let firstPage = ProductFixtures.linked("/policies/", in: body)
        #expect(firstPage.count == 20)
        let (_, second) = try get("/customers/\(id)/portfolio?page=2", on: seeded)
        let secondPage = ProductFixtures.linked("/policies/", in: second)
        #expect(secondPage.count == 20)
        #expect(Set(firstPage).isDisjoint(with: secondPage), "pages never repeat a policy")
        let total = try ProductFixtures.seeded.productCounts(customer: heavy).policies.value
        #expect(total >= 200)
        let lastPage = (total + 19) / 20
        for beyond in ["99999", "999999999999999999999999", "\(Int.max)"] {
            let (response, page) = try get("/customers/\(id)/portfolio?page=\(beyond)", on: seeded)
            #expect(response.status == 200, "page \(beyond)")
            #expect(page.contains("aria-current=\"page\" class=\"current\">\(lastPage)</a>"), "page \(beyond) shows the last page")
            #expect(page.contains("of \(total) policies"))
        }
        for garbage in ["-3", "0", "abc", "1e9", "%00", "", "1.5"] {
            let (response, page) = try get("/customers/\(id)/portfolio?page=\(garbage)", on: seeded)
            #expect(response.status == 200 || response.status == 400, "page \(garbage)")
            if response.status == 200 { #expect(page.contains("Showing 1–20"), "page \(garbage) is the first") }
        }
    }

    @Test func aHeavyCustomersPaymentsArePagedWithTheirCount() throws {
        let heavy = try #require(ProductFixtures.heavy.last)
        let id = CustomerID(number: heavy)
        let counts = try ProductFixtures.seeded.productCounts(customer: heavy)
        #expect(counts.payments.value >= 2_000)
        let (response, body) = try get("/customers/\(id)/payments?page=3", on: seeded)
        #expect(response.status == 200)
        #expect(body.contains("Showing 41–60 of \(Format.count(counts.payments.value)) payments"))
        #expect(body.contains("rel=\"prev\"") && body.contains("rel=\"next\""))
        #expect(body.contains("Payments <span class=\"count\">(\(Format.count(counts.payments.value)))</span>"))
    }

    @Test func everySeededCustomersTabsAnswer() throws {
        for number in stride(from: 1, through: 300, by: 7) {
            for tab in FieldCatalog.standard.tabs.map(\.name) {
                let (response, body) = try get("/customers/\(CustomerID(number: Int64(number)))/\(tab)", on: seeded)
                #expect(response.status == 200, "\(number) \(tab)")
                #expect(body.hasSuffix("</html>\n") || body.hasSuffix("</html>"), "\(number) \(tab)")
            }
        }
        // Every policy and credit a tab links to has its page.
        let heavy = CustomerID(number: try #require(ProductFixtures.heavy.first))
        let (_, portfolio) = try get("/customers/\(heavy)/portfolio", on: seeded)
        let (_, credits) = try get("/customers/\(heavy)/credits", on: seeded)
        for number in ProductFixtures.linked("/policies/", in: portfolio).prefix(3) {
            #expect(try get("/policies/\(number)", on: seeded).0.status == 200, "\(number)")
        }
        for number in ProductFixtures.linked("/credits/", in: credits).prefix(3) {
            #expect(try get("/credits/\(number)", on: seeded).0.status == 200, "\(number)")
        }
    }

    // MARK: - Bad input

    @Test(arguments: [
        "/customers/CUST12/portfolio", "/customers/CUST0000001/unknown", "/customers/CUST9999999/portfolio",
        "/customers/CUST0000000/credits", "/customers/%3Cscript%3E/claims", "/policies/../../etc/passwd", "/policies/..",
        "/credits/%00", "/credits/\u{0}", "/policies/NOPE-1", "/credits/" + String(repeating: "9", count: 5_000),
        "/policies/a%20b", "/policies/<script>", "/credits/", "/policies/P-HOME-1/extra",
    ])
    func badAddressesGetThe404Page(target: String) throws {
        let (response, body) = try get(target)
        #expect(response.status == 404, "\(target)")
        #expect(body.contains("404 · Not Found"), "\(target)")
        #expect(!body.contains("<script>"), "\(target)")
    }

    @Test func aLowerCaseCustomerIDOpensTheSameCustomer() throws {
        let (response, body) = try get("/customers/cust0000001/portfolio")
        #expect(response.status == 200)
        #expect(body.contains("CUST0000001"))
    }
}
