import Foundation

/// Seed 000's lifecycle in one place: what each status needs (its minimum data), which moves staff
/// make by hand, who may make them and with what kind of reason. The store applies the automatic
/// moves; pages and the status form ask this table and nothing else.
public enum Lifecycle {
    /// Why a status was changed by hand. Blocking needs one of the compliance reasons.
    public enum Reason: String, CaseIterable, Sendable {
        case kycAML = "kyc_aml"
        case flagList = "flag_list"
        case compliance
        case dataComplete = "data_complete"
        case dataCorrection = "data_correction"
        case inactivity
        case renewedActivity = "renewed_activity"
        case customerRequest = "customer_request"
        case relationshipEnded = "relationship_ended"
        case reopened
        case other

        public var label: String {
            switch self {
            case .kycAML: "KYC/AML risk"
            case .flagList: "On a flag list"
            case .compliance: "Other compliance or risk reason"
            case .dataComplete: "Data now complete"
            case .dataCorrection: "Data correction"
            case .inactivity: "No activity"
            case .renewedActivity: "Activity again"
            case .customerRequest: "The customer's request"
            case .relationshipEnded: "Relationship ended"
            case .reopened: "Reopened"
            case .other: "Other"
            }
        }

        static let blocking: [Reason] = [.kycAML, .flagList, .compliance]
    }

    /// A move staff may make by hand: from any of `from` to `to`, with `permission`, for one of `reasons`.
    public struct Move: Sendable {
        public var from: Set<Status>
        public var to: Status
        public var permission: Permission
        public var reasons: [Reason]
    }

    private static let open: Set<Status> = Set(Status.allCases).subtracting([.closed])
    private static let general: [Reason] = [.dataComplete, .dataCorrection, .customerRequest, .other]

    /// Every move staff may make by hand. Closed is final but for an admin's reopen; Blocked only for
    /// a compliance reason; a move up (to Prospect or Customer) only when the minimum data holds,
    /// which `refusal` checks.
    public static let moves: [Move] = [
        Move(from: [.newbie, .customer, .dormant, .blocked], to: .prospect, permission: .changeStatus, reasons: general),
        Move(from: [.newbie, .prospect], to: .newbie, permission: .changeStatus, reasons: [.dataCorrection, .other]),
        Move(from: [.prospect, .dormant, .blocked], to: .customer, permission: .changeStatus, reasons: general + [.renewedActivity]),
        Move(from: [.customer], to: .dormant, permission: .changeStatus, reasons: [.inactivity, .customerRequest, .other]),
        Move(from: open, to: .blocked, permission: .changeStatus, reasons: Reason.blocking),
        Move(from: open, to: .closed, permission: .changeStatus, reasons: [.customerRequest, .relationshipEnded, .dataCorrection, .other]),
        Move(from: [.closed], to: .newbie, permission: .reopen, reasons: [.reopened]),
        Move(from: [.closed], to: .prospect, permission: .reopen, reasons: [.reopened]),
        Move(from: [.closed], to: .customer, permission: .reopen, reasons: [.reopened]),
    ]

    /// The moves open from `status` (each target once), for the status form's choices.
    public static func targets(from status: Status) -> [Move] {
        moves.filter { $0.from.contains(status) && $0.to != status }
    }

    /// What a customer has beyond its fields that a status may need.
    public struct Holdings: Sendable, Equatable {
        /// An issued (in-force) policy or an active credit.
        public var product: Bool
        public var blackListed: Bool

        public init(product: Bool, blackListed: Bool = false) {
            self.product = product
            self.blackListed = blackListed
        }
    }

    /// What `customer` lacks to hold `status`, in words ("First name", "an issued policy or an
    /// active credit"); empty when nothing is missing. The fields are the catalog's required for
    /// `status` and the customer's kind.
    public static func missing(for status: Status, _ customer: Customer, holdings: Holdings) -> [String] {
        let fields = customer.catalog.fields.filter {
            $0.requiredFor.contains(status) && $0.kinds.includes(customer.kind) && $0.storage == .column
        }
        var missing = fields.filter { customer[text: $0.name].isEmpty }.map(\.label)
        if status == .customer && !holdings.product { missing.append("an issued policy or an active credit") }
        return missing
    }

    /// The next status up and what it still needs ("To become a Prospect: ID number, Address line"),
    /// or nil when the customer is as far as data takes it.
    public static func nextStep(_ customer: Customer, holdings: Holdings) -> (status: Status, missing: [String])? {
        let next: Status
        switch customer.status {
        case .newbie: next = .prospect
        case .prospect: next = .customer
        default: return nil
        }
        return (next, missing(for: next, customer, holdings: holdings))
    }

    /// Why a move was refused: the role (a 403 page) or a rule (422), in a sentence for the user.
    public struct Refusal: Error, Sendable, Equatable {
        public enum Cause: Sendable { case role, rule }
        public var cause: Cause
        public var message: String

        init(_ cause: Cause, _ message: String) {
            self.cause = cause
            self.message = message
        }
    }

    /// Characters a reason's description may have.
    public static let commentLimit = 1_000

    /// Why `staff` may not move `customer` to `target` for `reason`, or nil when the move is allowed.
    public static func refusal(
        moving customer: Customer, to target: Status, reason: Reason?, comment: String, by role: Role, holdings: Holdings
    ) -> Refusal? {
        if target == customer.status {
            return Refusal(.rule, "The customer is already \(target.label).")
        }
        let candidates = moves.filter { $0.to == target && $0.from.contains(customer.status) }
        guard let least = candidates.map(\.permission.least).min() else {
            return Refusal(.rule, "A customer cannot move from \(customer.status.label) to \(target.label)." + allowedTargets(customer.status))
        }
        guard role >= least else {
            return Refusal(.role, "Moving a customer from \(customer.status.label) to \(target.label) needs the \(least.rawValue) role; yours is \(role.rawValue).")
        }
        guard let reason else {
            return Refusal(.rule, "Give the reason for the change: choose one and describe it.")
        }
        guard let move = candidates.first(where: { $0.reasons.contains(reason) && role.may($0.permission) }) else {
            let allowed = candidates.flatMap(\.reasons).map(\.label).joined(separator: ", ")
            return Refusal(.rule, "“\(reason.label)” is not a reason to move to \(target.label); it takes: \(allowed).")
        }
        if let problem = descriptionProblem(comment) { return problem }
        if target == .customer && holdings.blackListed {
            return Refusal(.rule, "The customer is on the black list and cannot become a Customer; a manager clears the black list first.")
        }
        let lacking = move.to == .prospect || move.to == .customer ? missing(for: target, customer, holdings: holdings) : []
        if !lacking.isEmpty {
            return Refusal(.rule, "To become a \(target.label) the customer needs: \(lacking.joined(separator: ", ")).")
        }
        return nil
    }

    /// What is wrong with a reason's description (empty, too long, a control character), or nil.
    /// Every change with a reason (a status, a flag list) asks this.
    public static func descriptionProblem(_ comment: String) -> Refusal? {
        let described = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        if described.isEmpty {
            return Refusal(.rule, "Describe the reason in a few words: the audit keeps it with the change.")
        }
        if described.count > commentLimit {
            return Refusal(.rule, "Describe the reason in at most \(Format.count(commentLimit)) characters; this one has \(Format.count(described.count)).")
        }
        if described.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t" }) {
            return Refusal(.rule, "The reason holds a control character.")
        }
        return nil
    }

    private static func allowedTargets(_ status: Status) -> String {
        let targets = Array(Set(targets(from: status).map(\.to))).sorted()
        return targets.isEmpty ? "" : " From \(status.label) it may move to: \(targets.map(\.label).joined(separator: ", "))."
    }
}
