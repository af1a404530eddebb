import Foundation
import GRDB

/// The one place a `CustomerFilter` becomes SQL; the listing, its count and the downloads share it.
/// Every value is a bound argument; sort columns come from an allow-list; user text reaches FTS5
/// only as quoted phrases, so `"`, `*`, `NEAR`, `:` or `(` are searched for, never parsed.
/// Listing statements are kept per connection (preparing one cost more than running it), but only
/// the first `StatementShapes.capacity` distinct SQL texts: combinations of filters, sorts and short
/// words make millions of shapes, and GRDB keeps every cached statement for the connection's life.
struct CustomerQuery {
    let filter: CustomerFilter
    /// The fields rows are decoded into and sorted by.
    let catalog: FieldCatalog
    private(set) var conditions: [String] = []
    private(set) var arguments = StatementArguments()
    /// True when only status and kind narrow the list, so the kept totals answer the count.
    private(set) var countsFromTotals = true
    /// True when the trigram index takes part. It then drives the join, newest first, so the first
    /// page of a fragment that matches most of the store stops after 20 rows (8 ms, not 425 ms at 1M).
    private(set) var searchesText = false

    /// Counting stops here on the first pages; beyond it the listing says "more than 1,000". Counting
    /// costs as much as reading that many matches, and staff narrow a broad search rather than page it.
    static let countLimit = 1_000
    /// The furthest a deep page raises the count; pages beyond it are clamped to the last one it reaches.
    static let deepestCount = 100_000
    let countLimit: Int
    /// IDs per slice of an export in ID order (`rowsInIDSlices`); tests make it small.
    var exportSliceSize: Int64 = 20_000

    init(_ filter: CustomerFilter, catalog: FieldCatalog = .standard, today: Date = Date(), countLimit: Int = Self.countLimit) {
        self.filter = filter
        self.catalog = catalog
        self.countLimit = countLimit
        addSearch()
        addStatusAndKind()
        addRanges(today: today)
    }

    // MARK: - Reads

    /// One page of customers, in the filter's order.
    func customers(_ db: Database, offset: Int, limit: Int) throws -> [Customer] {
        try Customer.fetchAllByPosition(
            Self.statement(db, sql: pageSQL(reversed: false)), arguments: arguments + [limit, offset], catalog: catalog)
    }

    /// An unfiltered list skips its offset in the sort's index (IDs, names, balances… beside the row
    /// ID) and reads only the rows it shows; skipping whole rows made deep pages five times slower.
    private func pageSQL(reversed: Bool) -> String {
        let order = order(reversed: reversed)
        guard conditions.isEmpty else {
            return "SELECT customers.* FROM \(source)\(whereClause) ORDER BY \(order) LIMIT ? OFFSET ?"
        }
        return """
            SELECT customers.* FROM customers WHERE customers.id IN \
            (SELECT customers.id FROM customers ORDER BY \(order) LIMIT ? OFFSET ?) ORDER BY \(order)
            """
    }

    /// A page of a list too long to count, in ID order, read by walking the last (or first) IDs and
    /// testing each row: with that many matches the page fills within a few hundred rows, where
    /// reading every match to sort them took 10 ms and more at 1,000,000 customers. The walk is
    /// bounded, so a sparse list costs little before it gives up (nil) and is read the usual way.
    func customersInIDWindow(_ db: Database, offset: Int, limit: Int) throws -> [Customer]? {
        guard let ends = try idWalkEnds(db) else { return nil }
        let (low, high) = (ends.lowerBound, ends.upperBound)
        let window = Int64(countLimit) * 5
        let bounds = filter.descending ? [max(low, high - window + 1), high] : [low, min(high, low + window - 1)]
        let rows = try Customer.fetchAllByPosition(
            Self.statement(
                db, sql: "SELECT customers.* FROM customers NOT INDEXED\(whereClauseWithinIDs) ORDER BY \(order(reversed: false)) LIMIT ? OFFSET ?"),
            arguments: arguments + StatementArguments(bounds) + [limit, offset], catalog: catalog)
        return rows.count == limit ? rows : nil
    }

    /// The page counted from the end: deep pages near the last one read few rows instead of skipping many.
    func customers(_ db: Database, offsetFromEnd: Int, limit: Int) throws -> [Customer] {
        try Customer.fetchAllByPosition(
            Self.statement(db, sql: pageSQL(reversed: true)), arguments: arguments + [limit, offsetFromEnd], catalog: catalog
        ).reversed()
    }

    /// How many customers match: exact from the kept totals, or counted up to `countLimit` or, on a
    /// deep page, to two pages past it (at most `deepestCount`), so the pager can always go on.
    func total(_ db: Database) throws -> CustomerTotal {
        if countsFromTotals { return .exact(try totalFromCounters(db)) }
        let limit = countLimit(forPage: filter.page)
        let counted = try Int.fetchOne(
            Self.statement(db, sql: "SELECT count(*) FROM (SELECT 1 FROM \(countSource)\(whereClause) LIMIT ?)"),
            arguments: arguments + [limit + 1]) ?? 0
        return counted > limit ? .moreThan(limit) : .exact(counted)
    }

    /// The page is clamped to the deepest one the count may reach before any arithmetic, so no
    /// page number (the URL's is clamped too, but a filter can be built in code) can overflow.
    func countLimit(forPage page: Int) -> Int {
        let perPage = max(1, filter.perPage)
        let deepest = max(countLimit, Self.deepestCount)
        let reachable = min(max(1, page), deepest / perPage)
        return min(deepest, max(countLimit, (reachable + 2) * perPage))
    }

    /// Every matching row with the given fields' values, in the filter's order: for streamed downloads.
    func rows(_ db: Database, columns: [Field]) throws -> AnyCursor<Row> {
        let select = "SELECT \(columns.map(Self.selected).joined(separator: ", ")) FROM \(source)"
        guard let ends = try idWalkEnds(db) else {
            return AnyCursor(
                try Row.fetchCursor(db, sql: select + whereClause + " ORDER BY \(order(reversed: false))", arguments: arguments))
        }
        return try rowsInIDSlices(db, select: select, ends: ends)
    }

    /// Rows in ID order, 20,000 IDs at a time. Newest first, each slice's pages are first read front
    /// to back (a sum over the slice touches them all), because the OS reads ahead only forwards: a
    /// backwards scan of a store not in memory took 6.7 s for 1,000,000 rows, against 2.6 s this way.
    private func rowsInIDSlices(_ db: Database, select: String, ends: ClosedRange<Int64>) throws -> AnyCursor<Row> {
        let sliceSize = exportSliceSize
        let slice = try db.makeStatement(
            sql: select + whereClauseWithinIDs + " ORDER BY \(order(reversed: false))")
        let readAhead = try db.makeStatement(sql: "SELECT sum(balance) FROM customers NOT INDEXED WHERE id BETWEEN ? AND ?")
        let descending = filter.descending
        var next: Int64? = descending ? ends.upperBound : ends.lowerBound
        var current: RowCursor?
        return AnyCursor {
            while true {
                if let row = try current?.next() { return row }
                guard let start = next else { return nil }
                let range = descending
                    ? max(ends.lowerBound, start - sliceSize + 1)...start
                    : start...min(ends.upperBound, start + sliceSize - 1)
                if descending { _ = try Int64.fetchOne(readAhead, arguments: [range.lowerBound, range.upperBound]) }
                current = try Row.fetchCursor(slice, arguments: arguments + [range.lowerBound, range.upperBound])
                next = descending
                    ? (range.lowerBound > ends.lowerBound ? range.lowerBound - 1 : nil)
                    : (range.upperBound < ends.upperBound ? range.upperBound + 1 : nil)
            }
        }
    }

    /// The lowest and highest customer IDs when the list can be read by walking IDs: in ID order and
    /// without a text search (whose index gives its matches in its own order), narrowed to the
    /// filter's ID range; nil otherwise or when no customer is in that range.
    private func idWalkEnds(_ db: Database) throws -> ClosedRange<Int64>? {
        guard filter.sort == .id, !searchesText else { return nil }
        // Two subqueries: SQLite finds min() and max() in the key's B-tree only one per query.
        let ends = try Row.fetchOne(
            Self.statement(db, sql: "SELECT (SELECT min(id) FROM customers) AS low, (SELECT max(id) FROM customers) AS high"))
        guard let first: Int64 = ends?["low"], let last: Int64 = ends?["high"] else { return nil }
        // Within the filter's ID range: `id_to=CUST0001000` walks 1,000 IDs, not the whole store.
        let low = max(first, filter.idFrom ?? first)
        let high = min(last, filter.idTo ?? last)
        return low <= high ? low...high : nil
    }

    /// The kept totals have the status and kind columns too, and those are then the only conditions.
    private func totalFromCounters(_ db: Database) throws -> Int {
        try Int.fetchOne(
            Self.statement(db, sql: "SELECT coalesce(sum(count), 0) FROM customer_totals" + whereClause), arguments: arguments) ?? 0
    }

    /// A field's value in a SELECT: its column, or a composed field's parts joined with ", " (empty parts left out).
    private static func selected(_ field: Field) -> String {
        guard case .composed(let parts) = field.storage else { return "customers." + field.name.quotedDatabaseIdentifier }
        let joined = parts.map { part -> String in
            let column = "customers." + part.quotedDatabaseIdentifier
            return "iif(\(column) <> '', ', ' || \(column), '')"
        }
        return "substr(\(joined.joined(separator: " || ")), 3)"
    }

    private var source: String {
        searchesText ? "customer_search JOIN customers ON customers.id = customer_search.rowid" : "customers"
    }

    /// A text search alone is counted in the index without reading a customer row (ten times faster).
    private var countSource: String {
        searchesText && conditions.count == 1 ? "customer_search" : source
    }

    private var whereClause: String {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    /// The filter within a window of IDs, bound as the last two arguments.
    private var whereClauseWithinIDs: String {
        " WHERE " + (conditions + ["customers.id BETWEEN ? AND ?"]).joined(separator: " AND ")
    }

    private func order(reversed: Bool) -> String {
        let descending = filter.descending != reversed
        let direction = descending ? "DESC" : "ASC"
        let id = searchesText ? "customer_search.rowid" : "customers.id"
        let sorted = filter.sort == .id ? nil : catalog.field(sortKey: filter.sort.rawValue)?.sort
        let column = sorted?.expression ?? id
        return column == id ? "\(id) \(direction)" : "\(column) \(direction), \(id) \(direction)"
    }

    // MARK: - Building

    private mutating func add(_ condition: String, _ values: [any DatabaseValueConvertible]) {
        conditions.append(condition)
        arguments += StatementArguments(values)
    }

    /// `q` and the name, phone and address fields. Fragments of three characters or more go to the
    /// trigram index; shorter `q` words cannot, so they match the start of a name or an exact ID.
    private mutating func addSearch() {
        var phrases: [String] = []
        var shortWords: [String] = []
        for word in filter.text.split(whereSeparator: \.isWhitespace).map(String.init) {
            if word.count >= 3 { phrases.append(Self.anySpelling(word)) } else { shortWords.append(word) }
        }
        if !filter.name.isEmpty {
            if filter.name.count >= 3 {
                phrases.append("names : " + Self.phrase(SearchFolding.folded(filter.name)))
            } else {
                add("display_name LIKE ? ESCAPE '\\'", [Self.likePrefix(filter.name)])
            }
        }
        if !filter.phone.isEmpty {
            phrases.append("contacts : " + Self.phrase(filter.phone.filter(\.isNumber)))
        }
        for word in filter.address.split(whereSeparator: \.isWhitespace) where word.count >= 3 {
            phrases.append("address : " + Self.phrase(SearchFolding.folded(String(word))))
        }
        if !phrases.isEmpty {
            add("customer_search MATCH ?", [phrases.joined(separator: " AND ")])
            searchesText = true
        }
        for word in shortWords { addShortWord(word, narrowed: !phrases.isEmpty) }
        if !conditions.isEmpty { countsFromTotals = false }
    }

    /// A one- or two-character word matches the start of a word of the name, or a customer number.
    /// Within a set the index already narrowed any word of the name will do; alone it must use an
    /// index, so it matches the start of the full name or of the last name.
    private mutating func addShortWord(_ word: String, narrowed: Bool) {
        var alternatives: [String]
        var values: [any DatabaseValueConvertible]
        if narrowed {
            alternatives = ["(' ' || display_name) LIKE ? ESCAPE '\\'"]
            values = ["% " + Self.likePrefix(word)]
        } else {
            let prefix = Self.likePrefix(word)
            alternatives = ["display_name LIKE ? ESCAPE '\\'", "last_name LIKE ? ESCAPE '\\'"]
            values = [prefix, prefix]
        }
        if let number = Int64(word) {
            alternatives.append("customers.id = ?")
            values.append(number)
        }
        add("(" + alternatives.joined(separator: " OR ") + ")", values)
    }

    private mutating func addStatusAndKind() {
        if let statuses = filter.effectiveStatuses {
            add("status IN (\(placeholders(statuses.count)))", statuses.map(\.rawValue))
        }
        if let kind = filter.kind { add("kind = ?", [kind.rawValue]) }
    }

    private mutating func addRanges(today: Date) {
        let before = conditions.count
        if let from = filter.idFrom { add("customers.id >= ?", [from]) }
        if let to = filter.idTo { add("customers.id <= ?", [to]) }
        if let low = filter.balanceMin { add("balance >= ?", [low]) }
        if let high = filter.balanceMax { add("balance <= ?", [high]) }
        addDays(filter.created, column: "created_at", today: today)
        addDays(filter.modified, column: "updated_at", today: today)
        switch filter.activeLoans {
        case .none?: add("active_loans = 0", [])
        case .some?: add("active_loans > 0", [])
        case nil: break
        }
        // A partial index per list (migration profileAdd…): the few customers on it, by ID.
        if let list = filter.list, catalog[list.column] != nil { add("\(list.column) = 1", []) }
        if conditions.count > before { countsFromTotals = false }
    }

    /// Inclusive days against `YYYY-MM-DD HH:MM:SS` text: from the first day's start to before the day after the last.
    private mutating func addDays(_ range: DayRange, column: String, today: Date) {
        let bounds = range.bounds(today: today)
        if let from = bounds.from { add("\(column) >= ?", [from]) }
        // After 9999-12-31 there is no day to compare with, and nothing stored is later.
        if let to = bounds.to, let last = StoreDate.parseDay(to) {
            let next = StoreDate.day(last.addingTimeInterval(86_400))
            if StoreDate.parseDay(next) != nil { add("\(column) < ?", [next]) }
        }
    }

    // MARK: - Statements

    /// A kept statement for one of the first `StatementShapes.capacity` SQL texts, a fresh one
    /// (freed after this request) for any other.
    static func statement(_ db: Database, sql: String) throws -> Statement {
        shapes.admits(sql) ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
    }

    static let shapes = StatementShapes()

    // MARK: - Text

    /// A word as typed or without its diacritics: names and addresses are indexed without them, the
    /// rest (e-mail, IDs) as written.
    static func anySpelling(_ word: String) -> String {
        let folded = SearchFolding.folded(word)
        return folded == word ? phrase(word) : "(" + phrase(word) + " OR " + phrase(folded) + ")"
    }

    /// An FTS5 string: the text in double quotes, inner quotes doubled. Operators inside are plain text.
    static func phrase(_ text: String) -> String {
        "\"" + escaping(text, ["\""], with: "\"") + "\""
    }

    static func likePrefix(_ text: String) -> String { escaping(text, ["%", "_", "\\"], with: "\\") + "%" }

    /// `text` with `escape` before each of `special`, compared scalar by scalar as SQLite reads them:
    /// Swift compares characters, and a quote followed by a combining mark (U+035E) is one character
    /// that is not a quote, so it went through undoubled and ended the FTS5 string (found by fuzzing).
    private static func escaping(_ text: String, _ special: Set<Unicode.Scalar>, with escape: Unicode.Scalar) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if special.contains(scalar) { out.append(escape) }
            out.append(scalar)
        }
        return String(out)
    }

    private func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}

/// A listing's size: exact, or known only to exceed the counting limit.
public enum CustomerTotal: Sendable, Equatable {
    case exact(Int)
    case moreThan(Int)

    /// Rows the pager may reach.
    public var reachable: Int {
        switch self {
        case .exact(let count): count
        case .moreThan(let limit): limit
        }
    }
}

/// The SQL texts whose statements connections keep, first come first kept, never more than
/// `capacity`: the everyday lists (a section, a sort, a search) are among the first asked for, and
/// a flood of odd combinations costs a statement prepared per request, not memory for good.
final class StatementShapes: @unchecked Sendable {
    static let capacity = 256

    private let lock = NSLock()
    private var kept = Set<String>()

    /// True when `sql` is, or now becomes, one of the kept texts.
    func admits(_ sql: String) -> Bool {
        lock.withLock {
            if kept.contains(sql) { return true }
            guard kept.count < Self.capacity else { return false }
            kept.insert(sql)
            return true
        }
    }

    var count: Int { lock.withLock { kept.count } }
}
