/// The Portfolio tab: the policies where the customer is policyholder, then those where they are
/// insured or beneficiary (the store's order), each with its role, number, product, status, dates
/// and premium.
enum PortfolioTab {
    static func content(_ page: RelatedPage<PortfolioEntry>, pageURL: (Int) -> String) -> HTML {
        guard !page.items.isEmpty else { return ProductCells.empty("No policies.") }
        let held = page.items.filter { $0.role == .policyholder }
        let others = page.items.filter { $0.role != .policyholder }
        return """
            \(HTML.when(!held.isEmpty, section("As policyholder", held)))
            \(HTML.when(!others.isEmpty, section("As insured or beneficiary", others)))
            \(TabPager.render(page, what: "policies", url: pageURL))
            """
    }

    private static func section(_ title: String, _ entries: [PortfolioEntry]) -> HTML {
        let headers: [(String, numeric: Bool)] = [
            ("Role", false), ("Policy", false), ("Product", false), ("Status", false), ("Start", false), ("End", false),
            ("Premium", true),
        ]
        return """
            <h3>\(title)</h3>
            \(ProductCells.table(caption: "Policies, \(title.lowercased())", headers: headers, rows: entries.map(row)))
            """
    }

    private static func row(_ entry: PortfolioEntry) -> HTML {
        let policy = entry.policy
        let premium: HTML =
            policy.kind == .master ? "—" : "\(ProductCells.money(policy.premium, policy.currency)) <span class=\"muted\">\(policy.frequency.label.lowercased())</span>"
        return """
            <tr><td>\(ProductCells.badge(entry.role))</td>\
            <td>\(ProductCells.policyLink(policy.number))\(HTML.when(policy.kind == .master, " <span class=\"muted\">master</span>"))</td>\
            <td>\(policy.product)</td>\
            <td>\(ProductCells.badge(policy.status))</td>\
            <td class="nowrap">\(ProductCells.day(policy.startDate))</td>\
            <td class="nowrap">\(ProductCells.day(policy.endDate))</td>\
            <td class="num">\(premium)</td></tr>

            """
    }
}
