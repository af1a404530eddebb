import Foundation

/// Reading a filter from the query string and writing it back. Bad values never fail the request:
/// they are dropped with a message for the field, or clamped (paging).
extension CustomerFilter {
    public init(_ query: Parameters) {
        self.init()
        let query = withoutControlCharacters(query)
        readText(query)
        section = query["section"].flatMap(Section.init(rawValue:)) ?? .all
        readStatuses(query.all("status"))
        kind = nonEmpty(query["kind"]).flatMap(Customer.Kind.init(rawValue:))
        readIDRange(query)
        name = trimmed(query["name"], field: "name")
        phone = trimmed(query["phone"], field: "phone")
        if !phone.isEmpty, phone.filter(\.isNumber).count < 3 {
            note("Type at least 3 digits of the phone number.", for: "phone")
            phone = ""
        }
        address = trimmed(query["address"], field: "address")
        if !address.isEmpty, !address.split(whereSeparator: \.isWhitespace).contains(where: { $0.count >= 3 }) {
            note("Type at least one word of 3 letters or more.", for: "address")
            address = ""
        }
        readBalanceRange(query)
        created = readDayRange(query, preset: "created", from: "created_from", to: "created_to")
        modified = readDayRange(query, preset: "modified", from: "modified_from", to: "modified_to")
        activeLoans = nonEmpty(query["active_loans"]).flatMap(ActiveLoans.init(rawValue:))
        list = nonEmpty(query["list"]).flatMap(FlagList.init(rawValue:))
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
        add("list", list?.rawValue)
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

    /// Control characters (NUL, escape…) are never part of what anyone searches for, and SQLite's
    /// full-text search stops reading at NUL: they are removed from every value, with a message beside
    /// the field. Tabs and line breaks (pasted from a spreadsheet) become spaces without one.
    private mutating func withoutControlCharacters(_ query: Parameters) -> Parameters {
        var cleaned = Parameters()
        for (name, value) in query.pairs {
            guard value.unicodeScalars.contains(where: Self.isControl) else {
                cleaned.append(name, value)
                continue
            }
            var kept = String.UnicodeScalarView()
            var removed = false
            for scalar in value.unicodeScalars {
                if !Self.isControl(scalar) {
                    kept.append(scalar)
                } else if Self.isLineSpace(scalar) {
                    kept.append(" ")
                } else {
                    removed = true
                }
            }
            if removed { note("Control characters (such as NUL) were removed.", for: name) }
            cleaned.append(name, String(kept))
        }
        return cleaned
    }

    /// C0 controls and DEL.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x20 || scalar.value == 0x7F }

    /// Tab, line feed, vertical tab, form feed, carriage return: they separate words like a space.
    private static func isLineSpace(_ scalar: Unicode.Scalar) -> Bool { (0x09...0x0D).contains(scalar.value) }

    /// The search, cut to `maximumTextLength` characters and `maximumSearchWords` distinct words (a
    /// repeated word narrows nothing): each short word is one more condition in the statement, so
    /// the number of words bounds its size and the number of statement shapes.
    private mutating func readText(_ query: Parameters) {
        var raw = query["q"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if raw.count > Self.maximumTextLength {
            raw = String(raw.prefix(Self.maximumTextLength))
            note("The search was cut to its first \(Self.maximumTextLength) characters.", for: "q")
        }
        var seen = Set<String>()
        let words = raw.split(whereSeparator: \.isWhitespace).filter { seen.insert($0.lowercased()).inserted }
        if words.count > Self.maximumSearchWords {
            note("Only the first \(Self.maximumSearchWords) words were searched for; the rest were left out.", for: "q")
        }
        text = words.prefix(Self.maximumSearchWords).joined(separator: " ")
    }

    private mutating func readStatuses(_ values: [String]) {
        var chosen: [Status] = []
        for value in values where !value.isEmpty {
            if let status = Status(rawValue: value) {
                chosen.append(status)
            } else if let group = StatusGroup(rawValue: value) {
                chosen += group.statuses
            } else {
                note("“\(Self.shortened(value))” is not a status; it was left out.", for: "status")
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
            if range.preset == nil { note("“\(Self.shortened(value))” is not a period we know; it was left out.", for: preset) }
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
        let requested = query["page"].flatMap { Int($0) } ?? 1
        page = min(max(1, requested), Self.maximumPage(perPage: perPage))
    }

    // MARK: - Values

    /// Adds `message` to what is said beside `field`.
    private mutating func note(_ message: String, for field: String) {
        problems[field] = problems[field].map { $0 + " " + message } ?? message
    }

    /// A value quoted back in a message, cut so a 10 KB value does not fill the page.
    private static func shortened(_ value: String) -> String {
        value.count <= 40 ? value : value.prefix(40) + "…"
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    private mutating func trimmed(_ value: String?, field: String) -> String {
        guard let value = nonEmpty(value) else { return "" }
        guard value.count <= Self.maximumTextLength else {
            note("Only the first \(Self.maximumTextLength) characters were used.", for: field)
            // Trimmed again, so the cut value reads back the same from the page's own links.
            return String(value.prefix(Self.maximumTextLength)).trimmingCharacters(in: .whitespaces)
        }
        return value
    }

    /// `CUST0000047`, `0000047` or `47`.
    private mutating func customerNumber(_ value: String?, field: String) -> Int64? {
        guard let value = nonEmpty(value) else { return nil }
        if let id = CustomerID(value) { return id.number }
        // Ten digits at most, so the number fits; 0 means the same as the first customer.
        if value.count <= 10, value.allSatisfy(\.isASCII), let number = Int64(value), number >= 0 { return max(1, number) }
        note("“\(Self.shortened(value))” is not a customer ID such as CUST0000047.", for: field)
        return nil
    }

    /// `1234.56`, `-5`, `1 234,5` → minor units.
    private mutating func cents(_ value: String?, field: String) -> Int64? {
        guard let value = nonEmpty(value) else { return nil }
        guard let amount = Money.cents(from: value) else {
            note("“\(Self.shortened(value))” is not an amount such as 1234.56.", for: field)
            return nil
        }
        return amount
    }

    private mutating func day(_ value: String?, field: String) -> String? {
        guard let value = nonEmpty(value) else { return nil }
        guard StoreDate.parseDay(value) != nil else {
            note("“\(Self.shortened(value))” is not a date of the calendar (YYYY-MM-DD).", for: field)
            return nil
        }
        return value
    }
}
