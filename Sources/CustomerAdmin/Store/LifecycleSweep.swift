import Foundation
import GRDB

/// The automatic moves of seed 000, applied by the store in bulk (`customer-admin maintain`, daily,
/// and after an import of products): Newbie → Prospect when its minimum data is complete, Prospect →
/// Customer with a first issued policy or active credit, Customer → Dormant after a period without
/// activity, Dormant → Customer on new activity. Activity is what the customer did: payments that
/// were not automatic postings (interest, fees), policies started, credits asked for or started,
/// losses notified. Each move is written to the audit trail as the user "system" with its rule as
/// the reason, in the same transaction.
public struct LifecycleSweep: Sendable {
    /// Days without activity after which a Customer becomes Dormant.
    public var dormancyDays: Int
    /// Customers looked at per transaction: the responder's writes wait at most one batch.
    public var batch: Int

    public static let systemUser = "system"

    public init(dormancyDays: Int = 365, batch: Int = 20_000) {
        self.dormancyDays = max(1, min(dormancyDays, 36_500))
        self.batch = max(1, batch)
    }

    /// One automatic move: from `from` to `to` where `condition` (SQL over `c`, the customer) holds.
    struct Rule {
        var from: Status
        var to: Status
        var reason: String
        var condition: String
    }

    /// Customers moved, by rule, in the order applied.
    public struct Moved: Sendable, Equatable {
        public var counts: [(from: Status, to: Status, count: Int)] = []

        public static func == (lhs: Moved, rhs: Moved) -> Bool {
            lhs.counts.map { "\($0.from)>\($0.to)=\($0.count)" } == rhs.counts.map { "\($0.from)>\($0.to)=\($0.count)" }
        }

        public func count(_ from: Status, _ to: Status) -> Int {
            counts.first { $0.from == from && $0.to == to }?.count ?? 0
        }
    }

    /// The rules in the order they apply: a Newbie that becomes a Prospect may become a Customer in
    /// the same sweep.
    func rules(catalog: FieldCatalog, now: Date) -> [Rule] {
        let cutoff = StoreDate.day(now.addingTimeInterval(-Double(dormancyDays) * 86_400))
        let black = CustomerFilter.FlagList.black.column
        let blackListed = catalog[black] == nil ? "0" : "c.\(black) <> 0"
        return [
            Rule(from: .newbie, to: .prospect, reason: "Minimum data for Prospect complete",
                 condition: Self.hasData(for: .prospect, catalog)),
            Rule(from: .prospect, to: .customer, reason: "First issued policy or active credit",
                 condition: "\(Self.holdsProduct) AND \(Self.hasData(for: .customer, catalog)) AND NOT (\(blackListed))"),
            Rule(from: .customer, to: .dormant, reason: "No activity for \(dormancyDays) days (automatic postings do not count)",
                 condition: "c.created_at < '\(cutoff)' AND NOT \(Self.activity(since: "'\(cutoff)'"))"),
            // Activity since it became dormant and within the period, or the next sweep would put it back.
            Rule(from: .dormant, to: .customer, reason: "Activity again",
                 condition: "\(Self.activity(since: "max(\(Self.dormantSince), '\(cutoff)')")) AND NOT (\(blackListed))"),
        ]
    }

    /// Applies every rule to every customer, batch by batch; returns how many moved by each rule.
    public func run(_ database: AppDatabase, now: Date = Date()) throws -> Moved {
        let stamp = StoreDate.timestamp(now)
        let highest = try database.reader.read { try Int64.fetchOne($0, sql: "SELECT max(id) FROM customers") } ?? 0
        var moved = Moved()
        for rule in rules(catalog: database.catalog, now: now) {
            var count = 0
            var low: Int64 = 0
            while low <= highest {
                let high = low + Int64(batch)
                count += try database.writer.write { db in
                    try Self.apply(rule, ids: low..<high, at: stamp, db)
                }
                low = high
            }
            moved.counts.append((rule.from, rule.to, count))
        }
        return moved
    }

    /// Moves the customers of `ids` that the rule selects, with one audit row each.
    private static func apply(_ rule: Rule, ids: Range<Int64>, at stamp: String, _ db: Database) throws -> Int {
        try db.execute(
            sql: """
                CREATE TEMP TABLE IF NOT EXISTS lifecycle_moving(id INTEGER PRIMARY KEY);
                DELETE FROM lifecycle_moving;
                INSERT INTO lifecycle_moving(id)
                    SELECT c.id FROM customers c WHERE c.status = ? AND c.id >= ? AND c.id < ? AND \(rule.condition);
                UPDATE customers SET status = ?, version = version + 1, updated_at = ? WHERE id IN (SELECT id FROM lifecycle_moving);
                INSERT INTO audit_log(customer_id, at, user_name, action, field, old_value, new_value, reason)
                    SELECT id, ?, ?, 'status', 'status', ?, ?, ? FROM lifecycle_moving;
                """,
            arguments: [
                rule.from.rawValue, ids.lowerBound, ids.upperBound, rule.to.rawValue, stamp,
                stamp, systemUser, rule.from.rawValue, rule.to.rawValue, rule.reason,
            ])
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM lifecycle_moving") ?? 0
    }

    /// Every text field the catalog requires for `status`, filled (for the customer's kind).
    static func hasData(for status: Status, _ catalog: FieldCatalog) -> String {
        let checks = catalog.fields.filter { $0.requiredFor.contains(status) && $0.storage == .column && !$0.type.isInteger }
            .map { field -> String in
                let filled = "c.\(field.name.quotedDatabaseIdentifier) <> ''"
                switch field.kinds {
                case .both: return filled
                case .individual: return "(c.kind <> 'individual' OR \(filled))"
                case .legalEntity: return "(c.kind <> 'legal_entity' OR \(filled))"
                }
            }
        return checks.isEmpty ? "1" : "(" + checks.joined(separator: " AND ") + ")"
    }

    /// What `customer` has beyond its fields that a manual move may need: its products (read here)
    /// and the black list (in its values already).
    static func holdings(of customer: Customer, _ db: Database) throws -> Lifecycle.Holdings {
        // Kept prepared: every profile view asks, and compiling its subqueries cost more than running them.
        let product = try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT \(holdsProduct) FROM customers c WHERE c.id = ?"), arguments: [customer.id]) ?? false
        return Lifecycle.Holdings(product: product, blackListed: customer.isOn(.black))
    }

    /// A policy the customer holds that was issued (in force, lapsed or expired), or an active credit.
    static let holdsProduct = """
        (EXISTS (SELECT 1 FROM policy_parties pp JOIN policies p ON p.id = pp.policy_id
                 WHERE pp.customer_id = c.id AND pp.role = 'policyholder' AND p.status IN ('active', 'lapsed', 'expired'))
         OR EXISTS (SELECT 1 FROM credits WHERE customer_id = c.id AND status = 'active'))
        """

    /// The day a Dormant customer became dormant: its last such audit row, else its last change.
    static let dormantSince = """
        coalesce((SELECT substr(max(at), 1, 10) FROM audit_log
                  WHERE customer_id = c.id AND field = 'status' AND new_value = 'dormant'), substr(c.updated_at, 1, 10))
        """

    /// The customer did something on or after `since` (an SQL expression giving a day).
    static func activity(since: String) -> String {
        """
        (EXISTS (SELECT 1 FROM policy_payments WHERE customer_id = c.id AND paid_on <> '' AND paid_on >= \(since) AND automatic = 0)
         OR EXISTS (SELECT 1 FROM credit_payments WHERE customer_id = c.id AND paid_on <> '' AND paid_on >= \(since) AND automatic = 0)
         OR EXISTS (SELECT 1 FROM policy_parties pp JOIN policies p ON p.id = pp.policy_id
                    WHERE pp.customer_id = c.id AND pp.role = 'policyholder' AND p.start_date >= \(since))
         OR EXISTS (SELECT 1 FROM credits WHERE customer_id = c.id AND (requested_on >= \(since) OR start_date >= \(since)))
         OR EXISTS (SELECT 1 FROM claims WHERE customer_id = c.id AND notified_on >= \(since)))
        """
    }
}
