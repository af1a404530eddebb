/// The profile's product tabs, each its own URL `/customers/{id}/{tab}` (issue 11, point 3).
enum ProductTab: String, CaseIterable, Sendable {
    case portfolio, payments, claims, credits

    var label: String {
        switch self {
        case .portfolio: "Portfolio"
        case .payments: "Payments"
        case .claims: "Claims"
        case .credits: "Credits"
        }
    }

    private func count(_ counts: ProductCounts) -> BoundedCount {
        switch self {
        case .portfolio: counts.policies
        case .payments: counts.payments
        case .claims: counts.claims
        case .credits: counts.credits
        }
    }

    /// The row of tab links under the profile's header: Profile, then the product tabs with their
    /// counts; `current` nil marks Profile.
    static func row(_ id: CustomerID, current: ProductTab?, counts: ProductCounts) -> HTML {
        func tab(_ href: String, _ label: String, _ count: BoundedCount?, isCurrent: Bool) -> HTML {
            let shown: HTML = count.map { " <span class=\"count\">(\($0.exact ? Format.count($0.value) : Format.count($0.value) + "+"))</span>" } ?? .empty
            return "<a href=\"\(href)\"\(HTML.when(isCurrent, " aria-current=\"page\""))>\(label)\(shown)</a>"
        }
        let tabs = [tab(ProductCells.customerPath(id), "Profile", nil, isCurrent: current == nil)]
            + allCases.map { tab(ProductCells.customerPath(id, tab: $0.rawValue), $0.label, $0.count(counts), isCurrent: $0 == current) }
        return "<nav class=\"tabs profile-tabs\" aria-label=\"Customer record\">\(tabs)</nav>\n"
    }
}
