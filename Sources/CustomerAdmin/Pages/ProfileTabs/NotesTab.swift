import Foundation
import GRDB

/// The Notes tab: notes newest first with author and time, and a form to add one (officers and up).
/// Notes are never edited; `POST /customers/{id}/notes` adds one and writes it to the audit trail.
enum NotesTab {
    static let maxLength = 5_000

    static func content(_ notes: RelatedPage<CustomerNote>, id: CustomerID, form: HTML, pageURL: (Int) -> String) -> HTML {
        let items = notes.items.map { note -> HTML in
            """
            <li><p class="note-meta"><span class="user">\(note.user)</span> · <time datetime="\(note.at.replacingOccurrences(of: " ", with: "T"))Z">\(note.at) UTC</time></p>
            <p class="note-body">\(note.body)</p></li>
            """
        }
        let list: HTML = items.isEmpty ? "<p class=\"empty\">No notes yet.</p>" : "<ol class=\"notes\">\(items)</ol>"
        return """
            \(form)
            \(list)
            \(TabPager.render(notes, what: "notes", url: pageURL))
            """
    }

    /// The add-note form; `typed` and `problem` when a note was refused.
    static func form(_ id: CustomerID, ticket: FormTicket, typed: String = "", problem: String? = nil) -> HTML {
        let invalid: HTML = problem == nil ? .empty : " aria-invalid=\"true\" aria-describedby=\"body-problem\""
        let message: HTML = problem.map { "<p class=\"field-problem\" id=\"body-problem\">\($0)</p>" } ?? .empty
        return """
            <form class="add-note" id="add-note" method="post" action="/customers/\(id)/notes">\(Forms.fields(ticket))
            <label for="note-body">New note *</label>
            <textarea id="note-body" name="body" rows="3" maxlength="\(maxLength)" required\(invalid)>\(typed)</textarea>\(message)
            <p class="actions"><button type="submit" class="primary">Add note</button></p>
            </form>
            """
    }

    /// The profile's Notes tab: the add-note form for those who may, then a page of notes.
    static func content(_ profile: ProfileVisit) throws -> HTML {
        let visit = profile.visit
        let form = visit.staff.role.may(.addNote) ? form(profile.id, ticket: try visit.ticket()) : .empty
        let notes = try profile.database.notes(customer: profile.number, try profile.pageRequest())
        return content(notes, id: profile.id, form: form, pageURL: profile.pageURL)
    }

    /// Adds a note (also to a deactivated customer); a refused one comes back with its text.
    static func add(_ post: FormPost, _ db: Database, id: String, catalog: FieldCatalog) throws -> Response {
        let (customerID, customer) = try CustomerLookup.find(id, catalog: catalog, db)
        let body = (post.fields["body"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let problem: String? =
            if post.fields.all("body").count > 1 { "The note was sent twice in one form; send it once." }
            else if body.isEmpty { "Write the note first." }
            else if body.count > maxLength { "The note is \(body.count) characters long; at most \(maxLength) fit." }
            else if body.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t") || $0.value == 0x7F }) {
                "The note holds a control character; remove it."
            } else { nil }
        if let problem {
            let csrf = post.fields["csrf"] ?? ""
            let form = form(customerID, ticket: FormTicket(csrf: csrf, submission: CSRFTokens.submissionKey()), typed: body, problem: problem)
            let page = Layout.page(
                title: "\(customerID) · Notes", staff: post.staff, back: Layout.backLink("/customers/\(customerID)", customerID.description),
                content: "\(ProfileHeader.render(customer, id: customerID, role: post.staff.role))<div class=\"form-problems\" role=\"alert\"><p>The note was not added: \(problem)</p></div>\(form)")
            return .html(page, status: 422)
        }
        try AppDatabase.addNote(customer: customerID.number, body: body, user: post.staff.userName, now: post.now, db)
        return .redirect(to: Flash.note.url(customerID, tab: "notes"))
    }
}
