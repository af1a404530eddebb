import GRDB

/// Rows of the products tables (`AppDatabase+Products`), one type per table with a `Columns` enum.
/// Pages get these from the store's reads; the seed and the import write them through
/// `ProductWriter`, in the column order of `insertColumns`.

/// A word the store keeps for an enum; a word the enum does not know (written by another system
/// behind the CHECK constraints' back) reads as `fallback` rather than failing the whole page.
private func decoded<State: ProductState>(_ value: String, _ fallback: State) -> State {
    State(rawValue: value) ?? fallback
}

public struct Policy: Sendable, Equatable {
    public var id: Int64
    public var number: String
    public var kind: PolicyKind = .policy
    public var masterPolicyID: Int64?
    public var product: String
    public var status: PolicyStatus
    public var startDate: String
    public var endDate = ""
    /// Each premium, in minor units, every `frequency`.
    public var premium: Int64 = 0
    public var frequency: PremiumFrequency = .yearly
    public var currency: String

    public enum Columns {
        static let id = Column("id"), number = Column("number"), kind = Column("kind")
        static let masterPolicyID = Column("master_policy_id"), product = Column("product"), status = Column("status")
        static let startDate = Column("start_date"), endDate = Column("end_date"), premium = Column("premium")
        static let frequency = Column("frequency"), currency = Column("currency")
    }

    static let insertColumns = [
        "id", "number", "kind", "master_policy_id", "product", "status", "start_date", "end_date", "premium", "frequency", "currency",
    ]

    var insertValues: [DatabaseValue] {
        [
            id.databaseValue, number.databaseValue, kind.rawValue.databaseValue, masterPolicyID.databaseValue, product.databaseValue,
            status.rawValue.databaseValue, startDate.databaseValue, endDate.databaseValue, premium.databaseValue,
            frequency.rawValue.databaseValue, currency.databaseValue,
        ]
    }
}

extension Policy: FetchableRecord {
    public init(row: Row) {
        id = row[Columns.id]
        number = row[Columns.number]
        kind = decoded(row[Columns.kind], .policy)
        masterPolicyID = row[Columns.masterPolicyID]
        product = row[Columns.product]
        status = decoded(row[Columns.status], .active)
        startDate = row[Columns.startDate]
        endDate = row[Columns.endDate]
        premium = row[Columns.premium]
        frequency = decoded(row[Columns.frequency], .yearly)
        currency = row[Columns.currency]
    }
}

public struct PolicyParty: Sendable, Equatable {
    public var policyID: Int64
    public var customerID: Int64
    public var role: PartyRole

    static let insertColumns = ["policy_id", "customer_id", "role"]
    var insertValues: [DatabaseValue] { [policyID.databaseValue, customerID.databaseValue, role.rawValue.databaseValue] }
}

/// Which product a payment belongs to: its table and the column naming the product.
public enum ProductKind: String, Sendable {
    case policy, credit

    var paymentsTable: String { self == .policy ? "policy_payments" : "credit_payments" }
    var productsTable: String { self == .policy ? "policies" : "credits" }
    public var purposes: [PaymentPurpose] { self == .policy ? PaymentPurpose.onPolicies : PaymentPurpose.onCredits }
}

/// A premium or installment due, a payment made, or both (`policy_payments`, `credit_payments`).
public struct ProductPayment: Sendable, Equatable {
    public var id: Int64
    /// The policy's or the credit's row key.
    public var productID: Int64
    public var customerID: Int64
    public var purpose: PaymentPurpose
    public var dueDate = ""
    public var paidOn = ""
    public var amount: Int64
    public var method: PaymentMethod?
    /// The institution's own posting (interest, a fee), not something the customer did.
    public var automatic = false

    public func state(today: String) -> PaymentState { PaymentState(dueDate: dueDate, paidOn: paidOn, today: today) }

    public enum Columns {
        static let id = Column("id"), productID = Column("product_id"), customerID = Column("customer_id")
        static let purpose = Column("purpose"), dueDate = Column("due_date"), paidOn = Column("paid_on")
        static let amount = Column("amount")
        static let method = Column("method"), automatic = Column("automatic")
    }

    static func insertColumns(_ kind: ProductKind) -> [String] {
        ["id", "\(kind.rawValue)_id", "customer_id", "purpose", "due_date", "paid_on", "amount", "method", "automatic"]
    }

    var insertValues: [DatabaseValue] {
        [
            id.databaseValue, productID.databaseValue, customerID.databaseValue, purpose.rawValue.databaseValue, dueDate.databaseValue,
            paidOn.databaseValue, amount.databaseValue, (method?.rawValue ?? "").databaseValue, automatic.databaseValue,
        ]
    }

    /// A row of either table, read with its `policy_id` or `credit_id` selected as `product_id`.
    init(row: Row, kind: ProductKind) {
        id = row[Columns.id]
        productID = row[Columns.productID]
        customerID = row[Columns.customerID]
        purpose = decoded(row[Columns.purpose], kind == .policy ? .premium : .installment)
        dueDate = row[Columns.dueDate]
        paidOn = row[Columns.paidOn]
        amount = row[Columns.amount]
        method = PaymentMethod(rawValue: row[Columns.method])
        automatic = row[Columns.automatic]
    }

    public init(
        id: Int64, productID: Int64, customerID: Int64, purpose: PaymentPurpose, dueDate: String = "", paidOn: String = "",
        amount: Int64, method: PaymentMethod? = nil, automatic: Bool = false
    ) {
        self.id = id
        self.productID = productID
        self.customerID = customerID
        self.purpose = purpose
        self.dueDate = dueDate
        self.paidOn = paidOn
        self.amount = amount
        self.method = method
        self.automatic = automatic
    }
}

public struct Claim: Sendable, Equatable {
    public var id: Int64
    public var number: String
    public var policyID: Int64
    /// Who notified the loss.
    public var customerID: Int64
    public var lossDate: String
    public var notifiedOn: String
    public var description = ""
    public var status: ClaimStatus
    public var amountClaimed: Int64 = 0
    public var amountPaid: Int64 = 0
    public var closedOn = ""

    public enum Columns {
        static let id = Column("id"), number = Column("number"), policyID = Column("policy_id")
        static let customerID = Column("customer_id"), lossDate = Column("loss_date"), notifiedOn = Column("notified_on")
        static let description = Column("description"), status = Column("status"), amountClaimed = Column("amount_claimed")
        static let amountPaid = Column("amount_paid"), closedOn = Column("closed_on")
    }

    static let insertColumns = [
        "id", "number", "policy_id", "customer_id", "loss_date", "notified_on", "description", "status", "amount_claimed",
        "amount_paid", "closed_on",
    ]

    var insertValues: [DatabaseValue] {
        [
            id.databaseValue, number.databaseValue, policyID.databaseValue, customerID.databaseValue, lossDate.databaseValue,
            notifiedOn.databaseValue, description.databaseValue, status.rawValue.databaseValue, amountClaimed.databaseValue,
            amountPaid.databaseValue, closedOn.databaseValue,
        ]
    }
}

extension Claim: FetchableRecord {
    public init(row: Row) {
        id = row[Columns.id]
        number = row[Columns.number]
        policyID = row[Columns.policyID]
        customerID = row[Columns.customerID]
        lossDate = row[Columns.lossDate]
        notifiedOn = row[Columns.notifiedOn]
        description = row[Columns.description]
        status = decoded(row[Columns.status], .open)
        amountClaimed = row[Columns.amountClaimed]
        amountPaid = row[Columns.amountPaid]
        closedOn = row[Columns.closedOn]
    }
}

public struct Credit: Sendable, Equatable {
    public var id: Int64
    public var number: String
    public var customerID: Int64
    public var product: String
    public var amount: Int64
    public var outstanding: Int64 = 0
    public var currency: String
    /// Yearly, in hundredths of a percent: 1250 is 12.50 %.
    public var rate = 0
    public var termMonths: Int
    public var requestedOn: String
    public var startDate = ""
    public var endDate = ""
    public var status: CreditStatus
    /// The credit this one refinanced.
    public var refinancedCreditID: Int64?
    public var purpose = ""

    public enum Columns {
        static let id = Column("id"), number = Column("number"), customerID = Column("customer_id")
        static let product = Column("product"), amount = Column("amount"), outstanding = Column("outstanding")
        static let currency = Column("currency"), rate = Column("rate"), termMonths = Column("term_months")
        static let requestedOn = Column("requested_on"), startDate = Column("start_date"), endDate = Column("end_date")
        static let status = Column("status"), refinancedCreditID = Column("refinanced_credit_id"), purpose = Column("purpose")
    }

    static let insertColumns = [
        "id", "number", "customer_id", "product", "amount", "outstanding", "currency", "rate", "term_months", "requested_on",
        "start_date", "end_date", "status", "refinanced_credit_id", "purpose",
    ]

    var insertValues: [DatabaseValue] {
        [
            id.databaseValue, number.databaseValue, customerID.databaseValue, product.databaseValue, amount.databaseValue,
            outstanding.databaseValue, currency.databaseValue, rate.databaseValue, termMonths.databaseValue, requestedOn.databaseValue,
            startDate.databaseValue, endDate.databaseValue, status.rawValue.databaseValue, refinancedCreditID.databaseValue,
            purpose.databaseValue,
        ]
    }
}

extension Credit: FetchableRecord {
    public init(row: Row) {
        id = row[Columns.id]
        number = row[Columns.number]
        customerID = row[Columns.customerID]
        product = row[Columns.product]
        amount = row[Columns.amount]
        outstanding = row[Columns.outstanding]
        currency = row[Columns.currency]
        rate = row[Columns.rate]
        termMonths = row[Columns.termMonths]
        requestedOn = row[Columns.requestedOn]
        startDate = row[Columns.startDate]
        endDate = row[Columns.endDate]
        status = decoded(row[Columns.status], .active)
        refinancedCreditID = row[Columns.refinancedCreditID]
        purpose = row[Columns.purpose]
    }
}
