import Foundation
import GRDB

/// `GET /preferences/columns?section=…`: which of the catalog's listable fields the user's listing of
/// a section shows, and in which order; `POST` keeps the choice. A plain form: a checkbox and a
/// position per field, so it needs no JavaScript. The customer ID, the row's link, is always first.
enum ColumnChooserPage {
    static func url(_ section: CustomerFilter.Section) -> String { "/preferences/columns?section=\(section.rawValue)" }

    static func response(_ visit: Visit) throws -> Response {
        let section = CustomerFilter(try visit.request.query()).section
        let catalog = visit.database.catalog
        let shown = catalog.columns(for: section, chosen: visit.member.preferences.columns[section])
        let form = Choice(section: section, catalog: catalog, shown: shown)
        return try page(form, staff: visit.staff, status: 200, ticket: visit.ticket)
    }

    /// Saves the choice (or forgets it, for "Reset") and goes back to the section's listing; a form
    /// that does not make sense is shown again with what was sent and why, as a 422.
    static func save(_ post: FormPost, _ db: Database, catalog: FieldCatalog) throws -> Response {
        guard let section = post.fields["section"].flatMap(CustomerFilter.Section.init(rawValue:)) else {
            throw HTTPError(422, "The form names no list (pre, customers or all). Open the column chooser from the list and send it again.")
        }
        var back = CustomerFilter()
        back.section = section
        if post.fields["action"] == "reset" {
            try AppDatabase.resetColumns(section: section, userName: post.staff.userName, db)
            return .redirect(to: ListingPage.url(back))
        }
        let form = Choice(section: section, catalog: catalog, posted: post.fields)
        guard !form.hasProblems else {
            // The token was just accepted for this user: the form shown again carries it, with a new key.
            let csrf = post.fields["csrf"] ?? ""
            return try page(form, staff: post.staff, status: 422) { FormTicket(csrf: csrf, submission: CSRFTokens.submissionKey()) }
        }
        try AppDatabase.setColumns(form.chosenNames, section: section, userName: post.staff.userName, db)
        return .redirect(to: ListingPage.url(back))
    }

    // MARK: - The form's state

    /// The chooser's rows, in the order shown: the ID, then the shown columns, then the others.
    struct Choice {
        struct Row {
            var field: Field
            var shown: Bool
            /// As typed (kept as sent when the form comes back with a problem).
            var position: String
            var problem: String?
        }

        var section: CustomerFilter.Section
        var id: Field?
        var rows: [Row]
        /// Problems with the form as a whole (names that are not columns).
        var problems: [String]

        /// The chooser for the columns now shown.
        init(section: CustomerFilter.Section, catalog: FieldCatalog, shown: [Field]) {
            self.section = section
            let offered = Self.offered(catalog)
            id = shown.first { $0.name == "customer_id" }
            let rest = shown.filter { $0.name != "customer_id" }
            let hidden = offered.filter { field in !rest.contains { $0.name == field.name } }
            rows = (rest.map { ($0, true) } + hidden.map { ($0, false) }).enumerated().map { index, pair in
                Row(field: pair.0, shown: pair.1, position: String(index + 2))
            }
            problems = []
        }

        /// The chooser as posted: `show` names the shown fields, `position.NAME` each field's place.
        init(section: CustomerFilter.Section, catalog: FieldCatalog, posted: Parameters) {
            self.section = section
            let offered = Self.offered(catalog)
            id = catalog["customer_id"]
            let shownNames = Set(posted.all("show"))
            let names = Set(offered.map(\.name))
            let unknown = shownNames.subtracting(names).subtracting(["customer_id"])
            problems = unknown.isEmpty ? [] : [Self.unknownProblem(unknown.sorted())]
            // The form's own order, so equal positions resolve as described in `chosenNames`.
            var formOrder: [String: Int] = [:]
            for (index, pair) in posted.pairs.enumerated() where pair.name.hasPrefix("position.") {
                let name = String(pair.name.dropFirst("position.".count))
                if formOrder[name] == nil { formOrder[name] = index }
            }
            rows = offered.map { field in
                let typed = posted["position.\(field.name)"] ?? ""
                let problem = Self.place(typed, among: offered.count) == nil
                    ? "The position of \(field.label) must be a whole number." : nil
                return Row(field: field, shown: shownNames.contains(field.name), position: String(typed.prefix(24)), problem: problem)
            }
            .enumerated()
            .sorted { Self.rank($0, formOrder, offered.count) < Self.rank($1, formOrder, offered.count) }
            .map(\.element)
        }

        /// The listable fields the chooser offers besides the ID, in catalog order.
        private static func offered(_ catalog: FieldCatalog) -> [Field] {
            catalog.fields(where: .listable).filter { $0.name != "customer_id" }
        }

        /// Sorted by position; among equal positions the field lower in the form goes first, so a
        /// field moved up to another's place lands before it and one moved down lands after it.
        /// Fields without a position keep their order at the end.
        private static func rank(_ row: (offset: Int, element: Row), _ formOrder: [String: Int], _ count: Int) -> (Int, Int, Int) {
            let place = place(row.element.position, among: count) ?? nil
            return (place ?? count + 2, -(formOrder[row.element.field.name] ?? -1), row.offset)
        }

        /// A typed position clamped to 2...count + 1 (1 is the ID's) before anything else is done with
        /// it; `.some(nil)` when left empty, nil when it is not a whole number. Digits beyond `Int`
        /// clamp like any other number too large or too small.
        static func place(_ typed: String, among count: Int) -> Int?? {
            let text = typed.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return .some(nil) }
            let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            let number = Int(text) ?? (text.first == "-" ? Int.min : Int.max)
            return .some(min(max(number, 2), count + 1))
        }

        private static func unknownProblem(_ names: [String]) -> String {
            let shown = names.prefix(3).map { "“\($0)”" }.joined(separator: ", ")
            let more = names.count > 3 ? " and \(names.count - 3) more" : ""
            return "\(shown)\(more) \(names.count == 1 ? "is not a column" : "are not columns") of the list. Choose among the fields below."
        }

        var hasProblems: Bool { !problems.isEmpty || rows.contains { $0.problem != nil } }

        /// What is kept: the ID, then the shown fields in the order of the rows.
        var chosenNames: [String] { ["customer_id"] + rows.filter(\.shown).map(\.field.name) }
    }

    // MARK: - Rendering

    private static func page(
        _ form: Choice, staff: Staff, status: Int, ticket: () throws -> FormTicket
    ) throws -> Response {
        let title = "Columns of the \(sectionName(form.section)) list"
        let content = try FormSlots(render(form)).filled(ticket)
        return .html(Layout.page(title: title, staff: staff, content: content), status: status)
    }

    private static func sectionName(_ section: CustomerFilter.Section) -> String {
        switch section {
        case .pre: "Pre-customers"
        case .customers: "Customers"
        case .all: "All customers"
        }
    }

    static func render(_ form: Choice) -> HTML {
        var back = CustomerFilter()
        back.section = form.section
        let name = sectionName(form.section)
        let summary: HTML = form.hasProblems
            ? "<div class=\"field-problem\" role=\"alert\"><p>The columns were not saved.</p>\(HTML.join(form.problems.map { "<p>\($0)</p>" }))</div>"
            : .empty
        let id: HTML = form.id.map { "<li class=\"column-fixed\">\($0.label) <span class=\"hint\">(always shown, first)</span></li>" } ?? .empty
        return """
            <div class="page-head"><h1>Columns of the \(name) list</h1></div>
            <p>Tick the columns to show and number them in the order you want (2 is the first after the ID). \
            Equal numbers keep the order below. Your choice is kept for you alone and applies to the list and its downloads.</p>
            \(summary)
            <form class="column-chooser" method="post" action="/preferences/columns">\(Forms.ticketSlot)
              <input type="hidden" name="section" value="\(form.section.rawValue)">
              <fieldset>
                <legend>Columns of the \(name) list, in order</legend>
                <ol class="columns">
                  \(id)
                  \(HTML.join(form.rows.map { row($0, count: form.rows.count) }))
                </ol>
              </fieldset>
              <p class="actions">
                <button type="submit" class="primary" name="action" value="save">Save columns</button>
                <button type="submit" name="action" value="reset">Reset to the standard columns</button>
                <a href="\(ListingPage.url(back))">Back to the list</a>
              </p>
            </form>
            """
    }

    private static func row(_ row: Choice.Row, count: Int) -> HTML {
        let name = row.field.name
        let problem: HTML = row.problem.map { "<p class=\"field-problem\" id=\"position-\(name)-problem\">\($0)</p>" } ?? .empty
        let invalid: HTML = row.problem == nil ? .empty : " aria-invalid=\"true\" aria-describedby=\"position-\(name)-problem\""
        return """
            <li>
              <input type="checkbox" id="show-\(name)" name="show" value="\(name)"\(HTML.attribute("checked", if: row.shown))>
              <label for="show-\(name)">\(row.field.label)</label>
              <label for="position-\(name)" class="position">Position<span class="visually-hidden"> of \(row.field.label)</span></label>
              <input type="number" id="position-\(name)" name="position.\(name)" value="\(row.position)" min="2" max="\(count + 1)" \
            step="1" inputmode="numeric" size="3"\(invalid)>
              \(problem)
            </li>
            """
    }
}
