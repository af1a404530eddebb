import Foundation
import GRDB

/// `GET /staff` (admins): every login with its role, e-mail, when it was last seen and whether it may
/// sign in; `POST /staff` (field `user`, then `role`, `email`, `disabled`) changes one. Passwords stay
/// nginx's business, and the page says so.
enum StaffPage {
    static func response(_ visit: Visit) throws -> Response {
        try page(try visit.database.staffRecords(), staff: visit.staff, status: 200, problem: nil, ticket: visit.ticket)
    }

    /// Saves one login's change and shows the page again at that login; a change that cannot be
    /// made comes back as a 422 with the reason and nothing changed.
    static func save(_ post: FormPost, _ db: Database) throws -> Response {
        let user = post.fields["user"] ?? ""
        do {
            let change = try Self.change(post.fields)
            if user == post.staff.userName, change.disabled == true {
                throw StaffChangeRefused(message: "You cannot disable your own login; another admin can.")
            }
            try AppDatabase.changeStaff(user, change, now: post.now, db)
            return .redirect(to: "/staff#\(anchor(user))")
        } catch let refused as StaffChangeRefused {
            let csrf = post.fields["csrf"] ?? ""
            return try page(
                try AppDatabase.staffRecords(db), staff: post.staff, status: 422, problem: (user, refused.message)
            ) { FormTicket(csrf: csrf, submission: CSRFTokens.submissionKey()) }
        }
    }

    /// The change a row's form asks for, every value checked.
    private static func change(_ fields: Parameters) throws -> StaffChange {
        guard let role = fields["role"].flatMap(Role.init(rawValue:)) else {
            throw StaffChangeRefused(message: "Choose a role: viewer, officer, manager or admin.")
        }
        let email = (fields["email"] ?? "").trimmingCharacters(in: .whitespaces)
        guard email.isEmpty || isEmailAddress(email) else {
            throw StaffChangeRefused(message: "“\(email.prefix(60))” is not an e-mail address (name@example.org).")
        }
        return StaffChange(role: role, email: email, disabled: fields["disabled"] == "1")
    }

    private static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return text.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !text.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 } == true })
    }

    // MARK: - Rendering

    private static func page(
        _ records: [StaffRecord], staff: Staff, status: Int, problem: (user: String, message: String)?,
        ticket: () throws -> FormTicket
    ) throws -> Response {
        let alert: HTML = problem.map {
            "<div class=\"field-problem\" role=\"alert\"><p>The login “\($0.user)” was not changed: \($0.message)</p></div>"
        } ?? .empty
        let content: HTML = """
            <div class="page-head"><h1>Staff</h1></div>
            <p>Who may use customer-admin, and with which role. Signing in (passwords, single sign-on) is \
            nginx's business: add or remove a login there (its htpasswd file) and give it a role here or \
            with <code>customer-admin staff</code>. A disabled login is refused even when nginx lets it in.</p>
            \(alert)
            <table class="staff">
              <caption class="visually-hidden">Logins and their roles</caption>
              <thead><tr><th scope="col">Login</th><th scope="col">Last seen</th><th scope="col">Access</th><th scope="col">Role and e-mail</th></tr></thead>
              <tbody>
              \(HTML.join(records.map(row)))
              </tbody>
            </table>
            """
        return .html(Layout.page(title: "Staff", staff: staff, content: try FormSlots(content).filled(ticket)), status: status)
    }

    private static func anchor(_ user: String) -> String {
        "staff-" + String(user.unicodeScalars.map { $0.properties.isAlphabetic || ("0"..."9").contains($0) ? Character($0) : "-" })
    }

    private static func row(_ record: StaffRecord) -> HTML {
        let name = record.staff.userName
        let id = anchor(name)
        let options = HTML.join(Role.allCases.map { role in
            "<option value=\"\(role.rawValue)\"\(HTML.attribute("selected", if: role == record.staff.role))>\(role.rawValue)</option>"
        })
        return """
            <tr id="\(id)">
              <th scope="row">\(name)</th>
              <td>\(record.lastSeen.isEmpty ? "never" : record.lastSeen.prefix(16) + " UTC")</td>
              <td>\(record.isDisabled ? "Disabled since \(record.disabledAt.prefix(10))" : "May sign in")</td>
              <td>
                <form method="post" action="/staff" class="staff-change" autocomplete="off">\(Forms.ticketSlot)
                  <input type="hidden" name="user" value="\(name)">
                  <label for="\(id)-role">Role<span class="visually-hidden"> of \(name)</span></label>
                  <select id="\(id)-role" name="role">\(options)</select>
                  <label for="\(id)-email">E-mail<span class="visually-hidden"> of \(name)</span></label>
                  <input type="email" id="\(id)-email" name="email" value="\(record.email)" maxlength="254">
                  <input type="checkbox" id="\(id)-disabled" name="disabled" value="1"\(HTML.attribute("checked", if: record.isDisabled))>
                  <label for="\(id)-disabled">Disabled<span class="visually-hidden">: \(name) may not sign in</span></label>
                  <button type="submit">Save<span class="visually-hidden"> \(name)</span></button>
                </form>
              </td>
            </tr>
            """
    }
}
