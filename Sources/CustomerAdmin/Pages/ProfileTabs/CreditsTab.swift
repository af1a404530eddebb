/// The Credits tab (seeds 001, 003): the associated credits (paged), the Refinanced credits table
/// only when there is one, and the recent payments; every credit linked to its page.
enum CreditsTab {
    /// `actions` is "+ Create credit" for the roles that may; `requested` the number of a credit just
    /// requested (from the redirect), confirmed only when it is one of the customer's.
    static func content(_ overview: CreditsOverview, pageURL: (Int) -> String, actions: HTML = .empty, requested: String? = nil) -> HTML {
        let associated = overview.associated
        let confirmed = requested.flatMap { number in associated.items.first { $0.credit.number == number && $0.credit.status == .requested } }
        return """
            \(confirmed.map { "<p class=\"flash\" role=\"status\">Credit \(ProductCells.creditLink($0.credit.number)) requested.</p>" as HTML } ?? .empty)
            \(actions)
            <h3>Credits</h3>
            \(associated.items.isEmpty ? ProductCells.empty("No credits.") : credits(associated.items))
            \(TabPager.render(associated, what: "credits", url: pageURL))
            \(HTML.when(!overview.refinanced.isEmpty, refinanced(overview.refinanced)))
            <h3>Recent payments</h3>
            \(overview.recentPayments.isEmpty
                ? ProductCells.empty("No payments.")
                : ProductCells.table(caption: "Recent payments on credits, newest first", headers: PaymentRows.headers, rows: overview.recentPayments.map(PaymentRows.row)))
            """
    }

    private static func credits(_ entries: [CreditEntry]) -> HTML {
        let headers: [(String, numeric: Bool)] = [
            ("Credit", false), ("Product", false), ("Status", false), ("Amount", true), ("Outstanding", true), ("Rate", true),
            ("Term", true), ("Start", false), ("End", false), ("Refinanced", false),
        ]
        let rows = entries.map { entry -> HTML in
            let credit = entry.credit
            return """
                <tr><td>\(ProductCells.creditLink(credit.number))</td>\
                <td>\(credit.product)</td>\
                <td>\(ProductCells.badge(credit.status))</td>\
                <td class="num">\(ProductCells.money(credit.amount, credit.currency))</td>\
                <td class="num">\(ProductCells.money(credit.outstanding, credit.currency))</td>\
                <td class="num">\(ProductCells.rate(credit.rate))</td>\
                <td class="num">\(credit.termMonths) mo</td>\
                <td class="nowrap">\(ProductCells.day(credit.startDate))</td>\
                <td class="nowrap">\(ProductCells.day(credit.endDate))</td>\
                <td>\(entry.refinancedNumber.map(ProductCells.creditLink) ?? "—")</td></tr>

                """
        }
        return ProductCells.table(caption: "Credits, newest first", headers: headers, rows: rows)
    }

    private static func refinanced(_ entries: [CreditEntry]) -> HTML {
        let headers: [(String, numeric: Bool)] = [
            ("Credit", false), ("Product", false), ("Amount", true), ("Start", false), ("Refinanced on", false), ("Refinanced by", false),
        ]
        let rows = entries.map { entry -> HTML in
            let credit = entry.credit
            return """
                <tr><td>\(ProductCells.creditLink(credit.number))</td>\
                <td>\(credit.product)</td>\
                <td class="num">\(ProductCells.money(credit.amount, credit.currency))</td>\
                <td class="nowrap">\(ProductCells.day(credit.startDate))</td>\
                <td class="nowrap">\(ProductCells.day(credit.endDate))</td>\
                <td>\(entry.refinancedByNumber.map(ProductCells.creditLink) ?? "—")</td></tr>

                """
        }
        return """
            <h3>Refinanced credits</h3>
            \(ProductCells.table(caption: "Refinanced credits", headers: headers, rows: rows))
            """
    }
}
