import GRDB

/// What the profile's product tabs and the policy and credit pages read. Every list is one page
/// (LIMIT/OFFSET in its index) or a bounded slice, and every count stops at `countLimit`, so a
/// customer with hundreds of policies and thousands of payments reads a tab in a few milliseconds.

/// A count that stopped at a limit: `exact` is false when there are at least `value`.
public struct BoundedCount: Sendable, Equatable {
    public var value: Int
    public var exact: Bool
}

/// The page a request asks for; `page` is already clamped to 1 or more (a page past the end is
/// read as the last one).
public struct PageRequest: Sendable, Equatable {
    public var page: Int
    public var perPage: Int

    public init(page: Int = 1, perPage: Int = 20) {
        self.page = max(1, page)
        self.perPage = min(max(1, perPage), 100)
    }
}

/// One page of a related list and where it sits in the whole.
public struct RelatedPage<Item: Sendable>: Sendable {
    public var items: [Item]
    /// The page shown: the one asked for, or the last one when that was past the end.
    public var page: Int
    public var pageCount: Int
    public var total: BoundedCount
    public var perPage: Int

    /// 1-based positions of the first and last item shown.
    public var shown: ClosedRange<Int>? {
        items.isEmpty ? nil : ((page - 1) * perPage + 1)...((page - 1) * perPage + items.count)
    }
}

/// The counts in the product tabs' labels.
public struct ProductCounts: Sendable, Equatable {
    public var policies: BoundedCount
    public var payments: BoundedCount
    public var claims: BoundedCount
    public var credits: BoundedCount
}

/// A policy in a customer's portfolio, with the role the customer holds on it.
public struct PortfolioEntry: Sendable, Equatable {
    public var role: PartyRole
    public var policy: Policy
}

/// A payment with what it links to: its policy or credit.
public struct PaymentEntry: Sendable, Equatable {
    public var payment: ProductPayment
    public var kind: ProductKind
    public var number: String
    public var product: String
    public var currency: String
}

public struct ClaimEntry: Sendable, Equatable {
    public var claim: Claim
    public var policyNumber: String
    public var product: String
    public var currency: String
}

/// A credit with the numbers of the credit it refinanced and of the one that refinanced it.
public struct CreditEntry: Sendable, Equatable {
    public var credit: Credit
    public var refinancedNumber: String?
    public var refinancedByNumber: String?
}

/// A customer as a policy or credit page names them.
public struct CustomerSummary: Sendable, Equatable {
    public var customerID: CustomerID
    public var name: String
    public var status: Status
}

/// A customer on a policy, in one role.
public struct PartyEntry: Sendable, Equatable {
    public var role: PartyRole
    public var customer: CustomerSummary
}

public struct PaymentsOverview: Sendable {
    /// Premiums not paid yet (due or missed), oldest first.
    public var unpaid: [PaymentEntry]
    public var unpaidCount: BoundedCount
    public var made: RelatedPage<PaymentEntry>
}

public struct CreditsOverview: Sendable {
    public var associated: RelatedPage<CreditEntry>
    /// Empty when the customer has no refinanced credit: the page then leaves its table out.
    public var refinanced: [CreditEntry]
    public var recentPayments: [PaymentEntry]
}

public struct PolicyDetail: Sendable {
    public var policy: Policy
    public var masterNumber: String?
    public var parties: [PartyEntry]
    /// Newest first, at most `AppDatabase.detailLimit`.
    public var payments: [ProductPayment]
    public var paymentCount: BoundedCount
    public var claims: [Claim]
    /// The policies issued under a master policy, newest first, at most `detailLimit`.
    public var members: [Policy]
    public var memberCount: BoundedCount
}

public struct CreditDetail: Sendable {
    public var credit: Credit
    public var holder: CustomerSummary
    public var refinanced: Credit?
    public var refinancedBy: Credit?
    /// In time order, at most `AppDatabase.detailLimit`.
    public var schedule: [ProductPayment]
    public var scheduleCount: BoundedCount
}

// MARK: - Reads

extension AppDatabase {
    /// Where counting stops; beyond it labels read "10,000+" and the pager has no last page.
    static let countLimit = 10_000
    /// How many rows a policy or credit page lists of one kind.
    public static let detailLimit = 500
    /// How many premiums due and refinanced credits a tab shows (the rest are on each policy's page).
    public static let sliceLimit = 20

    public func productCounts(customer: Int64) throws -> ProductCounts {
        try reader.read { db in try Self.productCounts(db, customer: customer) }
    }

    /// Policies as policyholder first, then as insured or beneficiary; newest first within each.
    public func portfolio(customer: Int64, _ request: PageRequest) throws -> RelatedPage<PortfolioEntry> {
        try reader.read { db in
            let total = try Self.productCounts(db, customer: customer).policies
            return try Self.page(total, request) { limit, offset in
                try Row.decodeAll(
                    db.cachedStatement(
                        sql: """
                            SELECT policy_parties.role, policies.* FROM policy_parties
                            JOIN policies ON policies.id = policy_parties.policy_id
                            WHERE policy_parties.customer_id = ?
                            ORDER BY policy_parties.role <> 'policyholder', policies.start_date DESC, policies.id DESC
                            LIMIT ? OFFSET ?
                            """),
                    arguments: [customer, limit, offset]
                ) { PortfolioEntry(role: PartyRole(rawValue: $0["role"]) ?? .insured, policy: Policy(row: $0)) }
            }
        }
    }

    /// Premiums due (unpaid, oldest first) and payments made on policies and credits (newest first, paged).
    public func payments(customer: Int64, _ request: PageRequest) throws -> PaymentsOverview {
        try reader.read { db in
            let kept = try KeptProductCounts.read(db, customer: customer)
            let unpaidCount = Self.keptCount(kept["premiums_due"] ?? 0)
            let unpaid = try Self.paymentEntries(
                db,
                sql: """
                    SELECT 'policy' AS kind, *, policy_id AS product_id FROM policy_payments
                    WHERE customer_id = ? AND paid_on = '' ORDER BY due_date, id LIMIT ?
                    """,
                order: "payment.due_date, payment.id", arguments: [customer, Self.sliceLimit])
            let made = try Self.page(Self.paymentsMadeCount(kept), request) { limit, offset in
                try Self.paymentsMade(db, customer: customer, kinds: [.policy, .credit], limit: limit, offset: offset)
            }
            return PaymentsOverview(unpaid: unpaid, unpaidCount: unpaidCount, made: made)
        }
    }

    /// First notifications of loss and claims the customer made, newest first.
    public func claims(customer: Int64, _ request: PageRequest) throws -> RelatedPage<ClaimEntry> {
        try reader.read { db in
            let total = try Self.productCounts(db, customer: customer).claims
            return try Self.page(total, request) { limit, offset in
                try Row.decodeAll(
                    db.cachedStatement(
                        sql: """
                            SELECT claims.*, policies.number AS policy_number, policies.product AS policy_product,
                                policies.currency AS currency
                            FROM claims JOIN policies ON policies.id = claims.policy_id
                            WHERE claims.customer_id = ? ORDER BY claims.notified_on DESC, claims.id DESC LIMIT ? OFFSET ?
                            """),
                    arguments: [customer, limit, offset]
                ) {
                    ClaimEntry(claim: Claim(row: $0), policyNumber: $0["policy_number"], product: $0["policy_product"], currency: $0["currency"])
                }
            }
        }
    }

    /// The customer's credits but the refinanced ones (paged, newest first), the refinanced ones,
    /// and the latest payments on any of them.
    public func credits(customer: Int64, _ request: PageRequest) throws -> CreditsOverview {
        try reader.read { db in
            let total = try Self.count(db, "SELECT 1 FROM credits WHERE customer_id = ? AND status <> 'refinanced'", [customer])
            let associated = try Self.page(total, request) { limit, offset in
                try Self.creditEntries(db, status: "status <> 'refinanced'", customer: customer, limit: limit, offset: offset)
            }
            let refinanced = try Self.creditEntries(db, status: "status = 'refinanced'", customer: customer, limit: Self.sliceLimit, offset: 0)
            let recent = try Self.paymentsMade(db, customer: customer, kinds: [.credit], limit: 10, offset: 0)
            return CreditsOverview(associated: associated, refinanced: refinanced, recentPayments: recent)
        }
    }

    public func policy(number: String) throws -> PolicyDetail? {
        guard ProductNumber.isValid(number) else { return nil }
        return try reader.read { db in
            guard let policy = try Policy.fetchOne(db.cachedStatement(sql: "SELECT * FROM policies WHERE number = ?"), arguments: [number])
            else { return nil }
            let masterNumber = try policy.masterPolicyID.flatMap {
                try String.fetchOne(db.cachedStatement(sql: "SELECT number FROM policies WHERE id = ?"), arguments: [$0])
            }
            let parties = try Row.decodeAll(
                db.cachedStatement(
                    sql: """
                        SELECT policy_parties.role, customers.id, customers.status, customers.display_name FROM policy_parties
                        JOIN customers ON customers.id = policy_parties.customer_id WHERE policy_parties.policy_id = ?
                        ORDER BY policy_parties.role <> 'policyholder', policy_parties.role DESC, customers.id LIMIT ?
                        """),
                arguments: [policy.id, Self.detailLimit]
            ) { PartyEntry(role: PartyRole(rawValue: $0["role"]) ?? .insured, customer: Self.customerSummary($0)) }
            let payments = try Row.decodeAll(
                db.cachedStatement(
                    sql: """
                        SELECT *, policy_id AS product_id FROM policy_payments WHERE policy_id = ?
                        ORDER BY max(due_date, paid_on) DESC, id DESC LIMIT ?
                        """),
                arguments: [policy.id, Self.detailLimit]
            ) { ProductPayment(row: $0, kind: .policy) }
            let claims = try Claim.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM claims WHERE policy_id = ? ORDER BY notified_on DESC, id DESC LIMIT ?"),
                arguments: [policy.id, Self.detailLimit])
            let members =
                policy.kind == .master
                ? try Policy.fetchAll(
                    db.cachedStatement(sql: "SELECT * FROM policies WHERE master_policy_id = ? ORDER BY start_date DESC, id DESC LIMIT ?"),
                    arguments: [policy.id, Self.detailLimit]) : []
            return PolicyDetail(
                policy: policy, masterNumber: masterNumber, parties: parties, payments: payments,
                paymentCount: try Self.count(db, "SELECT 1 FROM policy_payments WHERE policy_id = ?", [policy.id]),
                claims: claims, members: members,
                memberCount: try Self.count(db, "SELECT 1 FROM policies WHERE master_policy_id = ?", [policy.id]))
        }
    }

    public func credit(number: String) throws -> CreditDetail? {
        guard ProductNumber.isValid(number) else { return nil }
        return try reader.read { db in
            let byNumber = try db.cachedStatement(sql: "SELECT * FROM credits WHERE number = ?")
            guard let credit = try Credit.fetchOne(byNumber, arguments: [number]),
                let holder = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT id, status, display_name FROM customers WHERE id = ?"),
                    arguments: [credit.customerID]
                ).map(Self.customerSummary)
            else { return nil }
            let refinanced = try credit.refinancedCreditID.flatMap {
                try Credit.fetchOne(db.cachedStatement(sql: "SELECT * FROM credits WHERE id = ?"), arguments: [$0])
            }
            let refinancedBy = try Credit.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM credits WHERE refinanced_credit_id = ?"), arguments: [credit.id])
            let schedule = try Row.decodeAll(
                db.cachedStatement(
                    sql: """
                        SELECT *, credit_id AS product_id FROM credit_payments WHERE credit_id = ?
                        ORDER BY max(due_date, paid_on), id LIMIT ?
                        """),
                arguments: [credit.id, Self.detailLimit]
            ) { ProductPayment(row: $0, kind: .credit) }
            return CreditDetail(
                credit: credit, holder: holder, refinanced: refinanced, refinancedBy: refinancedBy, schedule: schedule,
                scheduleCount: try Self.count(db, "SELECT 1 FROM credit_payments WHERE credit_id = ?", [credit.id]))
        }
    }
}

// MARK: - Pieces of the reads

extension AppDatabase {
    /// The tabs' counts, as the store keeps them (`KeptProductCounts`).
    static func productCounts(_ db: Database, customer: Int64) throws -> ProductCounts {
        let kept = try KeptProductCounts.read(db, customer: customer)
        return ProductCounts(
            policies: keptCount(kept["policies"] ?? 0),
            payments: paymentsMadeCount(kept),
            claims: keptCount(kept["claims"] ?? 0),
            credits: keptCount(kept["credits"] ?? 0))
    }

    /// Payments made on policies and credits together, from the kept counts.
    private static func paymentsMadeCount(_ kept: [String: Int]) -> BoundedCount {
        keptCount((kept["policy_payments_made"] ?? 0) + (kept["credit_payments_made"] ?? 0))
    }

    /// Counts the rows `select` gives, stopping at `countLimit`: the cost of reading that many index entries at most.
    static func count(_ db: Database, _ select: String, _ arguments: StatementArguments) throws -> BoundedCount {
        let counted = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) FROM (\(select) LIMIT ?)"), arguments: arguments + [countLimit]) ?? 0
        return BoundedCount(value: counted, exact: counted < countLimit)
    }

    /// The page `request` asks for, or the last one when it is past the end; `fetch` reads `limit` rows from `offset`.
    static func page<Item>(_ total: BoundedCount, _ request: PageRequest, fetch: (Int, Int) throws -> [Item]) throws -> RelatedPage<Item> {
        // total.value ≤ countLimit (a kept count: ≤ keptCountLimit) and perPage ≤ 100, so none of this can overflow.
        let pageCount = max(1, (total.value + request.perPage - 1) / request.perPage)
        let page = min(request.page, pageCount)
        let items = try fetch(request.perPage, (page - 1) * request.perPage)
        return RelatedPage(items: items, page: page, pageCount: pageCount, total: total, perPage: request.perPage)
    }

    /// Payments made on the customer's policies and/or credits, newest first. The page is chosen in
    /// the indexes of payments made alone (merged, never sorted), then its rows are read.
    private static func paymentsMade(_ db: Database, customer: Int64, kinds: [ProductKind], limit: Int, offset: Int) throws -> [PaymentEntry] {
        let arms = kinds.map { "SELECT '\($0.rawValue)' AS kind, id, paid_on FROM \($0.paymentsTable) WHERE customer_id = ? AND paid_on <> ''" }
        let columns = ["customer_id", "purpose", "due_date", "paid_on", "amount", "method", "automatic"]
            .map { "coalesce(policy_payment.\($0), credit_payment.\($0)) AS \($0)" }
        return try paymentEntries(
            db,
            sql: """
                SELECT page.kind, page.id, coalesce(policy_payment.policy_id, credit_payment.credit_id) AS product_id,
                    \(columns.joined(separator: ", "))
                FROM (\(arms.joined(separator: " UNION ALL ")) ORDER BY paid_on DESC, id DESC, kind DESC LIMIT ? OFFSET ?) AS page
                LEFT JOIN policy_payments AS policy_payment ON page.kind = 'policy' AND policy_payment.id = page.id
                LEFT JOIN credit_payments AS credit_payment ON page.kind = 'credit' AND credit_payment.id = page.id
                """,
            order: "payment.paid_on DESC, payment.id DESC, payment.kind DESC", arguments: StatementArguments(Array(repeating: customer, count: kinds.count)) + [limit, offset])
    }

    /// Rows with a `kind` column ('policy' or 'credit'), joined to their product for its number, in `order`.
    private static func paymentEntries(_ db: Database, sql: String, order: String, arguments: StatementArguments) throws -> [PaymentEntry] {
        try Row.decodeAll(
            db.cachedStatement(
                sql: """
                    SELECT payment.*, coalesce(policies.number, credits.number) AS number,
                        coalesce(policies.product, credits.product) AS product,
                        coalesce(policies.currency, credits.currency) AS currency
                    FROM (\(sql)) AS payment
                    LEFT JOIN policies ON payment.kind = 'policy' AND policies.id = payment.product_id
                    LEFT JOIN credits ON payment.kind = 'credit' AND credits.id = payment.product_id
                    ORDER BY \(order)
                    """),
            arguments: arguments
        ) { row in
            let kind = ProductKind(rawValue: row["kind"]) ?? .policy
            return PaymentEntry(
                payment: ProductPayment(row: row, kind: kind), kind: kind, number: row["number"] ?? "",
                product: row["product"] ?? "", currency: row["currency"] ?? "")
        }
    }

    static func creditEntries(_ db: Database, status: String, customer: Int64, limit: Int, offset: Int) throws -> [CreditEntry] {
        try Row.decodeAll(
            db.cachedStatement(
                sql: """
                    SELECT credits.*, refinanced.number AS refinanced_number, successor.number AS refinanced_by_number
                    FROM credits
                    LEFT JOIN credits AS refinanced ON refinanced.id = credits.refinanced_credit_id
                    LEFT JOIN credits AS successor ON successor.refinanced_credit_id = credits.id
                    WHERE credits.customer_id = ? AND credits.\(status)
                    ORDER BY credits.requested_on DESC, credits.id DESC LIMIT ? OFFSET ?
                    """),
            arguments: [customer, limit, offset]
        ) {
            CreditEntry(credit: Credit(row: $0), refinancedNumber: $0["refinanced_number"], refinancedByNumber: $0["refinanced_by_number"])
        }
    }

    private static func customerSummary(_ row: Row) -> CustomerSummary {
        CustomerSummary(customerID: CustomerID(number: row["id"]), name: row["display_name"], status: Status(rawValue: row["status"]) ?? .customer)
    }
}
