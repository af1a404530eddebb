/// `GET /customers/{id}`: who the customer is and how to reach them.
enum ProfilePage {
    static func response(id: String, staff: Staff, database: AppDatabase) throws -> Response {
        guard let customerID = CustomerID(id), let customer = try database.customer(number: customerID.number) else {
            throw HTTPError(404, "There is no customer “\(id)”. It may have been mistyped, or the link is old.")
        }
        let counts = try database.productCounts(customer: customerID.number)
        return .html(render(customer, id: customerID, staff: staff, counts: counts))
    }

    static func render(_ customer: Customer, id: CustomerID, staff: Staff, counts: ProductCounts) -> HTML {
        let name = customer.displayName.isEmpty ? "(no name)" : customer.displayName
        return Layout.page(
            title: "\(id) · \(name)", staff: staff, back: Layout.backLink("/customers", "Customers"),
            content: """
                \(header(customer, id: id))
                \(ProductTab.row(id, current: nil, counts: counts))
                <section class="card">
                  <h2>Profile</h2>
                  \(Components.facts(facts(customer)))
                </section>
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

    private static func facts(_ c: Customer) -> [(String, String)] {
        var rows: [(String, String)] = []
        if c.kind == .individual {
            rows += [("First name", c.firstName), ("Middle name", c.middleName), ("Last name", c.lastName),
                     ("Birth date", c.birthDate)]
        } else {
            rows += [("Company name", c.companyName)]
        }
        rows += [
            ("E-mail", c.email), ("Phone", c.phone), ("National ID", c.nationalID),
            ("ID document", [c.idType, c.idNumber].filter { !$0.isEmpty }.joined(separator: " ")),
            ("Address", [c.addressLine, c.postalCode, c.city, c.region, c.country].filter { !$0.isEmpty }.joined(separator: ", ")),
            ("Balance", Format.money(c.balance)), ("Active loans", String(c.activeLoans)),
            ("Relationship officer", c.relationshipOfficer),
            ("Created", c.createdAt), ("Last modified", c.updatedAt),
        ]
        return rows
    }
}
