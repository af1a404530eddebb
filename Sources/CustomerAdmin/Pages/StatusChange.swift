import Foundation
import GRDB

/// A change of status as a form asks it (`status`, `reason_category`, `reason`): the profile's form
/// for one customer, the listing's for the ticked ones. Both ask `check` of each customer and write
/// with `apply`, so one rule set (the lifecycle table, its reasons, the description, the minimum
/// data) and one audit row per customer hold for both.
struct StatusChange {
    /// The status as sent: a status's name, or `reopen` (a closed customer back to its status before).
    var typed: String
    /// The reason category as sent; nil when none or not one of ours.
    var category: Lifecycle.Reason?
    /// The description, trimmed.
    var comment: String

    init(_ fields: Parameters) {
        typed = fields["status"] ?? ""
        category = fields["reason_category"].flatMap(Lifecycle.Reason.init(rawValue:))
        comment = (fields["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What a check found: the status the customer would move to, for which reason, and what refuses it.
    struct Checked {
        var target: Status
        var reason: Lifecycle.Reason?
        var refusal: Lifecycle.Refusal?
    }

    /// The status this change moves `customer` to: the one named, or for `reopen` a closed customer's
    /// status before it was closed. A 422 when the form names no status.
    func target(for customer: Customer, _ db: Database) throws -> Status {
        let reopen = typed == "reopen" && customer.status == .closed
        guard let target = try reopen ? customer.id.map({ try AppDatabase.statusBeforeClosing($0, db) }) : Status(rawValue: typed) else {
            throw HTTPError(422, "“\(typed.prefix(40))” is not a status. Choose one of: \(Status.allCases.map(\.label).joined(separator: ", ")).")
        }
        return target
    }

    /// Whether `role` may move `customer` to `target` this way, by the lifecycle table (`Lifecycle.refusal`).
    func check(_ customer: Customer, to target: Status, by role: Role, _ db: Database) throws -> Checked {
        let reason = typed == "reopen" ? .reopened : category ?? Self.defaultReason(to: target, from: customer.status)
        let refusal = Lifecycle.refusal(
            moving: customer, to: target, reason: reason, comment: comment, by: role,
            holdings: try LifecycleSweep.holdings(of: customer, db))
        return Checked(target: target, reason: reason, refusal: refusal)
    }

    /// Writes a move `check` allowed: the status, a version bump (open edit forms go stale) and the
    /// audit row with the reason, in the caller's transaction.
    func apply(_ checked: Checked, to customer: Customer, user: String, now: Date, _ db: Database) throws {
        try AppDatabase.setStatus(
            customer, to: checked.target, reason: "\(checked.reason?.label ?? ""): \(comment)", user: user, now: now, db)
    }

    /// The reason categories as a select's options, `selected` chosen: the profile's form and the listing's offer the same.
    static func reasonOptions(selected: Lifecycle.Reason?) -> HTML {
        HTML.join(Lifecycle.Reason.allCases.map { reason in
            "<option value=\"\(reason.rawValue)\"\(HTML.attribute("selected", if: selected == reason))>\(reason.label)</option>"
        })
    }

    /// The reason a form that names none (an older form, a script) is taken to give: "Other" where
    /// the move takes it; a move that needs a particular reason (Blocked) is then refused.
    private static func defaultReason(to target: Status, from status: Status) -> Lifecycle.Reason? {
        Lifecycle.moves.contains { $0.to == target && $0.from.contains(status) && $0.reasons.contains(.other) } ? .other : nil
    }
}
