/// The results region of the listing: chips, table and pager. `app.js` swaps this region alone.
extension ListingPage {
    static func results(_ listing: CustomerListing, role: Role) -> HTML {
        guard !listing.overBudget else { return "\(chips(listing.filter))\n\(tooBroad(listing.filter))" }
        let rows: HTML =
            if listing.customers.isEmpty { empty(listing.filter) }
            else if role.may(.changeStatus) { "\(BulkStatusForm(role: role, back: listing.filter).render(ticket: Forms.ticketSlot))\(table(listing, bulk: true))" }
            else { table(listing, bulk: false) }
        return """
        \(chips(listing.filter))
        \(rows)
        \(pager(listing))
        """
    }

    // MARK: - Chips

    /// Each active filter as a link that removes it, then "Clear all".
    private static func chips(_ filter: CustomerFilter) -> HTML {
        let chips = activeFilters(filter)
        guard !chips.isEmpty else { return .empty }
        let links = chips.map { label, without -> HTML in
            "<li><a class=\"chip\" href=\"\(url(without))\" aria-label=\"Remove filter \(label)\">\(label) <span aria-hidden=\"true\">×</span></a></li>"
        }
        return """
            <ul class="chips" aria-label="Active filters">\(links)<li><a class="chip clear" href="\(url(filter.cleared))">Clear all</a></li></ul>
            """
    }

    /// Label and the filter without it, page reset to the first.
    static func activeFilters(_ filter: CustomerFilter) -> [(String, CustomerFilter)] {
        var base = filter
        base.page = 1
        var chips: [(String, CustomerFilter)] = []
        func chip(_ label: String, _ remove: (inout CustomerFilter) -> Void) {
            var without = base
            remove(&without)
            chips.append((label, without))
        }
        if !filter.text.isEmpty { chip("Search: \(filter.text)") { $0.text = "" } }
        if !filter.statuses.isEmpty {
            chip("Status: " + filter.statuses.map(\.label).joined(separator: ", ")) { $0.statuses = [] }
        }
        if let kind = filter.kind { chip("Kind: \(kind.label)") { $0.kind = nil } }
        if filter.idFrom != nil || filter.idTo != nil {
            chip("ID: " + span(filter.idFrom.map { CustomerID(number: $0).description }, filter.idTo.map { CustomerID(number: $0).description })) {
                $0.idFrom = nil
                $0.idTo = nil
            }
        }
        if !filter.name.isEmpty { chip("Name: \(filter.name)") { $0.name = "" } }
        if !filter.phone.isEmpty { chip("Phone: \(filter.phone)") { $0.phone = "" } }
        if !filter.address.isEmpty { chip("Address: \(filter.address)") { $0.address = "" } }
        if filter.balanceMin != nil || filter.balanceMax != nil {
            chip("Balance: " + span(filter.balanceMin.map(Format.money), filter.balanceMax.map(Format.money))) {
                $0.balanceMin = nil
                $0.balanceMax = nil
            }
        }
        if !filter.created.isEmpty { chip("Created: \(describe(filter.created))") { $0.created = DayRange() } }
        if !filter.modified.isEmpty { chip("Modified: \(describe(filter.modified))") { $0.modified = DayRange() } }
        if let loans = filter.activeLoans {
            chip("Active loans: " + (loans == .none ? "none" : "more than none")) { $0.activeLoans = nil }
        }
        if let list = filter.list { chip("On the \(list.label.lowercased())") { $0.list = nil } }
        return chips
    }

    private static func span(_ from: String?, _ to: String?) -> String {
        switch (from, to) {
        case let (from?, to?): "\(from) – \(to)"
        case let (from?, nil): "from \(from)"
        case let (nil, to?): "up to \(to)"
        case (nil, nil): ""
        }
    }

    private static func describe(_ range: DayRange) -> String {
        range.preset.map { $0.label.lowercased() } ?? span(range.from, range.to)
    }

    // MARK: - Table

    private static func table(_ listing: CustomerListing, bulk: Bool) -> HTML {
        let section = listing.filter.section
        let select: HTML = bulk ? "<th scope=\"col\" class=\"select\"><span class=\"visually-hidden\">Select</span></th>" : .empty
        let headers = [select] + listing.columns.map { header($0, listing) }
        let cells = (bulk ? [TableCell.select] : []) + listing.columns.map { TableCell($0, section: section, catalog: listing.catalog) }
        let rows = listing.customers.map { row($0, cells) }
        return """
            <div class="table-wrap">
            <table class="customers">
              <caption class="visually-hidden">Customers, \(sortDescription(listing))</caption>
              <thead><tr>\(headers)</tr></thead>
              <tbody>
            \(rows)
              </tbody>
            </table>
            </div>
            """
    }

    private static func sortDescription(_ listing: CustomerListing) -> String {
        let filter = listing.filter
        let field = listing.columns.first { $0.sort?.key == filter.sort.rawValue } ?? listing.columns[0]
        return "sorted by \(listing.catalog.listing.heading(field, in: filter.section)), \(filter.descending ? "descending" : "ascending")"
    }

    /// A sortable header is a link that sorts by it, flipping the direction when it is already the sort.
    private static func header(_ column: Field, _ listing: CustomerListing) -> HTML {
        let filter = listing.filter
        let label = listing.catalog.listing.heading(column, in: filter.section)
        let numeric = HTML.when(column.type.isInteger, " class=\"num\"")
        guard let key = column.sort.flatMap({ CustomerFilter.SortKey(rawValue: $0.key) }) else {
            return "<th scope=\"col\"\(numeric)>\(label)</th>"
        }
        let current = filter.sort == key
        var target = filter
        target.sort = key
        target.descending = current ? !filter.descending : false
        target.page = 1
        let ariaSort: HTML = current ? (filter.descending ? " aria-sort=\"descending\"" : " aria-sort=\"ascending\"") : .empty
        let arrow: HTML = current ? (filter.descending ? " <span aria-hidden=\"true\">▼</span>" : " <span aria-hidden=\"true\">▲</span>") : .empty
        return "<th scope=\"col\"\(numeric)\(ariaSort)><a href=\"\(url(target))\">\(label)\(arrow)</a></th>"
    }

    /// How one column's cells read, decided once per table: a stored value is read by its position.
    private enum TableCell {
        /// The checkbox of the bulk status form.
        case select
        case link, name, status, statusGroup
        case value(position: Int, style: Style)
        case shown(Field)

        enum Style { case count, money, day, noWrap, text }

        init(_ field: Field, section: CustomerFilter.Section, catalog: FieldCatalog) {
            if field.storage == .key { self = .link; return }
            if field.name == "display_name" { self = .name; return }
            if field.name == "status" { self = section == .customers ? .statusGroup : .status; return }
            guard field.storage == .column, let position = catalog.position(of: field.name) else { self = .shown(field); return }
            switch field.type {
            case .count: self = .value(position: position, style: .count)
            case .money: self = .value(position: position, style: .money)
            case .timestamp: self = .value(position: position, style: .day)
            case .date, .phone: self = .value(position: position, style: .noWrap)
            case .text where field.maxLength <= 40: self = .value(position: position, style: .noWrap)
            case .text, .email: self = .value(position: position, style: .text)
            case .yesNo, .choice: self = .shown(field)
            }
        }
    }

    private static func row(_ customer: Customer, _ cells: [TableCell]) -> HTML {
        let id = customer.customerID?.description ?? ""
        let tds = cells.map { cell -> HTML in
            switch cell {
            case .select: "<td class=\"select\">\(BulkStatusForm.checkbox(id))</td>"
            case .link: "<td class=\"mono\"><a href=\"/customers/\(id)\">\(id)</a></td>"
            case .name: "<td class=\"name\">\(dash(customer.displayName))\(Components.listBadges(customer))</td>"
            case .status: "<td>\(Components.statusBadge(customer.status))</td>"
            case .statusGroup: "<td>\(statusGroupBadge(customer.status))</td>"
            case .shown(let field): "<td>\(dash(customer.shown(field)))</td>"
            case .value(let position, let style):
                switch style {
                case .count: "<td class=\"num\">\(customer[position: position].text)</td>"
                case .money: "<td class=\"num\">\(Format.money(customer[position: position].integer))</td>"
                case .day: "<td class=\"nowrap\">\(Format.day(customer[position: position].text))</td>"
                case .noWrap: "<td class=\"nowrap\">\(dash(customer[position: position].text))</td>"
                case .text: "<td>\(dash(customer[position: position].text))</td>"
                }
            }
        }
        return "<tr data-href=\"/customers/\(id)\">\(tds)</tr>\n"
    }

    /// The lending seeds' Enabled / Disabled / Blocked, with the status itself in a tooltip and, for
    /// screen readers and touch, in hidden text beside it; pre-customers keep their status.
    private static func statusGroupBadge(_ status: Status) -> HTML {
        guard let group = StatusGroup(status) else { return Components.statusBadge(status) }
        return """
            <span class="badge status-\(status.rawValue)" title="\(status.label)">\(group.label)<span class="visually-hidden"> (\(status.label))</span></span>
            """
    }

    private static func dash(_ value: String) -> String { value.isEmpty ? "—" : value }

    private static func empty(_ filter: CustomerFilter) -> HTML {
        """
        <div class="empty" role="status">
          <p><strong>No customers match.</strong> Check the spelling, or search with fewer words.</p>
          \(clearFilters(filter))
        </div>
        """
    }

    /// The way out of an empty or too broad list, when a filter narrowed it.
    private static func clearFilters(_ filter: CustomerFilter) -> HTML {
        HTML.when(filter.isFiltered, "<p><a class=\"button\" href=\"\(url(filter.cleared))\">Clear filters</a></p>")
    }

    /// The list took longer to read than a page may: the ways to narrow it, each a click or a field away.
    private static func tooBroad(_ filter: CustomerFilter) -> HTML {
        var byID = filter
        byID.sort = .id
        byID.descending = true
        byID.page = 1
        var firstPage = filter
        firstPage.page = 1
        let sortAdvice: HTML =
            filter.sort == .id ? .empty : "<li><a href=\"\(url(byID))\">sort by customer ID</a>, which needs no sorting of the matches;</li>"
        let pageAdvice: HTML =
            filter.page > 1 ? "<li><a href=\"\(url(firstPage))\">go back to the first page</a>;</li>" : .empty
        return """
            <div class="empty" role="alert">
              <p><strong>This search is too broad to show in time.</strong> Narrow it and search again:</p>
              <ul>
                <li>use fewer words, or longer ones (3 letters or more);</li>
                <li>choose a section, a status or a date range under Advanced search;</li>
                \(sortAdvice)\(pageAdvice)
              </ul>
              \(clearFilters(filter))
            </div>
            """
    }

    // MARK: - Pager

    private static func pager(_ listing: CustomerListing) -> HTML {
        let filter = listing.filter
        let (first, last) = listing.shownRange
        let of: String =
            switch listing.total {
            case .exact(let count): Format.count(count)
            case .moreThan(let limit): "more than \(Format.count(limit))"
            }
        let summary: HTML =
            listing.customers.isEmpty ? "" : "<p class=\"showing\" role=\"status\">Showing \(Format.count(first))–\(Format.count(last)) of \(of)</p>"
        return """
            <div class="pager">
              \(summary)
              \(HTML.when(listing.pageCount > 1, pageLinks(listing)))
              \(pageSize(filter))
            </div>
            """
    }

    private static func pageLinks(_ listing: CustomerListing) -> HTML {
        let lastKnown = if case .exact = listing.total { true } else { false }
        return Pager.links(
            current: listing.page, last: listing.pageCount, lastKnown: lastKnown, label: "Pages",
            url: { page in
                var target = listing.filter
                target.page = page
                return url(target)
            },
            currentURL: "#results")
    }

    /// Rows per page: a form that keeps the choice as the user's preference and comes back to this
    /// list (every other parameter rides along).
    private static func pageSize(_ filter: CustomerFilter) -> HTML {
        var rest = filter
        rest.page = 1
        let kept = hiddenInputs(rest) { $0 != "per_page" }
        let options = CustomerFilter.pageSizes.map { size -> HTML in
            "<option value=\"\(size)\"\(HTML.attribute("selected", if: size == filter.perPage))>\(size)</option>"
        }
        return """
            <form class="page-size" method="post" action="/preferences/page-size">\(Forms.ticketSlot)\(kept)
              <label for="per_page">Rows per page</label>
              <select id="per_page" name="per_page" data-autosubmit>\(options)</select>
              <button type="submit" class="js-hidden">Show</button>
            </form>
            """
    }
}
