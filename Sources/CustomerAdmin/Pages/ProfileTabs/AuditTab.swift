import Foundation

/// The Audit tab: every change to the customer newest first, filterable by field, user and date,
/// paged; the whole trail downloads as `/customers/{id}/audit.csv`.
enum AuditTab {
    static let perPage = 50

    static func content(_ trail: RelatedPage<AuditRow>, id: CustomerID, filter: AuditFilter, catalog: FieldCatalog, pageURL: (Int) -> String) -> HTML {
        let rows = trail.items.map { row -> HTML in
            let field = row.field.isEmpty ? "" : catalog[row.field]?.label ?? catalog.group(named: row.field)?.label ?? row.field
            let action = AuditLog.Action(rawValue: row.action)?.label ?? row.action
            return """
                <tr><td class="nowrap">\(row.at)</td><td>\(row.user)</td><td>\(action)</td><td>\(field)</td>\
                <td>\(shown(row.old))</td><td>\(shown(row.new))</td><td>\(shown(row.reason))</td></tr>
                """
        }
        let table: HTML = rows.isEmpty
            ? "<p class=\"empty\">No changes match.</p>"
            : """
                <div class="table-wrap"><table class="audit">
                <caption class="visually-hidden">Changes to \(id.description), newest first</caption>
                <thead><tr><th scope="col">Time (UTC)</th><th scope="col">User</th><th scope="col">Action</th><th scope="col">Field</th>\
                <th scope="col">Old value</th><th scope="col">New value</th><th scope="col">Reason</th></tr></thead>
                <tbody>\(rows)</tbody></table></div>
                """
        return """
            \(filterForm(id, filter, catalog))
            <p><a class="button" href="/customers/\(id)/audit.csv">Download the whole trail (CSV)</a></p>
            \(table)
            \(TabPager.render(trail, what: "changes", url: pageURL))
            """
    }

    private static func shown(_ text: String) -> String { text.isEmpty ? "—" : text }

    private static func filterForm(_ id: CustomerID, _ filter: AuditFilter, _ catalog: FieldCatalog) -> HTML {
        let choices = [("", "Any field or action")]
            + AuditLog.Action.allCases.filter { $0 != .change }.map { ($0.rawValue, $0.label) }
            + catalog.fields(where: .audited).map { ($0.name, $0.label) }
            + catalog.groups.map { ($0.name, $0.label) }
        let options = choices.map { value, label -> HTML in
            "<option value=\"\(value)\"\(HTML.attribute("selected", if: value == filter.field))>\(label)</option>"
        }
        return """
            <form class="audit-filter" method="get" action="/customers/\(id)/audit">
            <div class="field"><label for="audit-field">Field</label><select id="audit-field" name="field">\(options)</select></div>
            <div class="field"><label for="audit-user">User</label><input type="text" id="audit-user" name="user" value="\(filter.user)" maxlength="200"></div>
            <div class="field"><label for="audit-from">From</label><input type="date" id="audit-from" name="from" value="\(filter.from)"></div>
            <div class="field"><label for="audit-to">To</label><input type="date" id="audit-to" name="to" value="\(filter.to)"></div>
            <p class="actions"><button type="submit">Filter</button> <a href="/customers/\(id)/audit">Clear</a></p>
            </form>
            """
    }

    /// The profile's Audit tab: the trail as the query filters it, one page of it.
    static func content(_ profile: ProfileVisit) throws -> HTML {
        let query = try profile.visit.request.query()
        let filter = AuditFilter(query)
        let trail = try profile.database.auditTrail(
            customer: profile.number, filter, PageRequest(page: TabPager.requestedPage(query), perPage: perPage))
        return content(trail, id: profile.id, filter: filter, catalog: profile.customer.catalog) { page in
            var parameters = filter.parameters
            parameters.append("page", String(page))
            return "/customers/\(profile.id)/audit?\(parameters.encoded)"
        }
    }

    /// `GET /customers/{id}/audit.csv`: the whole trail, newest first, cells neutralised against formulas.
    static func csv(_ visit: Visit, id: String) throws -> Response {
        let (customerID, _) = try CustomerLookup.find(id, visit.database)
        let database = visit.database
        return .download(contentType: "text/csv; charset=utf-8", fileName: "\(customerID)-audit.csv") { output in
            var writer = CSVChunkWriter(to: output)
            writer.byteOrderMark()
            for name in ["customer_id", "at", "user_name", "action", "field", "old_value", "new_value", "reason"] { writer.text(name) }
            try writer.endRow()
            try database.eachAuditRow(customer: customerID.number) { row in
                writer.text(customerID.description)
                for cell in [row.at, row.user, row.action, row.field, row.old, row.new, row.reason] { writer.text(cell) }
                try writer.endRow()
            }
            try writer.flush()
        }
    }
}
