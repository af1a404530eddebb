import Foundation
import GRDB

/// Demo products for `customer-admin seed` and for tests: the policies, premiums, payments, claims
/// and credits of customers already in the store. Customers (status customer, dormant, blocked,
/// closed) mostly hold policies, some as insured or beneficiary on someone else's; pre-customers
/// hold nothing. Each customer's products are a pure function of the customer (number, kind,
/// status, active loans, creation day, country) and today, so the same store gives the same rows.
///
/// On average a customer has about 2 policies, 30 payment rows and 0.2 claims; a few customers
/// (`isHeavy`) have 200 policies and over 2,000 payments, the profile's worst case.
struct DemoProducts: Sendable {
    /// Days since 1970.
    let today: Int64

    /// A few customers in every 25,000 hold hundreds of policies: those of these numbers whose status is customer.
    static func isHeavy(_ holder: ProductHolder) -> Bool {
        holder.status == .customer && [7, 12, 18, 23].contains(holder.id % 25_000)
    }

    /// All rows for a slice of customers, keys taken from `ids` in order.
    func rows(for holders: [ProductHolder], ids: inout ProductIDs) -> ProductRows {
        var rows = ProductRows()
        let eligible = holders.filter { !$0.status.isPreCustomer }
        // Master policies first: member policies of the same slice name them.
        var masters: [Int64] = []
        for holder in eligible where holder.kind == .legalEntity && holder.status == .customer {
            var random = Self.random(holder.id, salt: 1)
            if random.chance(0.25) { masters.append(addMaster(holder, &random, &rows, &ids)) }
        }
        for holder in eligible {
            var random = Self.random(holder.id, salt: 2)
            let count = Self.isHeavy(holder) ? 200 : random.chance(0.1) ? 0 : 1 + random.pick([0, 1, 1, 2, 2, 2, 3, 4])
            for _ in 0..<count {
                // A heavy customer's policies are monthly and about a year old: over ten premiums each.
                let draw = Self.isHeavy(holder) ? Self.monthlyProductDraw : Self.policyProductDraw
                var policy = PolicyDraft(holder: holder, product: random.pick(draw))
                if policy.product.group {
                    if masters.isEmpty { policy.product = Self.termLife } else { policy.master = random.pick(masters) }
                }
                addPolicy(policy, partners: eligible, &random, &rows, &ids)
            }
            addCredits(holder, &random, &rows, &ids)
        }
        return rows
    }

    private static func random(_ id: Int64, salt: UInt64) -> SplitMix64 {
        SplitMix64(seed: 0x9A0D_5EED_0000_0000 &+ salt &+ UInt64(bitPattern: id) &* 0xD1B5_4A32_D192_ED03)
    }

    // MARK: - Policies

    private func addMaster(_ holder: ProductHolder, _ random: inout SplitMix64, _ rows: inout ProductRows, _ ids: inout ProductIDs) -> Int64 {
        let id = ProductIDs.take(&ids.policy)
        let start = today - Int64(random.below(Int(max(30, min(today - holder.since, 1_800)))))
        let product = random.chance(0.5) ? "Group life" : "Group health"
        rows.policies.append(
            Policy(
                id: id, number: "MP" + Self.digits(id), kind: .master, product: product, status: .active,
                startDate: CivilDate(days: start).text, premium: 0, frequency: .monthly, currency: holder.currency.code))
        rows.parties.append(PolicyParty(policyID: id, customerID: holder.id, role: .policyholder))
        return id
    }

    private func addPolicy(_ draft: PolicyDraft, partners: [ProductHolder], _ random: inout SplitMix64, _ rows: inout ProductRows, _ ids: inout ProductIDs) {
        let holder = draft.holder
        let product = draft.product
        let id = ProductIDs.take(&ids.policy)
        let ageDays = Int(max(1, today - holder.since))
        var start: Int64
        if Self.isHeavy(holder) {
            start = today - 300 - Int64(random.below(60))
        } else {
            start = today - Int64(random.below(min(ageDays, product.term == .years([1]) ? 900 : 2_900)))
        }
        var end = product.term.end(from: start, &random)
        var status: PolicyStatus = .active
        // What the customer's own state says about their policies: a dormant customer stopped paying
        // half a year ago (a savings policy goes on, paid up, with the institution's postings); a
        // closed one has ended them all.
        var paidUntil = today
        switch holder.status {
        case .dormant where product.savings: paidUntil = today - 200 - Int64(random.below(200))
        case .dormant, .closed:
            let stop = today - 30 - Int64(random.below(holder.status == .closed ? 400 : 700))
            if end == nil || end! > stop {
                end = stop
                status = .cancelled
            }
            if start >= stop { start = stop - 1 - Int64(random.below(700)) }
        default: break
        }
        // Quotes and lapses belong to customers still in business with us.
        let current = holder.status == .customer || holder.status == .blocked
        if status == .active, current, random.chance(0.02) {
            status = .quoted
            start = today + 1 + Int64(random.below(20))
            end = product.term.end(from: start, &random)
        } else if status == .active, random.chance(0.05) {
            status = .cancelled
            end = start + 1 + Int64(random.below(Int(max(1, min(end ?? today, today) - start))))
        } else if status == .active, let ended = end, ended <= today {
            status = .expired
        } else if status == .active, current, !product.savings, product.frequency != .single, random.chance(0.06) {
            status = .lapsed
        }
        let premium = holder.currency.amount(product.premium, spread: 0.35, &random)
        rows.policies.append(
            Policy(
                id: id, number: "POL" + Self.digits(id), kind: .policy, masterPolicyID: draft.master, product: product.name,
                status: status, startDate: CivilDate(days: start).text, endDate: end.map { CivilDate(days: $0).text } ?? "",
                premium: premium, frequency: product.frequency, currency: holder.currency.code))
        rows.parties.append(PolicyParty(policyID: id, customerID: holder.id, role: .policyholder))
        var insured: Int64?
        if product.coversOthers, random.chance(0.3), let partner = Self.partner(of: holder, partners, &random) {
            insured = partner
            rows.parties.append(PolicyParty(policyID: id, customerID: partner, role: .insured))
        }
        if product.life, random.chance(0.5), let partner = Self.partner(of: holder, partners, &random), partner != insured {
            rows.parties.append(PolicyParty(policyID: id, customerID: partner, role: .beneficiary))
        }
        guard status != .quoted else { return }
        let schedule = PolicySchedule(
            policy: id, holder: holder.id, start: start, end: end, paidUntil: min(paidUntil, end ?? today), premium: premium,
            status: status, product: product)
        addPremiums(schedule, &random, &rows, &ids)
        if random.chance(Self.isHeavy(holder) ? 0.05 : 0.1) {
            addClaim(schedule, claimant: insured.flatMap { random.chance(0.3) ? $0 : nil } ?? holder.id, &random, &rows, &ids)
        }
    }

    /// Premiums due from the start every period until the policy ended or the customer stopped
    /// paying, mostly paid on time, a few missed (the last two of a lapsed policy), the next one due;
    /// a savings policy's yearly interest and fee postings; a refund for some cancelled ones.
    private func addPremiums(_ s: PolicySchedule, _ random: inout SplitMix64, _ rows: inout ProductRows, _ ids: inout ProductIDs) {
        let method = random.pick(Self.paymentMethods)
        let months = s.product.frequency.months
        var dues: [Int64] = []
        if months == 0 {
            dues = [s.start]
        } else {
            var period = 0
            while true {
                let due = CivilDate.adding(months: period * months, to: s.start)
                if due >= (s.end ?? Int64.max) || due > s.paidUntil { break }
                dues.append(due)
                period += 1
            }
            if s.status == .active, s.paidUntil == min(today, s.end ?? today) {
                let next = CivilDate.adding(months: dues.count * months, to: s.start)
                if next < (s.end ?? Int64.max) { dues.append(next) }
            }
        }
        for (position, due) in dues.enumerated() {
            let missed = s.status == .lapsed ? position >= dues.count - 2 : random.chance(0.03)
            let paid: Int64? = due > today || missed ? nil : min(today, due + (random.chance(0.8) ? 0 : Int64(1 + random.below(25))))
            rows.policyPayments.append(
                ProductPayment(
                    id: ProductIDs.take(&ids.policyPayment), productID: s.policy, customerID: s.holder, purpose: .premium,
                    dueDate: CivilDate(days: due).text, paidOn: paid.map { CivilDate(days: $0).text } ?? "", amount: s.premium,
                    method: paid == nil ? nil : method))
        }
        if s.product.savings {
            for year in 1...100 {
                let anniversary = CivilDate.adding(months: 12 * year, to: s.start)
                if anniversary > min(today, s.end ?? today) { break }
                let saved = s.premium * Int64(12 * year)
                for (purpose, amount) in [(PaymentPurpose.interest, saved * 3 / 100), (.serviceFee, s.premium / 10)] {
                    rows.policyPayments.append(
                        ProductPayment(
                            id: ProductIDs.take(&ids.policyPayment), productID: s.policy, customerID: s.holder, purpose: purpose,
                            paidOn: CivilDate(days: anniversary).text, amount: amount, method: .posting, automatic: true))
                }
            }
        }
        if s.status == .cancelled, let end = s.end, end <= today, random.chance(0.5) {
            rows.policyPayments.append(
                ProductPayment(
                    id: ProductIDs.take(&ids.policyPayment), productID: s.policy, customerID: s.holder, purpose: .refund,
                    paidOn: CivilDate(days: end).text, amount: s.premium / 2, method: .bankTransfer))
        }
    }

    private func addClaim(_ s: PolicySchedule, claimant: Int64, _ random: inout SplitMix64, _ rows: inout ProductRows, _ ids: inout ProductIDs) {
        let last = min(today, s.end ?? today)
        guard last > s.start else { return }
        let loss = s.start + Int64(random.below(Int(last - s.start)))
        let notified = min(today, loss + Int64(random.below(15)))
        let status: ClaimStatus =
            today - notified < 20 ? (random.chance(0.6) ? .notified : .open) : random.pick(Self.settledClaimDraw)
        let claimed = s.premium * Int64(3 + random.below(40))
        let paid: Int64 =
            switch status {
            case .paid: claimed * Int64(60 + random.below(41)) / 100
            case .closed: random.chance(0.5) ? claimed / 2 : 0
            default: 0
            }
        let settled = [.paid, .rejected, .closed].contains(status)
        let id = ProductIDs.take(&ids.claim)
        rows.claims.append(
            Claim(
                id: id, number: "CLM" + Self.digits(id), policyID: s.policy, customerID: claimant,
                lossDate: CivilDate(days: loss).text, notifiedOn: CivilDate(days: notified).text,
                description: random.pick(s.product.losses), status: status, amountClaimed: claimed, amountPaid: paid,
                closedOn: settled ? CivilDate(days: min(today, notified + 10 + Int64(random.below(80)))).text : ""))
    }

    /// A different customer of the same slice, to be insured or beneficiary.
    private static func partner(of holder: ProductHolder, _ partners: [ProductHolder], _ random: inout SplitMix64) -> Int64? {
        let partner = random.pick(partners)
        return partner.id == holder.id ? nil : partner.id
    }

    // MARK: - Credits

    /// As many active credits as the customer's `active_loans`, a fifth of them refinancing an
    /// older credit; some closed credits; now and then a new request.
    private func addCredits(_ holder: ProductHolder, _ random: inout SplitMix64, _ rows: inout ProductRows, _ ids: inout ProductIDs) {
        let ageMonths = Int(max(2, (today - holder.since) / 31))
        if random.chance(holder.status == .closed ? 0.6 : 0.3) {
            let product = random.pick(Self.shortCreditDraw)
            let term = random.pick(product.terms.filter { $0 <= 24 })
            let start = CivilDate.adding(months: -(term + random.below(max(1, ageMonths - term)) + 1), to: today)
            addCredit(holder, product: product, term: term, start: start, paidMonths: term, status: .closed, refinanced: nil, &random, &rows, &ids)
        }
        for _ in 0..<holder.activeLoans {
            var product = random.pick(Self.creditProductDraw)
            let term = random.pick(product.terms)
            let elapsed = 1 + random.below(max(1, min(term - 1, ageMonths, Self.creditHistoryMonths)))
            let start = CivilDate.adding(months: -elapsed, to: today)
            var refinanced: Int64?
            if random.chance(0.2), ageMonths > elapsed + 6 {
                let old = random.pick(Self.creditProductDraw)
                let oldTerm = old.terms.last!
                let oldElapsed = 3 + random.below(min(oldTerm - 3, ageMonths - elapsed - 3, Self.creditHistoryMonths))
                refinanced = addCredit(
                    holder, product: old, term: oldTerm, start: CivilDate.adding(months: -oldElapsed, to: start), paidMonths: oldElapsed,
                    status: .refinanced, refinanced: nil, &random, &rows, &ids)
                product = Self.refinancing
            }
            addCredit(holder, product: product, term: term, start: start, paidMonths: elapsed, status: .active, refinanced: refinanced, &random, &rows, &ids)
        }
        if holder.status == .customer, random.chance(0.05) {
            let product = random.pick(Self.creditProductDraw)
            let id = ProductIDs.take(&ids.credit)
            rows.credits.append(
                Credit(
                    id: id, number: "CR" + Self.digits(id), customerID: holder.id, product: product.name,
                    amount: holder.currency.amount(product.amount, spread: 0.5, &random), currency: holder.currency.code,
                    rate: random.number(product.rates), termMonths: random.pick(product.terms),
                    requestedOn: CivilDate(days: today - Int64(random.below(20))).text, status: .requested,
                    purpose: random.pick(product.purposes)))
        }
    }

    /// A credit with its monthly installments: `paidMonths` of them paid (a few missed), the next
    /// six of a running one still due, a yearly fee posting; a refinanced credit ends with the early
    /// repayment of what was left.
    @discardableResult
    private func addCredit(
        _ holder: ProductHolder, product: CreditProduct, term: Int, start: Int64, paidMonths: Int, status: CreditStatus,
        refinanced: Int64?, _ random: inout SplitMix64, _ rows: inout ProductRows, _ ids: inout ProductIDs
    ) -> Int64 {
        let id = ProductIDs.take(&ids.credit)
        let amount = holder.currency.amount(product.amount, spread: 0.5, &random)
        let rate = random.number(product.rates)
        let loan = Amortization(amount: amount, rate: rate, months: term)
        let end = CivilDate.adding(months: status == .refinanced ? paidMonths : term, to: start)
        rows.credits.append(
            Credit(
                id: id, number: "CR" + Self.digits(id), customerID: holder.id, product: product.name, amount: amount,
                outstanding: status == .active ? loan.outstanding(after: paidMonths) : 0, currency: holder.currency.code, rate: rate,
                termMonths: term, requestedOn: CivilDate(days: start - Int64(random.below(20))).text, startDate: CivilDate(days: start).text,
                endDate: CivilDate(days: end).text, status: status, refinancedCreditID: refinanced,
                purpose: refinanced.map { "Refinancing of CR" + Self.digits($0) } ?? random.pick(product.purposes)))
        let method = random.chance(0.6) ? PaymentMethod.directDebit : random.pick([.bankTransfer, .cash])
        let scheduled = status == .active ? min(term, paidMonths + 6) : paidMonths
        for month in 1...max(1, scheduled) {
            let due = CivilDate.adding(months: month, to: start)
            let last = status == .refinanced && month == paidMonths
            let paid: Int64? = due > today || (status == .active && random.chance(0.02)) ? nil : min(today, due + Int64(random.chance(0.85) ? 0 : random.below(20)))
            rows.creditPayments.append(
                ProductPayment(
                    id: ProductIDs.take(&ids.creditPayment), productID: id, customerID: holder.id,
                    purpose: last ? .earlyRepayment : .installment, dueDate: CivilDate(days: due).text,
                    paidOn: paid.map { CivilDate(days: $0).text } ?? "",
                    amount: last ? loan.outstanding(after: month - 1) : loan.installment, method: paid == nil ? nil : (last ? .bankTransfer : method)))
        }
        for year in stride(from: 12, through: min(paidMonths, term), by: 12) {
            rows.creditPayments.append(
                ProductPayment(
                    id: ProductIDs.take(&ids.creditPayment), productID: id, customerID: holder.id, purpose: .serviceFee,
                    paidOn: CivilDate(days: CivilDate.adding(months: year, to: start)).text, amount: amount / 200, method: .posting,
                    automatic: true))
        }
        return id
    }

    // MARK: - Catalogues

    private static func digits(_ id: Int64) -> String { String(id).leftPadded(to: 8) }

    private static let paymentMethods: [PaymentMethod] = [
        .directDebit, .directDebit, .directDebit, .directDebit, .card, .card, .card, .bankTransfer, .bankTransfer, .cash,
    ]

    private static let settledClaimDraw: [ClaimStatus] = Array(repeating: .paid, count: 9) + [.rejected, .rejected, .closed, .closed, .approved, .approved, .open, .open, .open, .open]

    private static let termLife = PolicyProduct(
        name: "Term life", frequency: .monthly, term: .years([10, 15, 20]), premium: 30, life: true, coversOthers: true,
        losses: ["Death of the insured", "Terminal illness"])

    private static let policyProducts: [(weight: Int, product: PolicyProduct)] = [
        (20, PolicyProduct(name: "Motor third-party liability", frequency: .yearly, term: .years([1]), premium: 120,
            losses: ["Collision at a junction", "Damage to a parked car"])),
        (10, PolicyProduct(name: "Motor comprehensive", frequency: .monthly, term: .years([1]), premium: 45,
            losses: ["Windscreen broken by a stone", "Rear-end collision", "Car stolen from the street"])),
        (15, PolicyProduct(name: "Home and contents", frequency: .yearly, term: .years([1]), premium: 220,
            losses: ["Water damage from a burst pipe", "Burglary, electronics taken", "Storm damage to the roof"])),
        (10, termLife),
        (8, PolicyProduct(name: "Endowment savings", frequency: .monthly, term: .years([10, 15, 20]), premium: 80, life: true,
            coversOthers: true, savings: true, losses: ["Death of the insured", "Disability of the insured"])),
        (10, PolicyProduct(name: "Health", frequency: .monthly, term: .years([1]), premium: 60, coversOthers: true,
            losses: ["Hospital stay", "Outpatient treatment", "Dental treatment"])),
        (10, PolicyProduct(name: "Travel", frequency: .single, term: .days(5...30), premium: 35,
            losses: ["Luggage lost by the airline", "Medical treatment abroad", "Trip cancelled by illness"])),
        (7, PolicyProduct(name: "Funeral cover", frequency: .quarterly, term: .open, premium: 25, life: true, coversOthers: true,
            losses: ["Funeral costs"])),
        (6, PolicyProduct(name: "Group life", frequency: .monthly, term: .years([1]), premium: 12, life: true, group: true,
            losses: ["Death of the insured"])),
        (4, PolicyProduct(name: "Group health", frequency: .monthly, term: .years([1]), premium: 40, group: true,
            losses: ["Hospital stay", "Outpatient treatment"])),
    ]

    private static let policyProductDraw = policyProducts.flatMap { Array(repeating: $0.product, count: $0.weight) }
    private static let monthlyProductDraw = policyProductDraw.filter { $0.frequency == .monthly }

    private static let refinancing = CreditProduct(
        name: "Refinancing loan", amount: 5_000, terms: [24, 36, 48, 60], rates: 1_100...1_900, purposes: ["Refinancing"])

    /// At most this many months of a credit's installments are in the store: a running credit
    /// started within it, an older one was refinanced or closed.
    private static let creditHistoryMonths = 24

    private static let shortCreditDraw = creditProductDraw.filter { $0.terms.contains { $0 <= 24 } }

    private static let creditProductDraw: [CreditProduct] = {
        let products: [(Int, CreditProduct)] = [
            (9, CreditProduct(name: "Consumer loan", amount: 3_000, terms: [12, 24, 36, 48, 60], rates: 1_400...2_600,
                purposes: ["Home repairs", "Wedding", "Education", "Medical costs", "Furniture"])),
            (4, CreditProduct(name: "Car loan", amount: 15_000, terms: [36, 48, 60, 72], rates: 900...1_500,
                purposes: ["Used car", "New car"])),
            (5, CreditProduct(name: "Microloan", amount: 400, terms: [6, 9, 12, 18], rates: 2_800...4_500,
                purposes: ["Working capital", "Market stall stock", "Tools"])),
            (2, CreditProduct(name: "Mortgage", amount: 90_000, terms: [120, 180, 240], rates: 600...1_100,
                purposes: ["Apartment purchase", "House purchase"])),
        ]
        return products.flatMap { Array(repeating: $0.1, count: $0.0) }
    }()
}

// MARK: - Pieces

/// The facts of a customer that their demo products depend on.
struct ProductHolder: Sendable {
    let id: Int64
    let kind: Customer.Kind
    let status: Status
    let activeLoans: Int
    /// Days since 1970 of the customer's creation.
    let since: Int64
    let currency: DemoCurrency

    init(row: Row) {
        id = row["id"]
        kind = Customer.Kind(rawValue: row["kind"]) ?? .individual
        status = Status(rawValue: row["status"]) ?? .newbie
        activeLoans = row["active_loans"]
        // Parsed by hand: a calendar per row would cost more than making the row's products.
        let created = Array((row["created_at"] as String).utf8.prefix(10))
        func number(_ range: Range<Int>) -> Int {
            range.reduce(0) { $0 * 10 + (created.indices.contains($1) ? Int(created[$1] &- UInt8(ascii: "0")) % 10 : 0) }
        }
        since = CivilDate.days(year: number(0..<4), month: max(1, number(5..<7)), day: max(1, number(8..<10)))
        currency = DemoCurrency.of(country: row["country"])
    }
}

/// A country's currency and about how many of its units make a US dollar, so amounts look local.
struct DemoCurrency: Sendable {
    let code: String
    let perDollar: Double

    static func of(country: String) -> DemoCurrency {
        switch country {
        case "The Gambia": DemoCurrency(code: "GMD", perDollar: 70)
        case "Colombia": DemoCurrency(code: "COP", perDollar: 4_000)
        case "Russia": DemoCurrency(code: "RUB", perDollar: 90)
        case "Romania": DemoCurrency(code: "RON", perDollar: 4.6)
        default: DemoCurrency(code: "USD", perDollar: 1)
        }
    }

    /// About `dollars` in this currency, log-normally spread, in minor units.
    func amount(_ dollars: Double, spread: Double, _ random: inout SplitMix64) -> Int64 {
        Int64(min(dollars * exp(spread * random.normal()) * perDollar, 1e12) * 100)
    }
}

/// Everything a chunk of customers gets, in the order the rows must be written (a refinanced
/// credit before the one refinancing it, a master policy before its members).
struct ProductRows: Sendable {
    var policies: [Policy] = []
    var parties: [PolicyParty] = []
    var policyPayments: [ProductPayment] = []
    var claims: [Claim] = []
    var credits: [Credit] = []
    var creditPayments: [ProductPayment] = []

    func write(_ writer: ProductWriter) throws {
        for policy in policies { try writer.add(policy) }
        for party in parties { try writer.add(party) }
        for payment in policyPayments { try writer.add(payment, on: .policy) }
        for claim in claims { try writer.add(claim) }
        for credit in credits { try writer.add(credit) }
        for payment in creditPayments { try writer.add(payment, on: .credit) }
    }
}

struct PolicyProduct: Sendable {
    enum Term: Sendable, Equatable {
        case years([Int]), days(ClosedRange<Int>), open

        /// The day after the last covered day, or nil for a policy without an end.
        func end(from start: Int64, _ random: inout SplitMix64) -> Int64? {
            switch self {
            case .years(let choices): CivilDate.adding(months: 12 * random.pick(choices), to: start)
            case .days(let range): start + Int64(random.number(range))
            case .open: nil
            }
        }
    }

    var name: String
    var frequency: PremiumFrequency
    var term: Term
    /// About one premium, in US dollars.
    var premium: Double
    var life = false
    /// Someone else may be the insured.
    var coversOthers = false
    /// Pays interest, takes a yearly fee (the institution's automatic postings).
    var savings = false
    /// Issued under a master policy.
    var group = false
    var losses: [String]
}

struct CreditProduct: Sendable {
    var name: String
    /// About the amount lent, in US dollars.
    var amount: Double
    var terms: [Int]
    /// Yearly, in hundredths of a percent.
    var rates: ClosedRange<Int>
    var purposes: [String]
}

/// A policy being made: its customer, product and master policy.
private struct PolicyDraft {
    var holder: ProductHolder
    var product: PolicyProduct
    var master: Int64?
}

/// What the premiums of a policy are made from.
private struct PolicySchedule {
    let policy: Int64
    let holder: Int64
    let start: Int64
    let end: Int64?
    /// The last day the customer paid anything (earlier than today for dormant customers).
    let paidUntil: Int64
    let premium: Int64
    let status: PolicyStatus
    let product: PolicyProduct
}

/// Equal monthly installments of a loan.
private struct Amortization {
    let amount: Int64
    let monthlyRate: Double
    let months: Int

    init(amount: Int64, rate: Int, months: Int) {
        self.amount = amount
        monthlyRate = Double(rate) / 10_000 / 12
        self.months = months
    }

    var installment: Int64 {
        guard monthlyRate > 0 else { return amount / Int64(months) }
        return Int64((Double(amount) * monthlyRate / (1 - pow(1 + monthlyRate, -Double(months)))).rounded())
    }

    /// Principal still owed after `paid` installments.
    func outstanding(after paid: Int) -> Int64 {
        guard paid < months else { return 0 }
        guard monthlyRate > 0 else { return amount - amount / Int64(months) * Int64(paid) }
        let growth = pow(1 + monthlyRate, Double(paid))
        return max(0, Int64((Double(amount) * growth - Double(installment) * (growth - 1) / monthlyRate).rounded()))
    }
}

extension PremiumFrequency {
    /// Months between premiums; 0 for a single premium.
    var months: Int {
        switch self {
        case .monthly: 1
        case .quarterly: 3
        case .yearly: 12
        case .single: 0
        }
    }
}

extension CivilDate {
    /// Days since 1970-01-01 of a calendar day (Howard Hinnant's `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The same day of the month `months` later (or earlier), kept within the 28 days every month has.
    static func adding(months: Int, to days: Int64) -> Int64 {
        let date = CivilDate(days: days)
        let total = date.year * 12 + date.month - 1 + months
        let year = total >= 0 ? total / 12 : (total - 11) / 12
        return Self.days(year: year, month: total - year * 12 + 1, day: min(date.day, 28))
    }
}

// MARK: - Seeding the store

extension AppDatabase {
    /// The highest customer number ever given (AUTOINCREMENT's sequence): a seed's customers come after it.
    public func customerSequence() throws -> Int64 {
        try reader.read { db in
            try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'customers'") ?? 0
        }
    }

    /// How many rows each products table holds, for the seed's summary (counts whole tables: not for requests).
    public func productTotals() throws -> [(table: String, count: Int)] {
        try reader.read { db in
            try SuspendedProductUpkeep.tables.map { ($0, try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? 0) }
        }
    }

    /// Adds demo products for the customers numbered `first` and up (those a seed just added), in
    /// one transaction: all or nothing. Into empty products tables their indexes are built once at
    /// the end. `progress` hears how many customers are done after every 100,000 and at the end.
    public func addDemoProducts(customersFrom first: Int64, now: Date = Date(), progress: (Int) -> Void = { _ in }) throws {
        let maker = DemoProducts(today: Int64(now.timeIntervalSince1970) / 86_400)
        try writer.writeWithoutTransaction { db in
            try CustomerBulkInsert.withLargeCache(db) {
                // The rows are made consistent; checking each key made SQLite open a statement journal
                // per row, a third of the seed's time. Off for this connection only, between transactions.
                let checksKeys = try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { if checksKeys { try? db.execute(sql: "PRAGMA foreign_keys = ON") } }
                try db.inTransaction {
                    let last = try Int64.fetchOne(db, sql: "SELECT max(id) FROM customers") ?? 0
                    let upkeep = try SuspendedProductUpkeep.suspend(db)
                    let writer = try ProductWriter(db, batch: 100)
                    var ids = try ProductWriter.nextIDs(db)
                    let holders = try db.makeStatement(
                        sql: "SELECT id, kind, status, active_loans, created_at, country FROM customers WHERE id BETWEEN ? AND ? ORDER BY id")
                    for low in stride(from: max(1, first), through: last, by: 10_000) {
                        let high = min(low + 9_999, last)
                        let slice = try Row.fetchAll(holders, arguments: [low, high]).map(ProductHolder.init(row:))
                        try maker.rows(for: slice, ids: &ids).write(writer)
                        if (high - first + 1) % 100_000 == 0 || high == last { progress(Int(high - first + 1)) }
                    }
                    try writer.finish()
                    try upkeep.resume(db)
                    return .commit
                }
            }
        }
    }
}
