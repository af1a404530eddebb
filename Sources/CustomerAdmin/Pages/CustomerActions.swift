import Foundation
import GRDB

/// A one-time message after a form post. It travels as `?flash=NAME` and only names a message we
/// wrote, so nothing a user typed is ever echoed from an address; the page says it under the title.
enum Flash: String, CaseIterable {
    case created, saved, note, status, lists, deactivated, reopened

    func message(_ id: CustomerID) -> String {
        switch self {
        case .created: "Customer \(id) created"
        case .saved: "Saved"
        case .note: "Note added"
        case .status: "Status changed"
        case .lists: "Red and black lists changed"
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

    /// The profile's actions and flash, with the forms' hidden fields already filled (profiles are never kept):
    /// the status with its story and what the next one needs, and the status form for those who may move it.
    static func panel(
        _ customer: Customer, _ id: CustomerID, staff: Staff, request: Request, ticket: FormTicket, story: StatusStory
    ) -> HTML {
        let form = StatusForm(customer: customer, id: id, role: staff.role)
        let closed = customer.status == .closed
        let lists: HTML = !closed && staff.role.may(.keepFlagLists) ? FlagListForm(customer: customer, id: id).render(ticket: ticket) : .empty
        let readOnly: HTML = closed
            ? "<p class=\"hint\">Deactivated: read-only. Notes can still be added; an administrator can reopen it.</p>" : .empty
        return """
            \(Flash.shown(request, id))
            <div class="customer-actions">\(story.render(customer))\(form.isEmpty ? HTML.empty : form.render(ticket: ticket))\(lists)</div>
            \(readOnly)
            """
    }

    /// `POST /customers/{id}/status` (`status`, `reason_category`, `reason`, `version`): a move of the
    /// lifecycle table (`Lifecycle.moves`), or `reopen` (a closed customer back to its status before).
    /// A refused move is a 403 (role) or a 422 (rule) page with the form as sent; a move made on a
    /// customer another user has changed since the form was opened is a 409 saying what it is now.
    static func changeStatus(_ post: FormPost, _ db: Database, id: String, catalog: FieldCatalog) throws -> Response {
        let (customerID, customer) = try CustomerLookup.find(id, catalog: catalog, db)
        let change = StatusChange(post.fields)
        let target = try change.target(for: customer, db)
        if let version = post.fields["version"], version != String(customer.version) {
            throw HTTPError(409, "Someone changed \(customerID) while this form was open: it is now \(customer.status.label). Look at it again before you change its status.")
        }
        let checked = try change.check(customer, to: target, by: post.staff.role, db)
        if let problem = checked.refusal {
            if problem.cause == .role { throw HTTPError(403, problem.message) }
            var form = StatusForm(customer: customer, id: customerID, role: post.staff.role)
            form.sent = (target, checked.reason, String(change.comment.prefix(2 * Lifecycle.commentLimit)), problem.message)
            let page = Layout.page(
                title: "\(customerID) · Change status", staff: post.staff,
                back: Layout.backLink("/customers/\(customerID)", customerID.description),
                content: """
                    \(ProfileHeader.render(customer, id: customerID, role: post.staff.role))<div role="alert" class="form-problems"><p>\(problem.message)</p></div>\
                    \(form.render(ticket: FormTicket(csrf: post.fields["csrf"] ?? "", submission: CSRFTokens.submissionKey())))
                    """)
            return .html(page, status: 422)
        }
        try change.apply(checked, to: customer, user: post.staff.userName, now: post.now, db)
        let flash: Flash = target == .closed ? .deactivated : customer.status == .closed ? .reopened : .status
        return .redirect(to: flash.url(customerID))
    }
}

extension CustomerActions {
    /// `POST /customers/{id}/lists` (`list` red|black, `on` 1|0 or absent to switch it, `reason`,
    /// `version`): a manager puts the customer on a list or takes it off, with a reason, audited; a
    /// closed customer is read-only.
    static func changeList(_ post: FormPost, _ db: Database, id: String, catalog: FieldCatalog) throws -> Response {
        let (customerID, customer) = try CustomerLookup.find(id, catalog: catalog, db)
        let fields = post.fields
        guard let list = fields["list"].flatMap(CustomerFilter.FlagList.init(rawValue:)), catalog[list.column] != nil,
              let on = fields["on"].map({ ["1": true, "0": false][$0] }) ?? !customer.isOn(list)
        else {
            throw HTTPError(422, "Choose the red or the black list, and whether to put the customer on it or take it off.")
        }
        if let version = fields["version"], version != String(customer.version) {
            throw HTTPError(409, "Someone changed \(customerID) while this form was open. Look at it again before you change its lists.")
        }
        let comment = (fields["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let problem: String? =
            if customer.status == .closed { "\(customerID) is deactivated: read-only." }
            else if customer.isOn(list) == on { "The customer is \(on ? "already" : "not") on the \(list.label.lowercased())." }
            else { Lifecycle.descriptionProblem(comment)?.message }
        if let problem { throw HTTPError(422, problem) }
        let stamp = StoreDate.timestamp(post.now)
        try db.execute(
            sql: "UPDATE customers SET \(list.column) = ?, version = version + 1, updated_at = ? WHERE id = ?",
            arguments: [on ? 1 : 0, stamp, customerID.number])
        try AuditLog.write(
            [AuditLog.Entry(action: .change, field: list.column, old: on ? "0" : "1", new: on ? "1" : "0", reason: comment)],
            customer: customerID.number, user: post.staff.userName, at: stamp, db)
        return .redirect(to: Flash.lists.url(customerID))
    }
}

/// A manager's form for the red and black lists: which list, on or off, and why.
struct FlagListForm {
    var customer: Customer
    var id: CustomerID

    func render(ticket: FormTicket) -> HTML {
        let lists = CustomerFilter.FlagList.allCases.filter { customer.catalog[$0.column] != nil }
        guard !lists.isEmpty else { return .empty }
        let options = HTML.join(lists.map { list -> HTML in
            "<option value=\"\(list.rawValue)\">\(customer.isOn(list) ? "Take off" : "Put on") the \(list.label.lowercased())</option>"
        })
        return """
            <details class="status-change"><summary>Red and black lists…</summary>
            <form method="post" action="/customers/\(id)/lists" class="list-change">\(Forms.fields(ticket))
            <input type="hidden" name="version" value="\(String(customer.version))">
            <label for="list-choice">Change *</label>
            <select id="list-choice" name="list" required>\(options)</select>
            <label for="list-reason">Reason *</label>
            <textarea id="list-reason" name="reason" rows="2" maxlength="\(String(Lifecycle.commentLimit))" required></textarea>
            <p class="actions"><button type="submit" class="primary">Change lists</button></p>
            </form>
            </details>
            """
    }
}

/// The form that moves a customer to another status: the moves the table allows from its status
/// and the user's role may make, a reason category and a description.
struct StatusForm {
    var customer: Customer
    var id: CustomerID
    var targets: [Status]
    /// What was sent, when the form comes back refused.
    var sent: (status: Status, reason: Lifecycle.Reason?, comment: String, problem: String)?

    init(customer: Customer, id: CustomerID, role: Role) {
        self.customer = customer
        self.id = id
        var seen: Set<Status> = []
        targets = Lifecycle.targets(from: customer.status).filter { role.may($0.permission) }.map(\.to)
            .filter { seen.insert($0).inserted }.sorted()
    }

    var isEmpty: Bool { targets.isEmpty }

    func render(ticket: FormTicket) -> HTML {
        let problem: HTML = sent.map { "<p class=\"field-problem\" id=\"status-problem\">\($0.problem)</p>" } ?? .empty
        let invalid: HTML = sent == nil ? .empty : " aria-invalid=\"true\" aria-describedby=\"status-problem\""
        let statuses = HTML.join(targets.map { status in
            let label = status == .closed ? "Closed (deactivate)" : customer.status == .closed ? "\(status.label) (reopen)" : status.label
            return "<option value=\"\(status.rawValue)\"\(HTML.attribute("selected", if: sent?.status == status))>\(label)</option>"
        })
        let reasons = StatusChange.reasonOptions(selected: sent?.reason)
        return """
            <details class="status-change"\(HTML.attribute("open", if: sent != nil))><summary>Change status…</summary>
            <form method="post" action="/customers/\(id)/status">\(Forms.fields(ticket))
            <input type="hidden" name="version" value="\(String(customer.version))">
            <label for="status-target">New status *</label>
            <select id="status-target" name="status" required>\(statuses)</select>
            <label for="status-reason-category">Reason *</label>
            <select id="status-reason-category" name="reason_category" required>\(reasons)</select>
            <label for="reason">Describe the reason *</label>
            <textarea id="reason" name="reason" rows="2" maxlength="\(String(Lifecycle.commentLimit))" required\(invalid)>\(sent?.comment ?? "")</textarea>\(problem)
            <p class="hint">Blocked needs a KYC/AML, flag-list or compliance reason; Prospect and Customer need their minimum data.</p>
            <p class="actions"><button type="submit" class="primary">Change status</button></p>
            </form>
            </details>
            """
    }
}

/// A customer's status in words: since when, by whom and why (its last status change in the audit
/// trail), and what the next status still needs.
struct StatusStory: Sendable {
    var since: String?
    var by: String?
    var reason: String?
    var holdings: Lifecycle.Holdings

    func render(_ customer: Customer) -> HTML {
        let when: HTML = since.map { " since \(String($0.prefix(10)))" } ?? .empty
        let who: HTML = by.map { ", by \($0)" } ?? .empty
        let why: HTML = reason.flatMap { $0.isEmpty ? nil : $0 }.map { ": \($0)" } ?? .empty
        var next: HTML = .empty
        if let step = Lifecycle.nextStep(customer, holdings: holdings), !step.missing.isEmpty {
            next = "<p class=\"hint next-status\">To become a \(step.status.label): \(step.missing.joined(separator: ", ")).</p>"
        }
        return """
            <p class="status-story">\(Components.statusBadge(customer.status))\(when)\(who)\(why)</p>
            \(next)
            """
    }
}

extension AppDatabase {
    /// The customer's last status change and holdings, for the profile's status line.
    func statusStory(of customer: Customer) throws -> StatusStory {
        try reader.read { db in
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT at, user_name, reason FROM audit_log WHERE customer_id = ? AND field = 'status' ORDER BY id DESC LIMIT 1"),
                arguments: [customer.id])
            return StatusStory(
                since: row?["at"], by: row?["user_name"], reason: row?["reason"], holdings: try LifecycleSweep.holdings(of: customer, db))
        }
    }
}

/// Finding the customer a form or download names.
enum CustomerLookup {
    static func notFound(_ id: String) -> HTTPError {
        HTTPError(404, "There is no customer “\(id)”. It may have been mistyped, or the link is old.")
    }

    static func find(_ id: String, _ database: AppDatabase) throws -> (CustomerID, Customer) {
        try database.reader.read { try find(id, catalog: database.catalog, $0) }
    }

    /// The same inside a transaction already open (a form post's).
    static func find(_ id: String, catalog: FieldCatalog, _ db: Database) throws -> (CustomerID, Customer) {
        guard let customerID = CustomerID(id), let customer = try Customer.fetchOne(db, id: customerID.number, catalog: catalog) else {
            throw notFound(id)
        }
        return (customerID, customer)
    }
}
