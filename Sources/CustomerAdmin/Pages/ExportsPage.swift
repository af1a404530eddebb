/// `GET /exports` (managers): the export log, newest first, paged, narrowed by user and outcome.
enum ExportsPage {
    static func response(_ visit: Visit) throws -> Response {
        let log = try visit.database.exportLog(ExportLogQuery(try visit.request.query()))
        return .html(Layout.page(title: "Exports", staff: visit.staff, content: render(log)))
    }

    static func url(_ query: ExportLogQuery) -> String {
        let encoded = query.parameters.encoded
        return encoded.isEmpty ? "/exports" : "/exports?" + encoded
    }

    static func render(_ log: ExportLogPage) -> HTML {
        let rows = log.records.map { record -> HTML in
            """
            <tr><td class="num">\(StoreDate.timestamp(record.at))</td><td>\(record.userName)</td>\
            <td><span class="badge outcome-\(record.outcome.rawValue)">\(label(record.outcome))</span></td>\
            <td class="num">\(record.count.map(Format.count) ?? "—")</td>\
            <td>\(record.fields.isEmpty ? "—" : record.fields.joined(separator: ", "))</td>\
            <td>\(record.query.isEmpty ? "—" : record.query)</td><td>\(record.reason.isEmpty ? "—" : record.reason)</td></tr>
            """
        }
        let total = switch log.total {
        case .exact(let count): "\(Format.count(count)) \(count == 1 ? "export" : "exports")"
        case .moreThan(let count): "More than \(Format.count(count)) exports"
        }
        let table: HTML = log.records.isEmpty
            ? "<p class=\"empty\">No export matches.</p>"
            : """
                <div class="table-wrap"><table class="exports">
                <caption>\(total), newest first</caption>
                <thead><tr><th scope="col">When (UTC)</th><th scope="col">User</th><th scope="col">Outcome</th>\
                <th scope="col" class="num">Records</th><th scope="col">Fields</th><th scope="col">Query</th>\
                <th scope="col">Reason</th></tr></thead>
                <tbody>\(rows)</tbody>
                </table></div>
                """
        var query = log.query
        let pager = Pager.links(
            current: log.page, last: log.pageCount, lastKnown: log.total == .exact(log.total.reachable), label: "Export log pages",
            url: { page in
                query.page = page
                return url(query)
            })
        return """
            <div class="page-head"><h1>Exports</h1></div>
            \(filterForm(log.query))
            \(table)
            \(pager)
            """
    }

    private static func filterForm(_ query: ExportLogQuery) -> HTML {
        let options = [("", "Any outcome")] + ExportRecord.Outcome.allCases.map { ($0.rawValue, label($0)) }
        let choices = options.map { value, text -> HTML in
            "<option value=\"\(value)\"\(HTML.when((query.outcome?.rawValue ?? "") == value, " selected"))>\(text)</option>"
        }
        return """
            <form class="export-log-filter" method="get" action="/exports">
            <label for="export-user">User</label> <input type="text" id="export-user" name="user" value="\(query.user)" maxlength="100">
            <label for="export-outcome">Outcome</label> <select id="export-outcome" name="outcome">\(choices)</select>
            <button type="submit">Show</button>
            </form>
            """
    }

    static func label(_ outcome: ExportRecord.Outcome) -> String {
        switch outcome {
        case .ok: "Sent"
        case .failed: "Failed"
        case .rateLimited: "Over the rate limit"
        case .refused: "Refused"
        }
    }
}
