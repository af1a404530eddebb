/// A customer as staff see it: an individual or a legal entity somewhere in its lifecycle, with one
/// value per field of its catalog. Typed accessors name the few fields code reasons about; every
/// other field is read and written by name (`customer[text: "email"]`), as pages and import do.
/// Text is never nil: an unknown value is the empty string (pages show "—").
public struct Customer: Sendable, Equatable {
    /// The store's row key; `CustomerID` formats it as `CUST0000047`.
    public var id: Int64?
    public let catalog: FieldCatalog
    /// In `catalog.fields` order; a derived field holds what the store gave, or its empty value.
    public private(set) var values: [FieldValue]

    public init(id: Int64? = nil, kind: Kind, status: Status = .newbie, catalog: FieldCatalog = .standard) {
        self.id = id
        self.catalog = catalog
        values = catalog.fields.map { FieldValue.empty($0.type) }
        self.kind = kind
        self.status = status
        version = 1
    }

    /// A customer with every value given, in `catalog.fields` order (decoding a stored row).
    init(id: Int64?, catalog: FieldCatalog, values: [FieldValue]) {
        self.id = id
        self.catalog = catalog
        self.values = values
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

    // MARK: - By field

    /// The value of the field at `position` in the catalog.
    public subscript(position position: Int) -> FieldValue {
        get { values[position] }
        set { values[position] = newValue }
    }

    /// A field's value as text (an integer field's digits). Naming a field the catalog lacks is a programming error.
    public subscript(text name: String) -> String {
        get { values[position(name)].text }
        set { values[position(name)] = .text(newValue) }
    }

    public subscript(integer name: String) -> Int64 {
        get { values[position(name)].integer }
        set { values[position(name)] = .integer(newValue) }
    }

    private func position(_ name: String) -> Int {
        guard let position = catalog.position(of: name) else { preconditionFailure("no customer field \(name)") }
        return position
    }

    // MARK: - Typed

    public var kind: Kind {
        get { Kind(rawValue: self[text: "kind"]) ?? .individual }
        set { self[text: "kind"] = newValue.rawValue }
    }

    public var status: Status {
        get { Status(rawValue: self[text: "status"]) ?? .newbie }
        set { self[text: "status"] = newValue.rawValue }
    }

    public var firstName: String { get { self[text: "first_name"] } set { self[text: "first_name"] = newValue } }
    public var middleName: String { get { self[text: "middle_name"] } set { self[text: "middle_name"] = newValue } }
    public var lastName: String { get { self[text: "last_name"] } set { self[text: "last_name"] = newValue } }
    public var companyName: String { get { self[text: "company_name"] } set { self[text: "company_name"] = newValue } }
    /// `YYYY-MM-DD` or empty.
    public var birthDate: String { get { self[text: "birth_date"] } set { self[text: "birth_date"] = newValue } }
    /// In minor units (cents), so sums and comparisons are exact.
    public var balance: Int64 { get { self[integer: "balance"] } set { self[integer: "balance"] = newValue } }
    public var activeLoans: Int { get { Int(self[integer: "active_loans"]) } set { self[integer: "active_loans"] = Int64(newValue) } }
    /// `YYYY-MM-DD HH:MM:SS`, UTC.
    public var createdAt: String { get { self[text: "created_at"] } set { self[text: "created_at"] = newValue } }
    public var updatedAt: String { get { self[text: "updated_at"] } set { self[text: "updated_at"] = newValue } }
    public var version: Int { get { Int(self[integer: "version"]) } set { self[integer: "version"] = Int64(newValue) } }

    public var customerID: CustomerID? { id.map(CustomerID.init(number:)) }

    /// The name as lists show it: the company for a legal entity, the person's full name otherwise.
    public var displayName: String {
        switch kind {
        case .legalEntity: companyName
        case .individual: [firstName, middleName, lastName].filter { !$0.isEmpty }.joined(separator: " ")
        }
    }
}

/// A stored value: text columns hold text ('' for unknown), integer columns (money, counts, yes/no) integers.
public enum FieldValue: Sendable, Hashable {
    case text(String)
    case integer(Int64)

    static func empty(_ type: Field.ValueType) -> FieldValue { type.isInteger ? .integer(0) : .text("") }

    public var text: String {
        switch self {
        case .text(let text): text
        case .integer(let number): String(number)
        }
    }

    public var integer: Int64 {
        switch self {
        case .text(let text): Int64(text) ?? 0
        case .integer(let number): number
        }
    }
}
