/// The header card every tab of the profile shows (UI.md): name, ID, kind, status badge, red and
/// black list badges, phone and e-mail, relationship officer, and the actions the role may use.
enum ProfileHeader {
    static func name(_ customer: Customer) -> String {
        customer.displayName.isEmpty ? "(no name)" : customer.displayName
    }

    static func render(_ customer: Customer, id: CustomerID, role: Role) -> HTML {
        let phone = customer.catalog["phone"].map(customer.shown) ?? ""
        let email = customer.catalog["email"].map(customer.shown) ?? ""
        let officer = customer.catalog["relationship_officer"].map(customer.shown) ?? ""
        let phoneLink: HTML = phone.isEmpty ? "—" : "<a href=\"tel:\(phone.filter { $0.isNumber || $0 == "+" })\">\(phone)</a>"
        let emailLink: HTML = email.isEmpty ? "—" : "<a href=\"mailto:\(email)\">\(email)</a>"
        return """
            <section class="card profile-head">
              <div class="profile-head-main">
                <h1>\(name(customer))</h1>
                <p class="meta"><span class="mono">\(id.description)</span> · \(customer.kind.label) · \(Components.statusBadge(customer.status))\(Components.listBadges(customer))</p>
                <dl class="facts head-facts">
                  <div><dt>Phone</dt><dd>\(phoneLink)</dd></div>
                  <div><dt>E-mail</dt><dd>\(emailLink)</dd></div>
                  <div><dt>Relationship officer</dt><dd>\(officer.isEmpty ? "—" : officer)</dd></div>
                </dl>
              </div>
              \(actions(customer, id, role: role))
            </section>
            """
    }

    /// Links to what the role may do from the profile; a viewer has none. A closed customer is
    /// read-only but for notes; a black-listed one gets no credit, and the page says why.
    private static func actions(_ customer: Customer, _ id: CustomerID, role: Role) -> HTML {
        let open = customer.status != .closed
        let blackListed = customer.isOn(.black)
        var links: [HTML] = []
        if open, role.may(.editCustomer) { links.append("<a class=\"button\" href=\"/customers/\(id.description)/edit\">Edit</a>") }
        if role.may(.addNote) { links.append("<a class=\"button\" href=\"\(ProfileTabs.path(id, tab: "notes"))#add-note\">Add note</a>") }
        if open, !blackListed, role.may(.requestCredit) {
            links.append("<a class=\"button primary\" href=\"\(CreditRequestPage.path(id))\">+ Create credit</a>")
        }
        if open, blackListed, role.may(.requestCredit) {
            links.append("<span class=\"hint\">No credit: the customer is on the black list.</span>")
        }
        guard !links.isEmpty else { return .empty }
        return """
            <nav class="profile-actions" aria-label="Actions">
              \(HTML.join(links, separator: "\n  "))
            </nav>
            """
    }
}
