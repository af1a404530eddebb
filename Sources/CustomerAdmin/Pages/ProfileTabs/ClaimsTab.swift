/// The Claims tab: first notifications of loss and claims the customer made, newest first, each
/// with its policy; "No claims" when there are none.
enum ClaimsTab {
    static func content(_ page: RelatedPage<ClaimEntry>, pageURL: (Int) -> String) -> HTML {
        guard !page.items.isEmpty else { return ProductCells.empty("No claims.") }
        let headers: [(String, numeric: Bool)] = [
            ("Claim", false), ("Stage", false), ("Policy", false), ("Loss", false), ("Notified", false), ("Status", false),
            ("Claimed", true), ("Paid", true), ("Closed", false),
        ]
        return """
            \(ProductCells.table(caption: "First notifications of loss and claims, newest first", headers: headers, rows: page.items.map(row)))
            \(TabPager.render(page, what: "claims", url: pageURL))
            """
    }

    private static func row(_ entry: ClaimEntry) -> HTML {
        let claim = entry.claim
        return """
            <tr><td class="mono">\(claim.number)</td>\
            <td>\(claim.status.isFirstNotification ? "First notification of loss" : "Claim")</td>\
            <td>\(ProductCells.policyLink(entry.policyNumber)) <span class="muted">\(entry.product)</span></td>\
            <td class="nowrap">\(ProductCells.day(claim.lossDate))</td>\
            <td class="nowrap">\(ProductCells.day(claim.notifiedOn))</td>\
            <td>\(ProductCells.badge(claim.status))</td>\
            <td class="num">\(ProductCells.money(claim.amountClaimed, entry.currency))</td>\
            <td class="num">\(ProductCells.money(claim.amountPaid, entry.currency))</td>\
            <td class="nowrap">\(ProductCells.day(claim.closedOn))</td></tr>

            """
    }
}
