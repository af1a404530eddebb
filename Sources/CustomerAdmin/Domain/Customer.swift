/// A customer as staff see it: an individual or a legal entity somewhere in its lifecycle.
/// Text fields are never nil: an unknown value is the empty string (pages show "—").
public struct Customer: Sendable, Equatable {
    /// The store's row key; `CustomerID` formats it as `CUST0000047`.
    public var id: Int64?
    public var kind: Kind
    public var status: Status
    public var firstName = ""
    public var middleName = ""
    public var lastName = ""
    public var companyName = ""
    public var email = ""
    public var phone = ""
    public var nationalID = ""
    public var idType = ""
    public var idNumber = ""
    /// `YYYY-MM-DD` or empty.
    public var birthDate = ""
    public var addressLine = ""
    public var city = ""
    public var region = ""
    public var postalCode = ""
    public var country = ""
    /// In minor units (cents), so sums and comparisons are exact.
    public var balance: Int64 = 0
    public var activeLoans = 0
    public var relationshipOfficer = ""
    /// `YYYY-MM-DD HH:MM:SS`, UTC.
    public var createdAt = ""
    public var updatedAt = ""
    public var version = 1

    public init(id: Int64? = nil, kind: Kind, status: Status = .newbie) {
        self.id = id
        self.kind = kind
        self.status = status
    }

    public enum Kind: String, Sendable, CaseIterable {
        case individual
        case legalEntity = "legal_entity"

        public var label: String {
            switch self {
            case .individual: "Individual"
            case .legalEntity: "Legal entity"
            }
        }
    }

    public var customerID: CustomerID? { id.map(CustomerID.init(number:)) }

    /// The name as lists show it: the company for a legal entity, the person's full name otherwise.
    public var displayName: String {
        switch kind {
        case .legalEntity: companyName
        case .individual: [firstName, middleName, lastName].filter { !$0.isEmpty }.joined(separator: " ")
        }
    }
}
