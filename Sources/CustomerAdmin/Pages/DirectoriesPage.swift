import Foundation
import GRDB

/// `GET /directories` (admins): the lists the forms' choice fields offer. The catalog's own entries
/// stay; an admin adds entries (and removes the ones added) with `POST /directories`. The staff
/// directory is shown here too, but its entries are the Staff page's active logins that may edit customers.
enum DirectoriesPage {
    /// The directories the catalog's form fields use, the repeatable groups' included (their fields
    /// labelled with the group's name), once each, in catalog order.
    static func directories(_ catalog: FieldCatalog) -> [(directory: Field.Directory, fields: [Field])] {
        var seen: [String: Int] = [:]
        var out: [(directory: Field.Directory, fields: [Field])] = []
        let items = catalog.groups.flatMap { group in
            group.fields.map { field in
                var named = field
                named.label = "\(group.label): \(field.label.lowercased())"
                return named
            }
        }
        for field in catalog.fields.filter({ $0.tab != nil }) + items {
            guard case .choice(let directory) = field.type else { continue }
            if let index = seen[directory.name] { out[index].fields.append(field); continue }
            seen[directory.name] = out.count
            out.append((directory, [field]))
        }
        return out
    }

    static func response(_ visit: Visit) throws -> Response {
        let content = render(visit.database.catalog, try visit.database.directoryLists(), problem: nil)
        return .html(Layout.page(title: "Directories", staff: visit.staff, content: try FormSlots(content).filled(visit.ticket)))
    }

    /// The directories an admin adds entries to here.
    private static func kept(_ catalog: FieldCatalog) -> [(directory: Field.Directory, fields: [Field])] {
        directories(catalog).filter { $0.directory.upkeep == .directoriesPage }
    }

    /// The longest stored value every field using the directory can hold.
    private static func valueLimit(_ fields: [Field]) -> Int { fields.map(\.maxLength).min() ?? 20 }

    static func render(_ catalog: FieldCatalog, _ lists: DirectoryLists, problem: String?) -> HTML {
        let sections = directories(catalog).map { directory, fields -> HTML in
            let added = Set(lists.added(to: directory).map(\.value))
            let standard: HTML = directory.upkeep == .staffPage
                ? "<span class=\"hint\">an active login of an officer or above (<a href=\"/staff\">Staff</a>)</span>" : "<span class=\"hint\">standard</span>"
            let rows = lists.entries(directory).map { entry -> HTML in
                let remove: HTML = added.contains(entry.value) && directory.upkeep == .directoriesPage
                    ? """
                    <form method="post" action="/directories">\(Forms.ticketSlot)<input type="hidden" name="action" value="remove">\
                    <input type="hidden" name="directory" value="\(directory.name)"><input type="hidden" name="value" value="\(entry.value)">\
                    <button type="submit">Remove<span class="visually-hidden"> \(entry.label)</span></button></form>
                    """
                    : standard
                return "<tr><td class=\"mono\">\(entry.value)</td><td>\(entry.label)</td><td>\(remove)</td></tr>"
            }
            return """
                <section class="card"><h2>\(directory.name)</h2>
                <p class="hint">Used by \(fields.map(\.label).joined(separator: ", ")).</p>
                <table><thead><tr><th scope="col">Value (stored)</th><th scope="col">Label (shown)</th><th scope="col">Action</th></tr></thead>
                <tbody>\(rows)</tbody></table></section>
                """
        }
        let options = kept(catalog).map { "<option value=\"\($0.directory.name)\">\($0.directory.name)</option>" as HTML }
        let message: HTML = problem.map { "<div class=\"form-problems\" role=\"alert\"><p>\($0)</p></div>" } ?? .empty
        return """
            <div class="page-head"><h1>Directories</h1></div>
            \(message)
            <form class="card" method="post" action="/directories">\(Forms.ticketSlot)<input type="hidden" name="action" value="add">
            <h2>Add an entry</h2>
            <div class="field"><label for="dir-directory">Directory *</label><select id="dir-directory" name="directory" required>\(options)</select></div>
            <div class="field"><label for="dir-value">Value (stored) *</label><input type="text" id="dir-value" name="value" maxlength="100" required></div>
            <div class="field"><label for="dir-label">Label (shown) *</label><input type="text" id="dir-label" name="label" maxlength="100" required></div>
            <p class="actions"><button type="submit" class="primary">Add entry</button></p>
            </form>
            \(sections)
            """
    }

    static func save(_ post: FormPost, _ db: Database, catalog: FieldCatalog) throws -> Response {
        let name = post.fields["directory"] ?? ""
        guard let kept = kept(catalog).first(where: { $0.directory.name == name }) else {
            throw HTTPError(422, "There is no directory “\(name.prefix(40))” to add entries to.")
        }
        let value = (post.fields["value"] ?? "").trimmingCharacters(in: .whitespaces)
        switch post.fields["action"] {
        case "remove":
            try AppDatabase.removeDirectoryEntry(directory: name, value: value, db)
        case "add":
            let label = (post.fields["label"] ?? "").trimmingCharacters(in: .whitespaces)
            let clean = { (text: String, limit: Int) in
                !text.isEmpty && text.count <= limit && !text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
            }
            let limit = valueLimit(kept.fields)
            guard clean(value, limit), clean(label, 100) else {
                let csrf = post.fields["csrf"] ?? ""
                let lists = try AppDatabase.directoryLists(db)
                let content = FormSlots(render(catalog, lists,
                    problem: "Give a value of at most \(limit) characters (\(name) is stored in fields that hold no more) and a label of at most 100, without control characters."))
                    .filled { FormTicket(csrf: csrf, submission: CSRFTokens.submissionKey()) }
                return .html(Layout.page(title: "Directories", staff: post.staff, content: content), status: 422)
            }
            try AppDatabase.addDirectoryEntry(directory: name, value: value, label: label, db)
        default:
            throw HTTPError(422, "The form must add or remove an entry.")
        }
        return .redirect(to: "/directories")
    }
}
