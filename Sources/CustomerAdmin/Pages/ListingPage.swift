import Foundation
import GRDB

/// `GET /customers`: the list staff spend their day on. Search and every filter are a plain GET form,
/// so it works without JavaScript; `app.js` asks for the results region alone (`X-Fragment: results`).
enum ListingPage {
    static func response(_ visit: Visit) throws -> Response {
        let query = try visit.request.query()
        var filter = CustomerFilter(query)
        if query["per_page"] == nil, let size = visit.member.preferences.pageSize { filter.perPage = size }
        let columns = visit.database.catalog.columns(for: filter.section, chosen: visit.member.preferences.columns[filter.section])
        let fragment = visit.request.headers["x-fragment"] == "results"
        // A kept page is shared by everyone of the same role and columns: the user's name goes around
        // it (the layout), the tokens of its forms into its slots.
        let key = PageCache.Key(
            page: fragment ? .listingResults : .listing, role: visit.staff.role, day: CSRFTokens.day(visit.now), filter: filter,
            columns: columns.map(\.name))
        // The key names the role: a page with the bulk status form is kept only for roles that may use it.
        let role = visit.staff.role
        let kept = try visit.app.pages.page(
            key, database: visit.database, read: { try $0.versionedListing(filter, columns: columns, today: visit.now) },
            render: { fragment ? results($0, role: role) : render($0, role: role) })
        let content = try kept.filled(visit.ticket)
        guard !fragment else { return .html(content) }
        let actions: HTML = "\(BulkStatusPage.flash(query))\(CustomerActions.newButtons(visit.staff.role))"
        return .html(Layout.page(title: title(filter), staff: visit.staff, content: "\(actions)\(content)"))
    }

    /// `POST /preferences/page-size`: keeps the user's rows per page and goes back to the listing the
    /// form was on (its query rides along as hidden fields), where the new size now applies.
    static func savePageSize(_ post: FormPost, _ db: Database) throws -> Response {
        guard let size = post.fields["per_page"].flatMap({ Int($0) }), CustomerFilter.pageSizes.contains(size) else {
            let sizes = CustomerFilter.pageSizes.map(String.init).joined(separator: ", ")
            throw HTTPError(422, "Rows per page must be one of \(sizes).")
        }
        try AppDatabase.setPageSize(size, userName: post.staff.userName, db)
        var back = CustomerFilter(post.fields)
        back.page = 1
        back.perPage = CustomerFilter().perPage  // left out of the address, so the preference applies
        return .redirect(to: url(back))
    }

    static func url(_ filter: CustomerFilter, path: String = "/customers") -> String {
        let query = filter.parameters.encoded
        return query.isEmpty ? path : path + "?" + query
    }

    private static func title(_ filter: CustomerFilter) -> String {
        let section =
            switch filter.section {
            case .pre: "Pre-customers"
            case .customers: "Customers"
            case .all: "All customers"
            }
        return filter.text.isEmpty ? section : "“\(filter.text)” · \(section)"
    }

    /// For a role that may change statuses, with a checkbox per row and the form that moves the ticked ones.
    static func render(_ listing: CustomerListing, role: Role) -> HTML {
        """
        <div class="page-head">
          <h1>Customers</h1>
          \(sectionTabs(listing))
        </div>
        \(searchForm(listing.filter))
        <div id="results" class="results">
        \(results(listing, role: role))
        </div>
        <dialog id="export-dialog" class="export-dialog"></dialog>
        """
    }

    /// Pre-customers / Customers / All, with the store's totals kept by triggers.
    private static func sectionTabs(_ listing: CustomerListing) -> HTML {
        let tabs = [(CustomerFilter.Section.pre, "Pre-customers"), (.customers, "Customers"), (.all, "All")]
            .map { section, label -> HTML in
                var target = listing.filter
                target.section = section
                target.page = 1
                let current = HTML.when(listing.filter.section == section, " aria-current=\"page\"")
                let count = Format.count(listing.sectionTotals[section] ?? 0)
                return "<a href=\"\(url(target))\"\(current)>\(label) <span class=\"count\">(\(count))</span></a>"
            }
        return "<nav class=\"tabs\" aria-label=\"Sections\">\(tabs)</nav>"
    }

    private static func searchForm(_ filter: CustomerFilter) -> HTML {
        let downloads = filter.parameters.encoded
        let suffix = downloads.isEmpty ? "" : "?" + downloads
        return """
            <form class="search" method="get" action="/customers" role="search" autocomplete="off" data-live-search>
              \(keptState(filter))
              <label for="q">Search name, ID, phone, e-mail, national ID, address</label>
              <div class="search-row">
                <input type="search" id="q" name="q" value="\(filter.text)" spellcheck="false"
                  maxlength="\(CustomerFilter.maximumTextLength)"\(describedBy("q", filter))>
                <button type="submit" class="primary">Search</button>
                <span class="downloads">
                  <a class="button" href="/customers.csv\(suffix)" data-keep-query>CSV</a>
                  <a class="button" href="/customers.xlsx\(suffix)" data-keep-query>Excel</a>
                  <a class="button" href="\(ColumnChooserPage.url(filter.section))">Columns…</a>
                  <a class="button" href="/customers/export\(suffix)" data-keep-query data-export-dialog>Export…</a>
                </span>
              </div>
              \(FilterFields.problem("q", filter))
              \(FilterFields.advanced(filter))
            </form>
            """
    }

    /// Section, sort and page size ride along when the form is sent; the page starts again at 1.
    private static func keptState(_ filter: CustomerFilter) -> HTML {
        hiddenInputs(filter) { ["section", "sort", "dir", "per_page"].contains($0) }
    }

    /// The filter's parameters that `keep` names, as hidden inputs of a GET form.
    static func hiddenInputs(_ filter: CustomerFilter, keep: (String) -> Bool) -> HTML {
        HTML.join(filter.parameters.pairs.filter { keep($0.name) }.map { "<input type=\"hidden\" name=\"\($0.name)\" value=\"\($0.value)\">" })
    }

    static func describedBy(_ field: String, _ filter: CustomerFilter) -> HTML {
        filter.problems[field] == nil ? .empty : " aria-invalid=\"true\" aria-describedby=\"\(field)-problem\""
    }
}
