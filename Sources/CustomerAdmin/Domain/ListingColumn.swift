/// The listing's columns (seeds 001 and 003), in order; downloads use the same ones, `customer_id` first.
public enum ListingColumn: String, Sendable, CaseIterable {
    case customerID = "customer_id"
    case displayName = "display_name"
    case status
    case activeLoans = "active_loans"
    case phone
    case email
    case nationalID = "national_id"
    case balance
    case createdAt = "created_at"
    case updatedAt = "updated_at"

    public var label: String {
        switch self {
        case .customerID: "Customer ID"
        case .displayName: "Name"
        case .status: "Status"
        case .activeLoans: "Active loans"
        case .phone: "Phone"
        case .email: "E-mail"
        case .nationalID: "National ID"
        case .balance: "Balance"
        case .createdAt: "Created"
        case .updatedAt: "Modified"
        }
    }

    /// The sort a header link asks for, where the column is sortable.
    public var sortKey: CustomerFilter.SortKey? {
        switch self {
        case .customerID: .id
        case .displayName: .name
        case .status: .status
        case .balance: .balance
        case .phone: .phone
        case .email: .email
        case .createdAt: .created
        case .updatedAt: .modified
        case .activeLoans, .nationalID: nil
        }
    }

    public var isNumeric: Bool { self == .balance || self == .activeLoans }
}
