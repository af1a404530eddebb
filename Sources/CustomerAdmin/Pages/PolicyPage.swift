import Foundation

/// `GET /policies/{number}`: a policy with its parties (linked to their profiles), its premiums and
/// payments, its claims, and for a master policy the policies issued under it.
enum PolicyPage {
    static func response(number: String, staff: Staff, database: AppDatabase, now: Date = Date()) throws -> Response {
        guard let detail = try database.policy(number: number) else {
            throw HTTPError(404, "There is no policy “\(number)”. It may have been mistyped, or the link is old.")
        }
        return .html(render(detail, staff: staff, today: StoreDate.day(now)))
    }

    static func render(_ detail: PolicyDetail, staff: Staff, today: String) -> HTML {
        let policy = detail.policy
        let holder = detail.parties.first { $0.role == .policyholder }?.customer
        let back =
            holder.map { Layout.backLink(ProductCells.customerPath($0.customerID, tab: "portfolio"), "Portfolio of \($0.customerID)") }
            ?? Layout.backLink("/customers", "Customers")
        let kind = policy.kind == .master ? "Master policy" : "Policy"
        return Layout.page(
            title: "\(kind) \(policy.number) · \(policy.product)", staff: staff, back: back,
            content: """
                <section class="card product-head">
                  <h1>\(kind) <span class="mono">\(policy.number)</span></h1>
                  <p class="meta">\(policy.product) · \(ProductCells.badge(policy.status))</p>
                  \(Components.facts(facts(detail)))
                </section>
                <section class="card" aria-labelledby="parties">
                  <h2 id="parties">Parties</h2>
                  \(parties(detail.parties))
                </section>
                <section class="card" aria-labelledby="payments">
                  <h2 id="payments">Premiums and payments</h2>
                  \(payments(detail, today: today))
                </section>
                <section class="card" aria-labelledby="claims">
                  <h2 id="claims">Claims</h2>
                  \(claims(detail))
                </section>
                \(HTML.when(policy.kind == .master, members(detail)))
                """)
    }

    private static func facts(_ detail: PolicyDetail) -> [(String, HTML)] {
        let policy = detail.policy
        let premium: HTML =
            policy.kind == .master ? .empty : "\(ProductCells.money(policy.premium, policy.currency)) \(policy.frequency.label.lowercased())"
        return [
            ("Product", "\(policy.product)"),
            ("Status", ProductCells.badge(policy.status)),
            ("Master policy", detail.masterNumber.map(ProductCells.policyLink) ?? .empty),
            ("Start", "\(ProductCells.day(policy.startDate))"),
            ("End", "\(ProductCells.day(policy.endDate))"),
            ("Premium", premium),
            ("Currency", "\(policy.currency)"),
        ]
    }

    private static func parties(_ parties: [PartyEntry]) -> HTML {
        let rows = parties.map { party -> HTML in
            """
            <tr><td>\(ProductCells.badge(party.role))</td>\
            <td>\(ProductCells.customerLink(party.customer.customerID))</td>\
            <td>\(party.customer.name.isEmpty ? "—" : party.customer.name)</td>\
            <td>\(Components.statusBadge(party.customer.status))</td></tr>

            """
        }
        return ProductCells.table(
            caption: "Parties of the policy", headers: [("Role", false), ("Customer", false), ("Name", false), ("Status", false)],
            rows: rows)
    }

    private static func payments(_ detail: PolicyDetail, today: String) -> HTML {
        guard !detail.payments.isEmpty else { return ProductCells.empty("No premiums or payments.") }
        return """
            \(ScheduleRows.table(detail.payments, currency: detail.policy.currency, today: today, caption: "Premiums and payments, newest first"))
            \(ProductCells.cutNote(shown: detail.payments.count, of: detail.paymentCount, what: "premiums and payments"))
            """
    }

    private static func claims(_ detail: PolicyDetail) -> HTML {
        guard !detail.claims.isEmpty else { return ProductCells.empty("No claims.") }
        let rows = detail.claims.map { claim -> HTML in
            """
            <tr><td class="mono">\(claim.number)</td>\
            <td>\(ProductCells.customerLink(CustomerID(number: claim.customerID), tab: "claims"))</td>\
            <td class="nowrap">\(ProductCells.day(claim.lossDate))</td>\
            <td class="nowrap">\(ProductCells.day(claim.notifiedOn))</td>\
            <td>\(claim.description)</td>\
            <td>\(ProductCells.badge(claim.status))</td>\
            <td class="num">\(ProductCells.money(claim.amountClaimed, detail.policy.currency))</td>\
            <td class="num">\(ProductCells.money(claim.amountPaid, detail.policy.currency))</td></tr>

            """
        }
        let headers: [(String, numeric: Bool)] = [
            ("Claim", false), ("Notified by", false), ("Loss", false), ("Notified", false), ("What happened", false), ("Status", false),
            ("Claimed", true), ("Paid", true),
        ]
        return ProductCells.table(caption: "Claims on the policy, newest first", headers: headers, rows: rows)
    }

    private static func members(_ detail: PolicyDetail) -> HTML {
        let rows = detail.members.map { policy -> HTML in
            """
            <tr><td>\(ProductCells.policyLink(policy.number))</td>\
            <td>\(policy.product)</td>\
            <td>\(ProductCells.badge(policy.status))</td>\
            <td class="nowrap">\(ProductCells.day(policy.startDate))</td>\
            <td class="nowrap">\(ProductCells.day(policy.endDate))</td></tr>

            """
        }
        return """
            <section class="card" aria-labelledby="members">
              <h2 id="members">Policies under this master policy</h2>
              \(rows.isEmpty
                ? ProductCells.empty("No policies yet.")
                : ProductCells.table(
                    caption: "Policies under this master policy, newest first",
                    headers: [("Policy", false), ("Product", false), ("Status", false), ("Start", false), ("End", false)], rows: rows))
              \(ProductCells.cutNote(shown: detail.members.count, of: detail.memberCount, what: "policies"))
            </section>
            """
    }
}

/// Rows of a premium or credit schedule, as the policy and credit pages list them.
enum ScheduleRows {
    static func table(_ payments: [ProductPayment], currency: String, today: String, caption: String) -> HTML {
        let rows = payments.map { payment -> HTML in
            """
            <tr><td class="nowrap">\(ProductCells.day(payment.dueDate))</td>\
            <td class="nowrap">\(ProductCells.day(payment.paidOn))</td>\
            <td>\(payment.purpose.label)</td>\
            <td class="num">\(ProductCells.money(payment.amount, currency))</td>\
            <td>\(payment.method?.label ?? "—")</td>\
            <td>\(ProductCells.yesNo(payment.automatic))</td>\
            <td>\(ProductCells.badge(payment.state(today: today)))</td></tr>

            """
        }
        let headers: [(String, numeric: Bool)] = [
            ("Due", false), ("Paid on", false), ("Purpose", false), ("Amount", true), ("Method", false), ("Automatic", false),
            ("State", false),
        ]
        return ProductCells.table(caption: caption, headers: headers, rows: rows)
    }
}
