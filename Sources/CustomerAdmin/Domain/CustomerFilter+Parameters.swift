import Foundation

/// Reading a filter from the query string and writing it back. Bad values never fail the request:
/// they are dropped with a message for the field, or clamped (paging).
extension CustomerFilter {
    public init(_ query: Parameters) {
        self.init()
        readText(query)
        section = query["section"].flatMap(Section.init(rawValue:)) ?? .all
        readStatuses(query.all("status"))
        kind = nonEmpty(query["kind"]).flatMap(Customer.Kind.init(rawValue:))
        readIDRange(query)
        name = trimmed(query["name"], field: "name")
        phone = trimmed(query["phone"], field: "phone")
        if !phone.isEmpty, phone.filter(\.isNumber).count < 3 {
            problems["phone"] = "Type at least 3 digits of the phone number."
            phone = ""
        }
        address = trimmed(query["address"], field: "address")
        if !address.isEmpty, !address.split(whereSeparator: \.isWhitespace).contains(where: { $0.count >= 3 }) {
            problems["address"] = "Type at least one word of 3 letters or more."
            address = ""
        }
        readBalanceRange(query)
        created = readDayRange(query, preset: "created", from: "created_from", to: "created_to")
        modified = readDayRange(query, preset: "modified", from: "modified_from", to: "modified_to")
        activeLoans = nonEmpty(query["active_loans"]).flatMap(ActiveLoans.init(rawValue:))
        readSortAndPage(query)
    }

    /// The canonical query string: only what differs from the defaults, in a stable order.
    public var parameters: Parameters {
        var out = Parameters()
        func add(_ name: String, _ value: String?) {
            if let value, !value.isEmpty { out.append(name, value) }
        }
        add("q", text)
        if section != .all { add("section", section.rawValue) }
        for status in statuses { add("status", status.rawValue) }
        add("kind", kind?.rawValue)
        add("id_from", idFrom.map { CustomerID(number: $0).description })
        add("id_to", idTo.map { CustomerID(number: $0).description })
        add("name", name)
        add("phone", phone)
        add("address", address)
        add("balance_min", balanceMin.map(Format.plainMoney))
        add("balance_max", balanceMax.map(Format.plainMoney))
        add("created", created.preset?.rawValue)
        add("created_from", created.from)
        add("created_to", created.to)
        add("modified", modified.preset?.rawValue)
        add("modified_from", modified.from)
        add("modified_to", modified.to)
        add("active_loans", activeLoans?.rawValue)
        if sort != .id || !descending {
            add("sort", sort.rawValue)
            add("dir", descending ? "desc" : "asc")
        }
        if perPage != 20 { add("per_page", String(perPage)) }
        if page != 1 { add("page", String(page)) }
        return out
    }

    /// The filter with everything but the section, sort and page size removed.
    public var cleared: CustomerFilter {
        var plain = CustomerFilter()
        plain.section = section
        plain.sort = sort
        plain.descending = descending
        plain.perPage = perPage
        return plain
    }

    /// True when some filter narrows the list beyond the section.
    public var isFiltered: Bool {
        var plain = cleared
        plain.page = page
        return plain.parameters != parameters
    }

    // MARK: - Reading

    private mutating func readText(_ query: Parameters) {
        let raw = query["q"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard raw.count > Self.maximumTextLength else {
            text = raw
            return
        }
        text = String(raw.prefix(Self.maximumTextLength))
        problems["q"] = "The search was cut to its first \(Self.maximumTextLength) characters."
    }

    private mutating func readStatuses(_ values: [String]) {
        var chosen: [Status] = []
        for value in values where !value.isEmpty {
            if let status = Status(rawValue: value) {
                chosen.append(status)
            } else if let group = StatusGroup(rawValue: value) {
                chosen += group.statuses
            } else {
                problems["status"] = "“\(value)” is not a status; it was left out."
            }
        }
        statuses = Status.allCases.filter(chosen.contains)
    }

    private mutating func readIDRange(_ query: Parameters) {
        idFrom = customerNumber(query["id_from"], field: "id_from")
        idTo = customerNumber(query["id_to"], field: "id_to")
        if let from = idFrom, let to = idTo, from > to { (idFrom, idTo) = (to, from) }
    }

    private mutating func readBalanceRange(_ query: Parameters) {
        balanceMin = cents(query["balance_min"], field: "balance_min")
        balanceMax = cents(query["balance_max"], field: "balance_max")
        if let low = balanceMin, let high = balanceMax, low > high { (balanceMin, balanceMax) = (high, low) }
    }

    private mutating func readDayRange(_ query: Parameters, preset: String, from: String, to: String) -> DayRange {
        var range = DayRange()
        if let value = nonEmpty(query[preset]), value != "custom" {
            range.preset = DayRange.Preset(rawValue: value)
            if range.preset == nil { problems[preset] = "“\(value)” is not a period we know; it was left out." }
            if range.preset != nil { return range }
        }
        range.from = day(query[from], field: from)
        range.to = day(query[to], field: to)
        if let low = range.from, let high = range.to, low > high { (range.from, range.to) = (high, low) }
        return range
    }

    private mutating func readSortAndPage(_ query: Parameters) {
        if let key = query["sort"].flatMap(SortKey.init(rawValue:)) {
            sort = key
            descending = query["dir"] == "desc"
        }
        if let size = query["per_page"].flatMap({ Int($0) }) {
            perPage = Self.pageSizes.first { $0 >= size } ?? Self.pageSizes.last!
        }
        page = max(1, query["page"].flatMap { Int($0) } ?? 1)
    }

    // MARK: - Values

    private func nonEmpty(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    private mutating func trimmed(_ value: String?, field: String) -> String {
        guard let value = nonEmpty(value) else { return "" }
        guard value.count <= Self.maximumTextLength else {
            problems[field] = "Only the first \(Self.maximumTextLength) characters were used."
            return String(value.prefix(Self.maximumTextLength))
        }
        return value
    }

    /// `CUST0000047`, `0000047` or `47`.
    private mutating func customerNumber(_ value: String?, field: String) -> Int64? {
        guard let value = nonEmpty(value) else { return nil }
        if let id = CustomerID(value) { return id.number }
        if value.count <= 10, value.allSatisfy(\.isASCII), let number = Int64(value), number >= 0 { return number }
        problems[field] = "“\(value)” is not a customer ID such as CUST0000047."
        return nil
    }

    /// `1234.56`, `-5`, `1 234,5` → minor units.
    private mutating func cents(_ value: String?, field: String) -> Int64? {
        guard let value = nonEmpty(value) else { return nil }
        guard let amount = Money.cents(from: value) else {
            problems[field] = "“\(value)” is not an amount such as 1234.56."
            return nil
        }
        return amount
    }

    private mutating func day(_ value: String?, field: String) -> String? {
        guard let value = nonEmpty(value) else { return nil }
        guard StoreDate.parseDay(value) != nil else {
            problems[field] = "“\(value)” is not a date of the calendar (YYYY-MM-DD)."
            return nil
        }
        return value
    }
}
