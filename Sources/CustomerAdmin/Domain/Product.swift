/// The products a customer holds (seeds 000, 001, 003): insurance policies with their parties,
/// premiums and payments, claims, and credits with their payments. Written by the institution's
/// other systems (here: `seed` and `import`), read by the profile's product tabs.

/// A stored word with a label and the tone of its badge (the badge always carries the word too).
public protocol ProductState: RawRepresentable, CaseIterable, Sendable where RawValue == String {
    var tone: Tone { get }
}

extension ProductState {
    /// `written_off` → "Written off" (without Foundation's string search: a tenth of a tab of badges).
    public var label: String {
        let words = rawValue.split(separator: "_", omittingEmptySubsequences: false).joined(separator: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// The stored words, for CHECK constraints and import messages.
    static var words: [String] { allCases.map(\.rawValue) }
}

/// How a badge is coloured: good, in progress, needs attention, failed, over.
public enum Tone: String, Sendable {
    case good, pending, warning, bad, ended
}

/// What a customer is on a policy; one customer may hold several roles on different policies.
public enum PartyRole: String, ProductState {
    case policyholder, insured, beneficiary

    public var tone: Tone { self == .policyholder ? .good : .pending }
}

public enum PolicyStatus: String, ProductState {
    case quoted, active, lapsed, cancelled, expired

    public var tone: Tone {
        switch self {
        case .quoted: .pending
        case .active: .good
        case .lapsed: .warning
        case .cancelled: .bad
        case .expired: .ended
        }
    }
}

/// A master policy is a group contract (an employer's, a bank's) under which policies are issued.
public enum PolicyKind: String, ProductState {
    case policy, master

    public var tone: Tone { .pending }
}

public enum PremiumFrequency: String, ProductState {
    case monthly, quarterly, yearly, single

    public var tone: Tone { .pending }
}

/// `notified` is a first notification of loss (FNOL) not yet opened as a claim.
public enum ClaimStatus: String, ProductState {
    case notified, open, approved, paid, rejected, closed

    public var tone: Tone {
        switch self {
        case .notified, .open: .pending
        case .approved, .paid: .good
        case .rejected: .bad
        case .closed: .ended
        }
    }

    public var isFirstNotification: Bool { self == .notified }
}

public enum CreditStatus: String, ProductState {
    case requested, active, closed, refinanced

    public var tone: Tone {
        switch self {
        case .requested: .pending
        case .active: .good
        case .closed, .refinanced: .ended
        }
    }
}

/// Where a row of a premium or credit schedule stands, from its dates: paid when it has a payment
/// day, missed when its due day has passed without one, due otherwise.
public enum PaymentState: String, ProductState {
    case paid, due, missed

    public var tone: Tone {
        switch self {
        case .paid: .good
        case .due: .pending
        case .missed: .bad
        }
    }

    /// `today` is `YYYY-MM-DD`; store days compare as text.
    public init(dueDate: String, paidOn: String, today: String) {
        self = !paidOn.isEmpty ? .paid : dueDate < today ? .missed : .due
    }
}

/// How money moved. `posting` is the institution's own booking (interest, fees): automatic, so it
/// never counts as the customer's activity (dormancy, a later issue).
public enum PaymentMethod: String, ProductState {
    case directDebit = "direct_debit", card, bankTransfer = "bank_transfer", cash, posting

    public var tone: Tone { .pending }
}

/// What a payment is for. Policies and credits each take their own subset.
public enum PaymentPurpose: String, ProductState {
    case premium, installment, interest, serviceFee = "service_fee", refund, earlyRepayment = "early_repayment"

    public var tone: Tone { .pending }

    public static let onPolicies: [PaymentPurpose] = [.premium, .interest, .serviceFee, .refund]
    public static let onCredits: [PaymentPurpose] = [.installment, .interest, .serviceFee, .earlyRepayment]
}

/// Policy, claim and credit numbers come from other systems: letters and digits, with `-`, `_` or `.`
/// inside, at most 32 characters, so a number is always one safe path segment. Anything else in an
/// address is not a number (404, never a query).
public enum ProductNumber {
    public static func isValid(_ text: some StringProtocol) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...32).contains(bytes.count), let first = bytes.first, let last = bytes.last,
            isAlphanumeric(first), isAlphanumeric(last)
        else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
