import Foundation

/// `GET /credits/{number}`: a credit with its customer, its payment schedule, the credit it
/// refinanced and the one that refinanced it, each linked.
enum CreditPage {
    static func response(number: String, staff: Staff, database: AppDatabase, now: Date = Date()) throws -> Response {
        guard let detail = try database.credit(number: number) else {
            throw HTTPError(404, "There is no credit “\(number)”. It may have been mistyped, or the link is old.")
        }
        return .html(render(detail, staff: staff, today: StoreDate.day(now)))
    }

    static func render(_ detail: CreditDetail, staff: Staff, today: String) -> HTML {
        let credit = detail.credit
        let holder = detail.holder.customerID
        return Layout.page(
            title: "Credit \(credit.number) · \(credit.product)", staff: staff,
            back: Layout.backLink(ProductCells.customerPath(holder, tab: "credits"), "Credits of \(holder)"),
            content: """
                <section class="card product-head">
                  <h1>Credit <span class="mono">\(credit.number)</span></h1>
                  <p class="meta">\(credit.product) · \(ProductCells.badge(credit.status))</p>
                  \(Components.facts(facts(detail)))
                </section>
                <section class="card" aria-labelledby="schedule">
                  <h2 id="schedule">Payment schedule</h2>
                  \(schedule(detail, today: today))
                </section>
                """)
    }

    private static func facts(_ detail: CreditDetail) -> [(String, HTML)] {
        let credit = detail.credit
        let holder = detail.holder
        return [
            ("Customer", "\(ProductCells.customerLink(holder.customerID)) \(holder.name) \(Components.statusBadge(holder.status))"),
            ("Product", "\(credit.product)"),
            ("Status", ProductCells.badge(credit.status)),
            ("Amount", ProductCells.money(credit.amount, credit.currency)),
            ("Outstanding", ProductCells.money(credit.outstanding, credit.currency)),
            ("Rate", "\(ProductCells.rate(credit.rate)) a year"),
            ("Term", "\(credit.termMonths) months"),
            ("Requested", "\(ProductCells.day(credit.requestedOn))"),
            ("Start", "\(ProductCells.day(credit.startDate))"),
            ("End", "\(ProductCells.day(credit.endDate))"),
            ("Purpose", "\(credit.purpose)"),
            ("Refinanced credit", detail.refinanced.map { ProductCells.creditLink($0.number) } ?? .empty),
            ("Refinanced by", detail.refinancedBy.map { ProductCells.creditLink($0.number) } ?? .empty),
        ]
    }

    private static func schedule(_ detail: CreditDetail, today: String) -> HTML {
        guard !detail.schedule.isEmpty else { return ProductCells.empty("No payments scheduled yet.") }
        return """
            \(ScheduleRows.table(detail.schedule, currency: detail.credit.currency, today: today, caption: "Payment schedule, in time order"))
            \(ProductCells.cutNote(shown: detail.schedule.count, of: detail.scheduleCount, what: "payments"))
            """
    }
}
