/// The lifecycle of seed 000. Newbie and Prospect are pre-customers; the rest are customers.
public enum Status: String, Sendable, CaseIterable, Comparable {
    case newbie, prospect, customer, dormant, blocked, closed

    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    public var isPreCustomer: Bool { self == .newbie || self == .prospect }

    public static let preCustomers: [Status] = [.newbie, .prospect]
    public static let customers: [Status] = [.customer, .dormant, .blocked, .closed]

    public static func < (lhs: Status, rhs: Status) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The lending seeds (001, 003) speak of Enabled / Disabled / Blocked: labels over our statuses.
public enum StatusGroup: String, Sendable, CaseIterable {
    case enabled, disabled, blocked

    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    /// The group a customer's status belongs to; pre-customers belong to none.
    public init?(_ status: Status) {
        guard let group = Self.allCases.first(where: { $0.statuses.contains(status) }) else { return nil }
        self = group
    }

    public var statuses: [Status] {
        switch self {
        case .enabled: [.customer]
        case .disabled: [.dormant, .closed]
        case .blocked: [.blocked]
        }
    }
}
