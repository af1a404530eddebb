import Foundation

/// What the listing shows: every filter, the sort and the page, read from and written back to the URL,
/// so a list can be bookmarked, shared, reloaded and walked with the back button.
public struct CustomerFilter: Sendable, Hashable {
    public var text = ""
    public var section: Section = .all
    public var statuses: [Status] = []
    public var kind: Customer.Kind?
    public var idFrom: Int64?
    public var idTo: Int64?
    public var name = ""
    public var phone = ""
    public var address = ""
    public var balanceMin: Int64?
    public var balanceMax: Int64?
    public var created = DayRange()
    public var modified = DayRange()
    public var activeLoans: ActiveLoans?
    /// Only customers on this list (seed 002's red and black lists).
    public var list: FlagList?
    public var sort: SortKey = .id
    public var descending = true
    public var page = 1
    public var perPage = 20
    /// Messages for values that could not be used, by parameter name; shown beside the field.
    public var problems: [String: String] = [:]

    public init() {}

    public enum Section: String, Sendable, CaseIterable {
        case pre, customers, all

        public var statuses: [Status] {
            switch self {
            case .pre: Status.preCustomers
            case .customers: Status.customers
            case .all: Status.allCases
            }
        }
    }

    /// A `sort=` value: the key of a sortable field of the standard catalog (`Field.sort`); anything
    /// else falls back to the default order.
    public struct SortKey: RawRepresentable, Sendable, Hashable {
        public let rawValue: String

        public init?(rawValue: String) {
            guard FieldCatalog.standard.field(sortKey: rawValue) != nil else { return nil }
            self.rawValue = rawValue
        }

        public static let id = SortKey(rawValue: "id")!
        public static var allCases: [SortKey] { FieldCatalog.standard.fields.compactMap { $0.sort.flatMap { SortKey(rawValue: $0.key) } } }
    }

    /// Seed 002's lists: a red list to watch, a black list to refuse (no credit, never a Customer).
    public enum FlagList: String, Sendable, CaseIterable {
        case red, black

        public var label: String { self == .red ? "Red list" : "Black list" }
        /// The customers column (a catalog field, 1 or 0) that says the customer is on it.
        public var column: String { self == .red ? "red_list" : "black_list" }
    }

    public enum ActiveLoans: String, Sendable, CaseIterable {
        case none = "0"
        case some = "gt0"
    }

    public static let pageSizes = [10, 20, 50, 100]
    public static let maximumTextLength = 200
    /// Words of `q` searched for; each short word adds a condition, so the rest are left out.
    public static let maximumSearchWords = 8
    /// Rows a list can ever have: customer numbers have seven digits. Pages beyond it are clamped
    /// when the URL is read, so no arithmetic on a page number from a request can overflow.
    public static let maximumRows = 10_000_000

    /// The deepest page a URL may ask for at `perPage` rows a page.
    public static func maximumPage(perPage: Int) -> Int { maximumRows / max(1, perPage) }

    /// The statuses the section and the status filter leave, or nil when nothing is excluded.
    public var effectiveStatuses: [Status]? {
        let chosen = statuses.isEmpty ? section.statuses : statuses.filter(section.statuses.contains)
        return chosen.count == Status.allCases.count ? nil : chosen
    }
}

/// A day range, either a preset relative to today (kept as a preset in the URL, so a bookmarked
/// "last 7 days" stays relative) or explicit `from`/`to` days, both inclusive.
public struct DayRange: Sendable, Hashable {
    public var preset: Preset?
    public var from: String?
    public var to: String?

    public enum Preset: String, Sendable, CaseIterable {
        case today, yesterday
        case last7Days = "last_7_days"
        case last30Days = "last_30_days"
        case thisMonth = "this_month"
        case lastMonth = "last_month"

        public var label: String {
            switch self {
            case .today: "Today"
            case .yesterday: "Yesterday"
            case .last7Days: "Last 7 days"
            case .last30Days: "Last 30 days"
            case .thisMonth: "This month"
            case .lastMonth: "Last month"
            }
        }

        /// First and last day (inclusive) of the preset, counted from `today` in UTC.
        public func days(today: Date) -> (from: String, to: String) {
            let calendar = StoreDate.utc
            let start = calendar.startOfDay(for: today)
            func shifted(_ days: Int) -> Date { calendar.date(byAdding: .day, value: days, to: start)! }
            let monthStart = calendar.date(from: calendar.dateComponents([.year, .month], from: start))!
            let previousMonthStart = calendar.date(byAdding: .month, value: -1, to: monthStart)!
            let range: (Date, Date) =
                switch self {
                case .today: (start, start)
                case .yesterday: (shifted(-1), shifted(-1))
                case .last7Days: (shifted(-6), start)
                case .last30Days: (shifted(-29), start)
                case .thisMonth: (monthStart, start)
                case .lastMonth: (previousMonthStart, calendar.date(byAdding: .day, value: -1, to: monthStart)!)
                }
            return (StoreDate.day(range.0), StoreDate.day(range.1))
        }
    }

    public var isEmpty: Bool { preset == nil && from == nil && to == nil }

    /// Inclusive first and last day, with the preset resolved.
    public func bounds(today: Date) -> (from: String?, to: String?) {
        if let preset { return preset.days(today: today) }
        return (from, to)
    }
}

extension Customer {
    /// On `list`, where the catalog has the list's field.
    public func isOn(_ list: CustomerFilter.FlagList) -> Bool {
        catalog[list.column] != nil && self[integer: list.column] == 1
    }
}
