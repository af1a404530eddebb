import Foundation

/// `GET /customers/{id}/portfolio|payments|claims|credits`: the customer's header, the tab row and
/// one product tab, its long list paged with `?page=N` (a page past the end shows the last one).
enum ProductTabPage {
    static let perPage = 20

    static func response(id: String, tab: ProductTab, _ request: Request, staff: Staff, database: AppDatabase, now: Date = Date()) throws -> Response {
        guard let customerID = CustomerID(id), let customer = try database.customer(number: customerID.number) else {
            throw HTTPError(404, "There is no customer “\(id)”. It may have been mistyped, or the link is old.")
        }
        let number = customerID.number
        let page = PageRequest(page: TabPager.requestedPage(try request.query()), perPage: perPage)
        let pageURL = { (page: Int) in ProductCells.customerPath(customerID, tab: tab.rawValue) + "?page=\(page)" }
        let content: HTML =
            switch tab {
            case .portfolio: PortfolioTab.content(try database.portfolio(customer: number, page), pageURL: pageURL)
            case .payments: PaymentsTab.content(try database.payments(customer: number, page), today: StoreDate.day(now), pageURL: pageURL)
            case .claims: ClaimsTab.content(try database.claims(customer: number, page), pageURL: pageURL)
            case .credits: CreditsTab.content(try database.credits(customer: number, page), pageURL: pageURL)
            }
        let name = customer.displayName.isEmpty ? "(no name)" : customer.displayName
        return .html(
            Layout.page(
                title: "\(customerID) · \(name) · \(tab.label)", staff: staff, back: Layout.backLink("/customers", "Customers"),
                content: """
                    \(ProfilePage.header(customer, id: customerID))
                    \(ProductTab.row(customerID, current: tab, counts: try database.productCounts(customer: number)))
                    <section class="card tab-panel" aria-label="\(tab.label)">
                    \(content)
                    </section>
                    """))
    }
}
