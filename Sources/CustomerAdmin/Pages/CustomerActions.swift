import Foundation
import GRDB

/// A one-time message after a form post. It travels as `?flash=NAME` and only names a message we
/// wrote, so nothing a user typed is ever echoed from an address; the page says it under the title.
enum Flash: String, CaseIterable {
    case created, saved, note, deactivated, reopened

    func message(_ id: CustomerID) -> String {
        switch self {
        case .created: "Customer \(id) created"
        case .saved: "Saved"
        case .note: "Note added"
        case .deactivated: "Customer \(id) deactivated"
        case .reopened: "Customer \(id) reopened"
        }
    }

    func url(_ id: CustomerID, tab: String? = nil) -> String {
        "/customers/\(id)" + (tab.map { "/\($0)" } ?? "") + "?flash=\(rawValue)"
    }

    /// The message a request's `flash` names, if it names one.
    static func shown(_ request: Request, _ id: CustomerID) -> HTML {
        guard let flash = (try? request.query())?["flash"].flatMap(Flash.init(rawValue:)) else { return .empty }
        return "<p class=\"flash\" role=\"status\">\(flash.message(id))</p>"
    }
}

/// What a customer's pages offer by role: edit, note, audit, deactivate (managers), reopen
/// (admins), and the deactivation itself (`POST /customers/{id}/status`).
enum CustomerActions {
    /// New individual / New legal entity, for those who may create.
    static func newButtons(_ role: Role) -> HTML {
        guard role >= .officer else { return .empty }
        return """
            <p class="new-customer"><a class="button primary" href="/customers/new?kind=individual">New individual</a> \
            <a class="button" href="/customers/new?kind=legal_entity">New legal entity</a></p>
            """
    }

    /// The profile's actions and flash, with the forms' hidden fields already filled (profiles are never kept).
    static func panel(_ customer: Customer, _ id: CustomerID, staff: Staff, request: Request, ticket: FormTicket) -> HTML {
        let closed = customer.status == .closed
        var links: [HTML] = []
        if staff.role >= .officer, !closed { links.append("<a class=\"button\" href=\"/customers/\(id)/edit\">Edit</a>") }
        if staff.role >= .officer { links.append("<a class=\"button\" href=\"/customers/\(id)/notes#add-note\">Add note</a>") }
        links.append("<a class=\"button\" href=\"/customers/\(id)/notes\">Notes</a>")
        links.append("<a class=\"button\" href=\"/customers/\(id)/audit\">Audit</a>")
        var forms: HTML = .empty
        if closed, staff.role >= .admin {
            forms = statusForm(id, target: "reopen", ticket: ticket, reason: "", problem: nil)
        } else if !closed, staff.role >= .manager {
            forms = statusForm(id, target: Status.closed.rawValue, ticket: ticket, reason: "", problem: nil)
        }
        let readOnly: HTML = closed
            ? "<p class=\"hint\">Deactivated: read-only. Notes can still be added; an administrator can reopen it.</p>" : .empty
        return """
            \(Flash.shown(request, id))
            <div class="customer-actions">\(HTML.join(links, separator: " "))\(forms)</div>
            \(readOnly)
            """
    }

    /// Deactivate (to Closed) or reopen, with the reason asked for in the form itself.
    private static func statusForm(_ id: CustomerID, target: String, ticket: FormTicket, reason: String, problem: String?) -> HTML {
        let verb = target == "reopen" ? "Reopen" : "Deactivate"
        let invalid: HTML = problem == nil ? .empty : " aria-invalid=\"true\" aria-describedby=\"reason-problem\""
        let message: HTML = problem.map { "<p class=\"field-problem\" id=\"reason-problem\">\($0)</p>" } ?? .empty
        return """
            <details class="status-change"\(HTML.attribute("open", if: problem != nil))><summary>\(verb)…</summary>
            <form method="post" action="/customers/\(id)/status">\(Forms.fields(ticket))
            <input type="hidden" name="status" value="\(target)">
            <label for="reason">Reason for \(verb.lowercased()) *</label>
            <textarea id="reason" name="reason" rows="2" maxlength="1000" required\(invalid)>\(reason)</textarea>\(message)
            <p class="actions"><button type="submit" class="primary">\(verb) customer</button></p>
            </form>
            </details>
            """
    }

    /// `POST /customers/{id}/status`: `closed` deactivates (the route lets managers in), `reopen` is
    /// an administrator's; both need a reason and write it to the audit trail.
    static func changeStatus(_ post: FormPost, _ db: Database, id: String, catalog: FieldCatalog) throws -> Response {
        guard let customerID = CustomerID(id), let customer = try Customer.fetchOne(db, id: customerID.number, catalog: catalog) else {
            throw CustomerTabFrame.notFound(id)
        }
        let target = post.fields["status"] ?? ""
        let reason = (post.fields["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let reopen = target == "reopen"
        guard reopen || target == Status.closed.rawValue else {
            throw HTTPError(422, "This form deactivates (status closed) or reopens (status reopen) a customer; other changes of status are not made here.")
        }
        if reopen, post.staff.role < .admin {
            throw HTTPError(403, "Your role, \(post.staff.role.rawValue), may not reopen a customer; admin is needed.")
        }
        guard reopen == (customer.status == .closed) else {
            throw HTTPError(409, reopen ? "\(customerID) is not deactivated." : "\(customerID) is already deactivated.")
        }
        var problem: String?
        if reason.isEmpty { problem = "Give a reason; it is kept in the audit trail." }
        else if reason.count > 1000 { problem = "The reason is \(reason.count) characters long; at most 1000 fit." }
        else if reason.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t" }) {
            problem = "The reason holds a control character."
        }
        if let problem {
            let csrf = post.fields["csrf"] ?? ""
            let form = statusForm(customerID, target: target, ticket: FormTicket(csrf: csrf, submission: CSRFTokens.submissionKey()),
                                  reason: String(reason.prefix(2000)), problem: problem)
            let page = Layout.page(
                title: "\(customerID) · \(reopen ? "Reopen" : "Deactivate")", staff: post.staff,
                back: Layout.backLink("/customers/\(customerID)", customerID.description),
                content: "\(ProfilePage.header(customer, id: customerID))<div role=\"alert\" class=\"form-problems\"><p>\(problem)</p></div>\(form)")
            return .html(page, status: 422)
        }
        let status = reopen ? try AppDatabase.statusBeforeClosing(customerID.number, db) : .closed
        try AppDatabase.setStatus(customer, to: status, reason: reason, user: post.staff.userName, now: post.now, db)
        return .redirect(to: (reopen ? Flash.reopened : Flash.deactivated).url(customerID))
    }
}

/// The frame of a customer's own tabs (notes, audit): header, flash, tab row, one panel.
enum CustomerTabFrame {
    static func notFound(_ id: String) -> HTTPError {
        HTTPError(404, "There is no customer “\(id)”. It may have been mistyped, or the link is old.")
    }

    static func find(_ id: String, _ database: AppDatabase) throws -> (CustomerID, Customer) {
        guard let customerID = CustomerID(id), let customer = try database.customer(number: customerID.number) else {
            throw notFound(id)
        }
        return (customerID, customer)
    }

    static func page(_ customer: Customer, _ id: CustomerID, tab: String, label: String, visit: Visit, content: HTML, status: Int = 200) throws -> Response {
        let name = customer.displayName.isEmpty ? "(no name)" : customer.displayName
        let counts = try visit.database.productCounts(customer: id.number)
        return .html(
            Layout.page(
                title: "\(id) · \(name) · \(label)", staff: visit.staff, back: Layout.backLink("/customers/\(id)", id.description),
                content: """
                    \(ProfilePage.header(customer, id: id))
                    \(Flash.shown(visit.request, id))
                    \(ProductTab.row(id, current: nil, counts: counts))
                    <section class="card tab-panel" aria-label="\(label)" id="tab-\(tab)">
                    \(content)
                    </section>
                    """),
            status: status)
    }
}
