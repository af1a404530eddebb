/// The Payments tab: premiums due (not paid yet, oldest first: what needs attention) and payments
/// made on policies and credits (newest first, paged), each linked to its policy or credit.
enum PaymentsTab {
    static func content(_ overview: PaymentsOverview, today: String, pageURL: (Int) -> String) -> HTML {
        """
        <h3>Premiums due</h3>
        \(premiumsDue(overview, today: today))
        <h3>Payments made</h3>
        \(overview.made.items.isEmpty ? ProductCells.empty("No payments.") : made(overview.made))
        \(TabPager.render(overview.made, what: "payments", url: pageURL))
        """
    }

    private static func premiumsDue(_ overview: PaymentsOverview, today: String) -> HTML {
        guard !overview.unpaid.isEmpty else { return ProductCells.empty("No premiums due.") }
        let rows = overview.unpaid.map { entry -> HTML in
            """
            <tr><td class="nowrap">\(ProductCells.day(entry.payment.dueDate))</td>\
            <td>\(ProductCells.link(entry.kind, entry.number))</td>\
            <td>\(entry.product)</td>\
            <td class="num">\(ProductCells.money(entry.payment.amount, entry.currency))</td>\
            <td>\(ProductCells.badge(entry.payment.state(today: today)))</td></tr>

            """
        }
        return """
            \(ProductCells.table(
                caption: "Premiums due, oldest first",
                headers: [("Due", false), ("Policy", false), ("Product", false), ("Amount", true), ("State", false)], rows: rows))
            \(ProductCells.cutNote(shown: overview.unpaid.count, of: overview.unpaidCount, what: "premiums due"))
            """
    }

    private static func made(_ page: RelatedPage<PaymentEntry>) -> HTML {
        ProductCells.table(
            caption: "Payments made, newest first",
            headers: PaymentRows.headers, rows: page.items.map(PaymentRows.row))
    }
}

/// A payment made, as the Payments and Credits tabs list it.
enum PaymentRows {
    static let headers: [(String, numeric: Bool)] = [
        ("Paid on", false), ("For", false), ("Product", false), ("Purpose", false), ("Amount", true), ("Method", false),
        ("Automatic", false),
    ]

    static func row(_ entry: PaymentEntry) -> HTML {
        let payment = entry.payment
        return """
            <tr><td class="nowrap">\(ProductCells.day(payment.paidOn))</td>\
            <td>\(entry.kind == .policy ? "Policy" : "Credit") \(ProductCells.link(entry.kind, entry.number))</td>\
            <td>\(entry.product)</td>\
            <td>\(payment.purpose.label)</td>\
            <td class="num">\(ProductCells.money(payment.amount, entry.currency))</td>\
            <td>\(payment.method?.label ?? "—")</td>\
            <td>\(ProductCells.yesNo(payment.automatic))</td></tr>

            """
    }
}
