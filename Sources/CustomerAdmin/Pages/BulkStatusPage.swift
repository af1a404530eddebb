import Foundation
import GRDB

/// `POST /customers/status` (`id` repeated, `status`, `reason_category`, `reason`, `back`): a manager
/// moves the customers ticked in the listing with one reason. Each is checked as the profile's form
/// checks one (`StatusChange`), all in the form guard's one transaction: when any is refused, none
/// moves, and a 422 page lists each refused customer with its reason and keeps the form as sent.
enum BulkStatusPage {
    /// Customers one post may move.
    static let limit = 500

    /// A ticked ID and what became of it.
    private struct Ticked {
        var typed: String
        var customer: Customer?
        var problem: String?
    }

    static func change(_ post: FormPost, _ db: Database, catalog: FieldCatalog) throws -> Response {
        let back = listing(post.fields["back"])
        let typedIDs = post.fields.all("id")
        guard !typedIDs.isEmpty else {
            throw HTTPError(422, "Tick at least one customer in the list, then choose the new status and the reason.")
        }
        // Each customer once, however often or in whichever case its ID was sent; counted before any read.
        var seen: Set<String> = []
        let distinct = typedIDs.filter { seen.insert(CustomerID($0)?.description ?? $0).inserted }
        guard distinct.count <= limit else {
            throw HTTPError(422, "At most \(Format.count(limit)) customers can change status at once; \(Format.count(distinct.count)) were ticked. Narrow the list and tick fewer.")
        }
        var ticked = try distinct.map { typed -> Ticked in
            guard let id = CustomerID(typed) else {
                return Ticked(typed: String(typed.prefix(40)), problem: "Not a customer ID: an ID is CUST and 7 digits.")
            }
            guard let customer = try Customer.fetchOne(db, id: id.number, catalog: catalog) else {
                return Ticked(typed: id.description, problem: "There is no such customer.")
            }
            return Ticked(typed: id.description, customer: customer)
        }
        let change = StatusChange(post.fields)
        let general = Lifecycle.descriptionProblem(change.comment)
        var moves: [(Customer, StatusChange.Checked)] = []
        for index in ticked.indices {
            guard let customer = ticked[index].customer else { continue }
            let checked = try change.check(customer, to: try change.target(for: customer, db), by: post.staff.role, db)
            if let refusal = checked.refusal, refusal != general {
                ticked[index].problem = refusal.message
            } else {
                moves.append((customer, checked))
            }
        }
        let refused = ticked.filter { $0.problem != nil }.count
        if general != nil || refused > 0 {
            var form = BulkStatusForm(role: post.staff.role, back: back)
            form.sent = (change.typed, change.category, String(change.comment.prefix(2 * Lifecycle.commentLimit)), general?.message)
            return .html(
                refusedPage(ticked, refused: refused, change: change, form: form, post: post),
                status: 422)
        }
        for (customer, checked) in moves {
            try change.apply(checked, to: customer, user: post.staff.userName, now: post.now, db)
        }
        let targets = Set(moves.map(\.1.target))
        return .redirect(to: flashURL(back, moved: moves.count, to: targets.count == 1 ? targets.first : nil))
    }

    /// The listing the form was sent from (its query rides along in `back`), read as any listing
    /// address is: only the filter's own parameters come back.
    private static func listing(_ back: String?) -> CustomerFilter {
        CustomerFilter((try? Parameters(urlEncoded: back ?? "")) ?? Parameters())
    }

    // MARK: - The flash on the listing

    /// The listing again with `flash=moved`, the count and the status: the listing page fills them
    /// into a sentence we wrote (`flash(_:)`), so nothing typed is echoed from an address.
    private static func flashURL(_ filter: CustomerFilter, moved count: Int, to status: Status?) -> String {
        var query = filter.parameters
        query.append("flash", "moved")
        query.append("count", String(count))
        if let status { query.append("to", status.rawValue) }
        return "/customers?" + query.encoded
    }

    /// "2 customers moved to Blocked", for the listing's `flash=moved&count=2&to=blocked`; nothing
    /// for any other query, a count outside 1…500 or an unknown status.
    static func flash(_ query: Parameters) -> HTML {
        guard query["flash"] == "moved", let count = query["count"].flatMap({ Int($0) }), (1...limit).contains(count) else { return .empty }
        let noun = count == 1 ? "customer" : "customers"
        let to: HTML = query["to"].flatMap(Status.init(rawValue:)).map { " to \($0.label)" } ?? .empty
        return "<p class=\"flash\" role=\"status\">\(Format.count(count)) \(noun) moved\(to)</p>\n"
    }

    // MARK: - The refused page

    private static func refusedPage(
        _ ticked: [Ticked], refused: Int, change: StatusChange, form: BulkStatusForm, post: FormPost
    ) -> HTML {
        let target = Status(rawValue: change.typed).map { " to \($0.label)" } ?? ""
        let summary: HTML =
            refused == 0
            ? "Nothing was changed. Correct the form below, then apply it again."
            : "Nothing was changed: \(Format.count(refused)) of \(Format.count(ticked.count)) customers cannot move\(target). Untick \(refused == 1 ? "it" : "them") or choose another move, then apply again."
        let rows = ticked.map { item -> HTML in
            guard let customer = item.customer else {
                return "<tr class=\"refused\"><td></td><td class=\"mono\">\(item.typed)</td><td>—</td><td>—</td><td>\(item.problem ?? "")</td></tr>\n"
            }
            let id = item.typed
            return """
                <tr\(HTML.when(item.problem != nil, " class=\"refused\""))><td class="select">\(BulkStatusForm.checkbox(id, checked: true))</td>\
                <td class="mono"><a href="/customers/\(id)">\(id)</a></td><td class="name">\(customer.displayName)</td>\
                <td>\(Components.statusBadge(customer.status))</td><td>\(item.problem ?? "—")</td></tr>\n
                """
        }
        let count = "\(Format.count(ticked.count)) \(ticked.count == 1 ? "customer" : "customers")"
        return Layout.page(
            title: "Change the status of \(count)", staff: post.staff,
            back: Layout.backLink(ListingPage.url(form.back), "Customers"),
            content: """
                <h1>Change the status of \(count)</h1>
                <div role="alert" class="form-problems"><p>\(summary)</p></div>
                <div class="table-wrap">
                <table class="customers bulk-refusals">
                  <caption class="visually-hidden">The ticked customers and why each cannot move</caption>
                  <thead><tr><th scope="col" class="select"><span class="visually-hidden">Ticked</span></th><th scope="col">Customer ID</th>\
                <th scope="col">Name</th><th scope="col">Status</th><th scope="col">Why not</th></tr></thead>
                  <tbody>
                \(rows)
                  </tbody>
                </table>
                </div>
                \(form.render(ticket: Forms.fields(FormTicket(csrf: post.fields["csrf"] ?? "", submission: CSRFTokens.submissionKey()))))
                """)
    }
}

/// The listing's form that moves the ticked customers (managers and admins): a status, a reason
/// category and a description. The rows' checkboxes belong to it by their `form` attribute, so it
/// works without JavaScript wherever it stands on the page.
struct BulkStatusForm {
    static let id = "bulk-status"
    var role: Role
    /// The listing to come back to.
    var back: CustomerFilter
    /// What was sent, when the form comes back refused, with the problem that is the form's own.
    var sent: (status: String, reason: Lifecycle.Reason?, comment: String, problem: String?)?

    init(role: Role, back: CustomerFilter) {
        self.role = role
        self.back = back
    }

    /// A row's checkbox, named for screen readers by the customer's ID.
    static func checkbox(_ id: String, checked: Bool = false) -> HTML {
        """
        <input type="checkbox" name="id" value="\(id)" form="\(Self.id)" aria-label="Select \(id)"\(HTML.attribute("checked", if: checked))>
        """
    }

    /// The statuses the role may move customers to by hand, each once.
    private var targets: [Status] {
        Set(Lifecycle.moves.filter { role.may($0.permission) }.map(\.to)).sorted()
    }

    /// `ticket`: the form's hidden fields, or the ticket slot in a page kept for everyone of the role.
    func render(ticket: HTML) -> HTML {
        let statuses = HTML.join(targets.map { status in
            "<option value=\"\(status.rawValue)\"\(HTML.attribute("selected", if: sent?.status == status.rawValue))>\(status.label)</option>"
        })
        let reasons = StatusChange.reasonOptions(selected: sent?.reason)
        let problem: HTML = sent?.problem.map { "<p class=\"field-problem\" id=\"bulk-reason-problem\">\($0)</p>" } ?? .empty
        let invalid: HTML = sent?.problem == nil ? .empty : " aria-invalid=\"true\" aria-describedby=\"bulk-reason-problem\""
        return """
            <form id="\(Self.id)" class="bulk-status" method="post" action="/customers/status">\(ticket)
            <input type="hidden" name="back" value="\(back.parameters.encoded)">
            <fieldset><legend>Change the status of the ticked customers</legend>
            <div class="bulk-fields">
            <span><label for="bulk-status-target">New status *</label>
            <select id="bulk-status-target" name="status" required><option value="">Choose…</option>\(statuses)</select></span>
            <span><label for="bulk-reason-category">Reason *</label>
            <select id="bulk-reason-category" name="reason_category" required><option value="">Choose…</option>\(reasons)</select></span>
            <span class="bulk-description"><label for="bulk-reason">Describe the reason *</label>
            <input type="text" id="bulk-reason" name="reason" value="\(sent?.comment ?? "")" maxlength="\(String(Lifecycle.commentLimit))" required\(invalid)></span>
            <button type="submit" class="primary">Apply to selected</button>
            </div>\(problem)
            <p class="hint">At most \(Format.count(BulkStatusPage.limit)) at once, each audited. If any ticked customer may not move, none is changed.</p>
            </fieldset>
            </form>
            """
    }
}
