/// The Risk tab (seed 002): the risk fields, the day the customer was created, and the customer's
/// applications (credits requested and not yet decided), each linked to its credit.
enum RiskTab {
    static func content(_ profile: ProfileVisit) throws -> HTML {
        let applications = try profile.database.creditRequests(customer: profile.number)
        let created: [(String, HTML)] = profile.customer.catalog["created_at"].map { field in [(field.label, HTML("\(profile.customer.shown(field))"))] } ?? []
        return """
            \(try FactsTab.content(profile))
            \(Components.facts(created))
            <h3>Applications</h3>
            \(applications.isEmpty ? ProductCells.empty("No open applications.") : table(applications))
            """
    }

    private static func table(_ entries: [CreditEntry]) -> HTML {
        let rows = entries.map { entry -> HTML in
            let credit = entry.credit
            return """
                <tr><td class="nowrap">\(ProductCells.day(credit.requestedOn))</td>\
                <td>\(ProductCells.creditLink(credit.number))</td>\
                <td>\(credit.product)</td>\
                <td class="num">\(ProductCells.money(credit.amount, credit.currency))</td>\
                <td class="num">\(credit.termMonths) mo</td>\
                <td>\(credit.purpose.isEmpty ? "—" : credit.purpose)</td></tr>

                """
        }
        return ProductCells.table(
            caption: "Credit applications, newest first",
            headers: [("Requested", false), ("Credit", false), ("Product", false), ("Amount", true), ("Term", true), ("Purpose", false)],
            rows: rows)
    }
}
