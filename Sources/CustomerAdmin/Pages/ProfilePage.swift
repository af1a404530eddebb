/// `GET /customers/{id}` and `/customers/{id}/{tab}`: the header card, the row of tabs and one tab's
/// content (`ProfileTabs`). An ID that is not `CUST` and 7 digits, a customer not in the store or a
/// tab the catalog does not have is a 404.
enum ProfilePage {
    /// `actions` gives what goes under the header card on every tab: the flash, the status and its form.
    static func response(
        id: String, tab name: String, _ visit: Visit, actions: (Customer, CustomerID) throws -> HTML = { _, _ in .empty }
    ) throws -> Response {
        let database = visit.database
        let catalog = database.catalog
        guard CustomerID(id) != nil else { throw CustomerLookup.notFound(id) }
        guard let tab = catalog.tabs.first(where: { $0.name == name }) else {
            throw HTTPError(404, "A customer’s record has no tab “\(name)”. The tabs are \(catalog.tabs.map(\.name).joined(separator: ", ")).")
        }
        // The customer and the tabs' counts in one read: each read is a transaction of its own.
        let (customerID, customer, counts) = try database.reader.read { db in
            let (customerID, customer) = try CustomerLookup.find(id, catalog: catalog, db)
            let counts = TabCounts(
                products: try AppDatabase.productCounts(db, customer: customerID.number),
                groups: try AppDatabase.groupCounts(db, catalog: catalog, customer: customerID.number))
            return (customerID, customer, counts)
        }
        let profile = ProfileVisit(visit: visit, customer: customer, id: customerID, tab: tab)
        let content = try ProfileTabs.definition(tab.name).content(profile)
        return .html(
            Layout.page(
                title: "\(customerID) · \(ProfileHeader.name(customer)) · \(tab.label)", staff: visit.staff,
                back: Layout.backLink("/customers", "Customers"),
                content: """
                    \(ProfileHeader.render(customer, id: customerID, role: visit.staff.role))
                    \(try actions(customer, customerID))
                    \(ProfileTabs.row(customer, id: customerID, current: tab.name, counts: counts))
                    <section class="card tab-panel" aria-labelledby="tab-heading">
                    <h2 id="tab-heading">\(tab.label)</h2>
                    \(content)
                    </section>
                    """))
    }
}
