/// `GET /customers/{id}`: who the customer is and how to reach them.
enum ProfilePage {
    /// `actions` gives what goes under the header card (the flash and the buttons by role).
    static func response(
        id: String, staff: Staff, database: AppDatabase, actions: (Customer, CustomerID) throws -> HTML = { _, _ in .empty }
    ) throws -> Response {
        guard let customerID = CustomerID(id), let customer = try database.customer(number: customerID.number) else {
            throw HTTPError(404, "There is no customer “\(id)”. It may have been mistyped, or the link is old.")
        }
        let counts = try database.productCounts(customer: customerID.number)
        return .html(render(customer, id: customerID, staff: staff, counts: counts, actions: try actions(customer, customerID)))
    }

    static func render(_ customer: Customer, id: CustomerID, staff: Staff, counts: ProductCounts, actions: HTML = .empty) -> HTML {
        let name = customer.displayName.isEmpty ? "(no name)" : customer.displayName
        return Layout.page(
            title: "\(id) · \(name)", staff: staff, back: Layout.backLink("/customers", "Customers"),
            content: """
                \(header(customer, id: id))
                \(actions)
                \(ProductTab.row(id, current: nil, counts: counts))
                \(tabs(customer))
                """)
    }

    /// The header card every tab of the profile shows.
    static func header(_ customer: Customer, id: CustomerID) -> HTML {
        let name = customer.displayName.isEmpty ? "(no name)" : customer.displayName
        return """
            <section class="card profile-head">
              <h1>\(name)</h1>
              <p class="meta"><span class="mono">\(id.description)</span> · \(customer.kind.label) · \(Components.statusBadge(customer.status))</p>
            </section>
            """
    }

    /// The customer's facts under the catalog's tabs, in the catalog's order; a tab without a field
    /// for this kind of customer is left out.
    private static func tabs(_ customer: Customer) -> [HTML] {
        let catalog = customer.catalog
        return catalog.tabs.compactMap { tab -> HTML? in
            let facts = catalog.fields.filter { $0.tab == tab.name && $0.kinds.includes(customer.kind) }
                .map { field -> (String, HTML) in (field.label, "\(customer.shown(field))") }
            guard !facts.isEmpty else { return nil }
            return """
                <section class="card" id="tab-\(tab.name)">
                  <h2>\(tab.label)</h2>
                  \(Components.facts(facts))
                </section>
                """
        }
    }
}
