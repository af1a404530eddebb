/// One customer field, declared once: where it is stored, how staff see it, and which parts of the
/// application use it. Plain data, so fields defined at run time (a model editor) take the same shape.
public struct Field: Sendable, Hashable {
    /// The store's column; also the CSV column, the form field and the import header name.
    public var name: String
    public var label: String
    public var kinds: Kinds
    /// The profile tab that shows it (`FieldCatalog.tabs`); nil when the page head shows it or nobody does.
    public var tab: String?
    public var type: ValueType
    public var storage: Storage
    /// Statuses in which a customer must have a value.
    public var requiredFor: Set<Status>
    /// Characters at most; never above Excel's cell limit, so every download opens.
    public var maxLength: Int
    public var uses: Uses
    /// How the listing sorts by it (a column with an index); nil when it cannot be sorted.
    public var sort: Sort?
    /// The least role that may put it in an export (`.exportable` fields only).
    public var exportRole: Role
    /// What changing it is: most fields are edited in the customer's form; a few have an action of
    /// their own, with its own role and a reason (the red and black lists).
    public var writePermission: Permission

    /// Excel refuses cells longer than this, and a download with one breaks.
    public static let cellLimit = 32_767

    public init(
        _ name: String, _ label: String, _ type: ValueType = .text, kinds: Kinds = .both, tab: String?,
        storage: Storage = .column, requiredFor: Set<Status> = [], maxLength: Int = 200,
        uses: Uses = [.listable, .exportable, .importable, .audited], sort: Sort? = nil, exportRole: Role = .viewer,
        writePermission: Permission = .editCustomer
    ) {
        self.name = name
        self.label = label
        self.type = type
        self.kinds = kinds
        self.tab = tab
        self.storage = storage
        self.requiredFor = requiredFor
        self.maxLength = min(maxLength, Self.cellLimit)
        self.uses = uses
        self.sort = sort
        self.exportRole = exportRole
        self.writePermission = writePermission
    }

    public enum Kinds: String, Sendable, Hashable {
        case both, individual
        case legalEntity = "legal_entity"

        public func includes(_ kind: Customer.Kind) -> Bool {
            switch self {
            case .both: true
            case .individual: kind == .individual
            case .legalEntity: kind == .legalEntity
            }
        }
    }

    public enum ValueType: Sendable, Hashable {
        case text, email, phone
        /// `YYYY-MM-DD`.
        case date
        /// `YYYY-MM-DD HH:MM:SS`, UTC.
        case timestamp
        /// Minor units (cents), stored as an integer.
        case money
        case count
        /// 1 or 0.
        case yesNo
        case choice(Directory)

        /// Stored as an INTEGER column rather than TEXT.
        public var isInteger: Bool {
            switch self {
            case .money, .count, .yesNo: true
            default: false
            }
        }
    }

    /// Where the value comes from.
    public enum Storage: Sendable, Hashable {
        /// A column the record writes and reads.
        case column
        /// A column SQLite derives from others (`display_name`): read, never written.
        case generated
        /// `CUST` + 7 digits, derived from the row key; an import may set it.
        case key
        /// No column: its parts joined with ", " (an address on one line).
        case composed([String])
    }

    public struct Uses: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// The search index covers it (the index itself is defined by the migrations).
        public static let searchable = Uses(rawValue: 1 << 0)
        /// May be a listing column.
        public static let listable = Uses(rawValue: 1 << 1)
        public static let exportable = Uses(rawValue: 1 << 2)
        /// `import` reads it.
        public static let importable = Uses(rawValue: 1 << 3)
        /// A change to it is written to the audit trail.
        public static let audited = Uses(rawValue: 1 << 4)
    }

    /// The `sort=` value of the URL and the SQL the listing orders by (an indexed expression).
    public struct Sort: Sendable, Hashable {
        public var key: String
        public var expression: String

        public init(_ key: String, _ expression: String) {
            self.key = key
            self.expression = expression
        }
    }

    /// A choice's allowed values, stored as `value`, shown as `label`.
    public struct Directory: Sendable, Hashable {
        public let name: String
        public let entries: [Entry]
        public let upkeep: Upkeep
        /// Entry positions by exact value, and by value or label in lower case: an import looks a
        /// value up per cell, and a list of countries is too long to walk each time.
        private let exact: [String: Int]
        private let folded: [String: Int]

        public struct Entry: Sendable, Hashable {
            public var value: String
            public var label: String
        }

        /// Who keeps the entries beyond the catalog's own.
        public enum Upkeep: Sendable, Hashable {
            /// An admin adds entries on the Directories page.
            case directoriesPage
            /// The entries are the store's active logins that may edit customers, kept on the Staff page.
            case staffPage
        }

        public init(_ name: String, _ entries: [(String, String)], upkeep: Upkeep = .directoriesPage) {
            self.init(name, entries: entries.map { Entry(value: $0.0, label: $0.1) }, upkeep: upkeep)
        }

        /// Entries whose stored value is also the label staff read (ID types, countries).
        public init(_ name: String, values: [String]) {
            self.init(name, values.map { ($0, $0) })
        }

        init(_ name: String, entries: [Entry], upkeep: Upkeep) {
            self.name = name
            self.entries = entries
            self.upkeep = upkeep
            var exact: [String: Int] = [:]
            var folded: [String: Int] = [:]
            for (position, entry) in entries.enumerated() {
                if exact[entry.value] == nil { exact[entry.value] = position }
                for key in [entry.value.lowercased(), entry.label.lowercased()] where folded[key] == nil { folded[key] = position }
            }
            self.exact = exact
            self.folded = folded
        }

        /// The stored value for text that is a value (exactly, then in any case) or a label in any case.
        public func value(for text: String) -> String? {
            if exact[text] != nil { return text }
            return folded[text.lowercased()].map { entries[$0].value }
        }

        public func label(for value: String) -> String { exact[value].map { entries[$0].label } ?? value }

        public static let kinds = Directory("kinds", Customer.Kind.allCases.map { ($0.rawValue, $0.label) })
        public static let statuses = Directory("statuses", Status.allCases.map { ($0.rawValue, $0.label) })
    }

    public var isWritten: Bool { storage == .column }

    /// Read from a statement's row (a column or a derived column), as opposed to composed in Swift.
    public var isSelected: Bool {
        switch storage {
        case .column, .generated, .key: true
        case .composed: false
        }
    }
}

/// A tab of the profile page.
public struct ProfileTab: Sendable, Hashable {
    /// The URL's name (`/customers/{id}/{tab}`).
    public var name: String
    public var label: String

    public init(_ name: String, _ label: String) {
        self.name = name
        self.label = label
    }
}
