import Foundation

/// `GET /customers/export?<listing query>`: the export dialog of seed 004 as a page of its own
/// (without JavaScript), or with `X-Fragment: dialog` only its form, which `app.js` puts in the
/// listing's `<dialog>`. A toggle per field the role may export, all off (`select=all`: all on),
/// the seed's eight first; how many customers the query matches; above 500, why Generate is off.
enum ExportDialogPage {
    static func response(_ visit: Visit) throws -> Response {
        let query = try visit.request.query()
        let filter = CustomerPDFExport.exportedFilter(query)
        let fields = ExportSelection.offered(visit.database.catalog, role: visit.staff.role)
        let form = render(
            filter, fields: fields, matches: try matches(filter, visit.database), allOn: query["select"] == "all",
            ticket: try visit.ticket(), inDialog: visit.request.headers["x-fragment"] == "dialog")
        if visit.request.headers["x-fragment"] == "dialog" { return .html(form) }
        return .html(Layout.page(
            title: "Export customers", staff: visit.staff, back: Layout.backLink(ListingPage.url(filter), "Back to customers"),
            content: form))
    }

    enum Matches: Equatable {
        case exact(Int)
        case overLimit
        /// Counting took longer than the download budget.
        case tooBroad
        /// The query has values the listing refused.
        case refused
    }

    static func matches(_ filter: CustomerFilter, _ database: AppDatabase) throws -> Matches {
        guard filter.problems.isEmpty else { return .refused }
        do {
            switch try database.matchCount(filter, countingUpTo: ExportLimits.records) {
            case .exact(let count) where count <= ExportLimits.records: return .exact(count)
            case .exact, .moreThan: return .overLimit
            }
        } catch is OverTimeBudget {
            return .tooBroad
        }
    }

    static func url(_ filter: CustomerFilter, selectAll: Bool = false) -> String {
        var parameters = filter.parameters
        if selectAll { parameters.append("select", "all") }
        return parameters.encoded.isEmpty ? "/customers/export" : "/customers/export?" + parameters.encoded
    }

    static func render(
        _ filter: CustomerFilter, fields: [Field], matches: Matches, allOn: Bool, ticket: FormTicket, inDialog: Bool
    ) -> HTML {
        let heading: HTML = inDialog
            ? "<h2 id=\"export-title\">Export customers to PDF</h2>"
            : "<h1 id=\"export-title\">Export customers to PDF</h1>"
        let toggles = fields.map { field -> HTML in
            """
            <li><input type="checkbox" class="switch" id="export-\(field.name)" name="field" value="\(field.name)"\
            \(HTML.when(allOn, " checked"))><label for="export-\(field.name)">\(field.label)</label></li>
            """
        }
        let canGenerate = if case .exact(let count) = matches { count > 0 } else { false }
        return """
            <form class="export-form" method="post" action="/customers/export" aria-labelledby="export-title">
            \(heading)
            \(summary(matches))
            \(Forms.fields(ticket))\
            \(ListingPage.hiddenInputs(filter) { _ in true })
            <fieldset class="export-fields">
            <legend>Fields in the report</legend>
            <p class="export-select">\
            <a class="button" href="\(url(filter, selectAll: true))" data-export-select="all">Select all</a> \
            <a class="button" href="\(url(filter))" data-export-select="none">None</a></p>
            <ul class="switches">\(toggles)</ul>
            </fieldset>
            <p class="actions">\
            <button type="submit" class="primary"\(HTML.when(!canGenerate, " disabled"))>Generate PDF</button> \
            <a class="button" href="\(ListingPage.url(filter))" data-export-cancel>Cancel</a></p>
            </form>
            """
    }

    private static func summary(_ matches: Matches) -> HTML {
        let limit = Format.count(ExportLimits.records)
        switch matches {
        case .exact(0):
            return "<p class=\"export-count\" role=\"status\">No customer matches this list: there is nothing to export.</p>"
        case .exact(1):
            return "<p class=\"export-count\" role=\"status\">1 customer matches</p>"
        case .exact(let count):
            return "<p class=\"export-count\" role=\"status\">\(Format.count(count)) customers match</p>"
        case .overLimit:
            return """
                <p class="export-warning" role="alert">More than \(limit) customers match: at most \(limit) can be exported \
                at once. Narrow the search or the filters (a status, an ID range, creation dates), or export the list \
                in parts, for example \(limit) IDs at a time with “ID from” and “ID to”.</p>
                """
        case .tooBroad:
            return "<p class=\"export-warning\" role=\"alert\">This list is too broad to count in time. Narrow the search or the filters, then export.</p>"
        case .refused:
            return "<p class=\"export-warning\" role=\"alert\">The list’s search or filters have values that could not be used. Correct them on the listing, then export.</p>"
        }
    }
}
