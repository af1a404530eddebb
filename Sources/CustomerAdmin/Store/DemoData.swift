import Foundation
import GRDB

/// Demo customers for `customer-admin seed` and for tests: people and companies from The Gambia,
/// Colombia, Russia and Romania, spread over the whole lifecycle of seed 000.
///
/// Customer `index` is a pure function of `index` and `now`, so the same count always gives the
/// same data and any slice of a large seed can be made on its own.
public struct DemoData: Sendable {
    /// "Now" for created/updated dates and ages, in seconds since 1970.
    let now: Int64
    /// The fields the customers carry; those the demo does not know stay empty.
    let catalog: FieldCatalog

    public init(now: Date = Date(), catalog: FieldCatalog = .standard) {
        self.now = Int64(now.timeIntervalSince1970)
        self.catalog = catalog
    }

    public func customer(at index: Int) -> Customer {
        var random = SplitMix64(seed: 0x5EED_C057_0000_0001 &+ UInt64(index) &* 0xD1B5_4A32_D192_ED03)
        let country = random.pick(DemoCountry.all)
        let hostile = Self.hostileValues[index % 100_000]
        let kind: Customer.Kind = random.chance(0.1) ? .legalEntity : .individual
        var customer = Customer(kind: hostile?.kind ?? kind, status: Self.status(&random), catalog: catalog)
        let sex: DemoCountry.Sex = random.chance(0.5) ? .female : .male
        fillName(&customer, country, sex, &random)
        fillIdentity(&customer, country, sex, &random)
        fillAddress(&customer, country, &random)
        fillAccount(&customer, &random)
        fillDates(&customer, &random)
        fillConsents(&customer, index: index)
        fillProfile(&customer, country, index: index)
        hostile?.apply(&customer)
        // Last, so the e-mail address follows the name actually given.
        fillContacts(&customer, country, &random)
        return customer
    }

    // MARK: - Parts of a customer

    /// Roughly newbie 15%, prospect 15%, customer 50%, dormant 10%, blocked 4%, closed 6%.
    private static func status(_ random: inout SplitMix64) -> Status {
        switch random.below(100) {
        case ..<15: .newbie
        case ..<30: .prospect
        case ..<80: .customer
        case ..<90: .dormant
        case ..<94: .blocked
        default: .closed
        }
    }

    private func fillName(_ customer: inout Customer, _ country: DemoCountry, _ sex: DemoCountry.Sex, _ random: inout SplitMix64) {
        // A legal entity sometimes names its representative, whom search also finds.
        if customer.kind == .individual || random.chance(0.7) {
            customer.firstName = random.pick(country.givenNames(sex))
            if random.chance(country.middleNameShare) { customer.middleName = country.middleName(&random, sex) }
            customer.lastName = country.lastName(&random, sex)
        }
        if customer.kind == .legalEntity {
            customer.companyName = country.company(&random)
        }
    }

    private func fillContacts(_ customer: inout Customer, _ country: DemoCountry, _ random: inout SplitMix64) {
        let isLead = customer.status == .newbie
        if random.chance(isLead ? 0.75 : 0.97) { customer[text: "phone"] = country.phone(&random) }
        if random.chance(isLead ? 0.6 : 0.9) { customer[text: "email"] = Self.email(for: customer, country, &random) }
        if !isLead || random.chance(0.5) { customer[text: "relationship_officer"] = random.pick(Self.officers) }
    }

    /// Prospects and beyond carry their personal identifier and ID document (seed 000); a lead rarely does.
    private func fillIdentity(_ customer: inout Customer, _ country: DemoCountry, _ sex: DemoCountry.Sex, _ random: inout SplitMix64) {
        let complete = customer.status != .newbie
        let identity: DemoCountry.Identity
        switch customer.kind {
        case .individual:
            let ageInDays = 6_575 + random.below(24_470)  // 18 to 85 years
            let birth = CivilDate(days: now / 86_400 - Int64(ageInDays))
            if complete || random.chance(0.4) { customer.birthDate = birth.text }
            identity = country.personIdentity(&random, birth, sex)
        case .legalEntity:
            identity = country.companyIdentity(&random)
        }
        guard complete || random.chance(0.2) else { return }
        customer[text: "national_id"] = identity.nationalID
        customer[text: "id_type"] = identity.idType
        customer[text: "id_number"] = identity.idNumber
    }

    private func fillAddress(_ customer: inout Customer, _ country: DemoCountry, _ random: inout SplitMix64) {
        let complete = customer.status != .newbie
        guard complete || random.chance(0.5) else { return }
        let place = random.pick(country.places)
        customer[text: "country"] = country.name
        customer[text: "city"] = place.city
        guard complete || random.chance(0.4) else { return }
        customer[text: "region"] = place.region
        customer[text: "address_line"] = country.street(&random)
        customer[text: "postal_code"] = place.postalPrefix.isEmpty ? "" : place.postalPrefix + random.digits(6 - place.postalPrefix.count)
    }

    /// Pre-customers hold nothing yet; customers mostly positive balances with a long tail into millions.
    private func fillAccount(_ customer: inout Customer, _ random: inout SplitMix64) {
        switch customer.status {
        case .newbie, .prospect:
            return
        case .customer, .blocked:
            customer.balance = Self.balance(&random, zeroShare: 0.08, negativeShare: 0.07)
            customer.activeLoans = random.chance(0.5) ? 0 : random.pick([1, 1, 1, 1, 2, 2, 2, 3, 3, 4])
        case .dormant:
            customer.balance = Self.balance(&random, zeroShare: 0.2, negativeShare: 0.03)
            customer.activeLoans = random.chance(0.85) ? 0 : 1
        case .closed:
            customer.balance = random.chance(0.9) ? 0 : -Self.cents(&random, median: 150, spread: 1.0)
        }
    }

    private static func balance(_ random: inout SplitMix64, zeroShare: Double, negativeShare: Double) -> Int64 {
        let draw = random.unit()
        if draw < zeroShare { return 0 }
        if draw < zeroShare + negativeShare { return -cents(&random, median: 250, spread: 1.2) }
        return cents(&random, median: 1_500, spread: 1.8)
    }

    /// Log-normal amount in cents, capped below 10 million.
    private static func cents(_ random: inout SplitMix64, median: Double, spread: Double) -> Int64 {
        let amount = median * exp(spread * random.normal())
        return Int64(min(amount, 9_999_999.99) * 100) + 1
    }

    /// Leads are recent, customers go back eight years; a few were touched in the last days.
    private func fillDates(_ customer: inout Customer, _ random: inout SplitMix64) {
        let maxAgeDays: Int =
            switch customer.status {
            case .newbie: 540
            case .prospect: 1_095
            default: 2_920
            }
        let created = now - Int64(random.below(maxAgeDays * 86_400))
        let share = random.unit()
        let updated =
            random.chance(0.04)
            ? max(created, now - Int64(random.below(7 * 86_400)))
            : created + Int64(Double(now - created) * share * share)
        customer.createdAt = CivilDate.timestamp(seconds: created)
        customer.updatedAt = CivilDate.timestamp(seconds: updated)
    }

    /// Customers accepted the keeping of their data when onboarded (seeds 001, 003), most of them
    /// also its commercial use; pre-customers often have not yet. Drawn from their own sequence, so
    /// every other value stays what it was before these fields existed.
    private func fillConsents(_ customer: inout Customer, index: Int) {
        var random = SplitMix64(seed: 0xC045_E475_0000_0002 &+ UInt64(index) &* 0xD1B5_4A32_D192_ED03)
        let (dataShare, commercialShare) = customer.status.isPreCustomer ? (0.4, 0.25) : (0.97, 0.7)
        let day = customer.createdAt.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard customer.catalog["personal_data_accepted_on"] != nil, random.chance(dataShare), day.count == 3,
            let created = CivilDate.days(year: day[0], month: day[1], day: day[2])
        else { return }
        let accepted = CivilDate(days: min(now / 86_400, created + Int64(random.below(3)))).text
        customer[text: "personal_data_accepted_on"] = accepted
        if random.chance(commercialShare / dataShare) { customer[text: "commercial_approval_on"] = accepted }
    }

    private static func email(for customer: Customer, _ country: DemoCountry, _ random: inout SplitMix64) -> String {
        if customer.kind == .legalEntity {
            let slug = customer.companyName.split(separator: " ").map { ascii(String($0)) }.filter { !$0.isEmpty }
                .prefix(2).joined(separator: "-")
            return random.pick(["info", "office", "contact", "accounts"]) + "@" + slug + "." + country.companyDomain
        }
        let first = ascii(customer.firstName)
        let last = ascii(String(customer.lastName.split(separator: " ").first ?? ""))
        let local =
            switch random.below(4) {
            case 0: first + "." + last
            case 1: first + last + random.digits(2)
            case 2: String(first.prefix(1)) + "." + last
            default: first + "_" + last
            }
        return local + "@" + random.pick(country.mailDomains)
    }

    /// Lower-case ASCII for e-mail addresses: Cyrillic transliterated, diacritics dropped, the rest left out.
    private static func ascii(_ text: String) -> String {
        var out = ""
        for character in text.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                out.append(character)
            } else if let replacement = transliteration[character] {
                out += replacement
            }
        }
        return out
    }

    private static let transliteration: [Character: String] = {
        var table: [Character: String] = [:]
        let cyrillic = "а б в г д е ё ж з и й к л м н о п р с т у ф х ц ч ш щ ъ ы ь э ю я".split(separator: " ")
        let latin = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(separator: " ")
        for (letter, sound) in zip(cyrillic, latin) { table[Character(String(letter))] = sound == "_" ? "" : String(sound) }
        for (letter, plain) in zip("áéíóúüñăâîșşțţ", "aeiouunaaisstt") { table[letter] = String(plain) }
        return table
    }()

    /// Staff user names, as `REMOTE_USER` would give them: the customers' relationship officers.
    static let officers = ["a.touray", "b.njie", "m.gomez", "j.restrepo", "i.petrova", "d.sokolov", "s.ionescu", "r.dobre"]

    // MARK: - Hostile values

    /// A valid but dangerous value, with the kind of customer it belongs to.
    private struct HostileValue {
        let kind: Customer.Kind?
        let apply: @Sendable (inout Customer) -> Void
    }

    /// Placed in every block of 100,000 customers, so every page, export and filter meets them escaped.
    private static let hostileValues: [Int: HostileValue] = [
        5: HostileValue(kind: .legalEntity) { $0.companyName = "<script>alert(1)</script> SRL" },
        8: HostileValue(kind: .individual) { $0.lastName = "O'Brien" },
        13: HostileValue(kind: nil) { $0[text: "address_line"] = "=1+2 Main St" },
        21: HostileValue(kind: .legalEntity) { $0.companyName = "Ceesay & Sons \"Trading\" Ltd" },
    ]
}

// MARK: - Random numbers

/// SplitMix64: tiny, fast, and fully ours, so the demo data never changes with the standard library.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0..<bound for bounds below 2³².
    mutating func below(_ bound: Int) -> Int {
        Int(((next() >> 32) &* UInt64(bound)) >> 32)
    }

    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    mutating func pick<Element>(_ items: [Element]) -> Element { items[below(items.count)] }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        sqrt(-2 * log(1 - unit())) * cos(2 * Double.pi * unit())
    }

    mutating func digits(_ count: Int) -> String {
        String(unsafeUninitializedCapacity: count) { buffer in
            for position in 0..<count { buffer[position] = UInt8(ascii: "0") + UInt8(below(10)) }
            return count
        }
    }

    mutating func number(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }
}

// MARK: - Seeding the store

extension AppDatabase {
    /// Adds `count` demo customers in one write transaction (all or nothing); the search index and
    /// totals triggers run as for any customer. A second seed continues the sequence instead of
    /// repeating it. `progress` hears the running total after every 100,000 and at the end.
    public func addDemoCustomers(_ count: Int, now: Date = Date(), progress: (Int) -> Void = { _ in }) throws {
        let data = DemoData(now: now, catalog: catalog)
        try writer.writeWithoutTransaction { db in
            try CustomerBulkInsert.withLargeCache(db) {
                try db.inTransaction {
                    let start = try Int.fetchOne(
                        db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: ["customers"]) ?? 0
                    try Self.insertDemoCustomers(data, indexes: start..<(start + count), db, progress: progress)
                    try Self.addDemoStaff(now: now, db)
                    return .commit
                }
            }
        }
    }

    /// The employees the demo customers name (their relationship and risk officers), as logins of
    /// the staff directory those fields choose from; a login already there keeps its role.
    private static func addDemoStaff(now: Date, _ db: Database) throws {
        let staff = DemoData.officers.map { ($0, Role.officer) } + DemoData.riskOfficers.map { ($0, Role.manager) }
        for (userName, role) in staff { try admit(userName, as: role, now: now, db) }
    }

    /// Rows are made on another thread, a chunk ahead of the one being written, so generating them
    /// overlaps SQLite's work instead of adding to it.
    private static func insertDemoCustomers(_ data: DemoData, indexes: Range<Int>, _ db: Database, progress: (Int) -> Void) throws {
        let chunks = stride(from: indexes.lowerBound, to: indexes.upperBound, by: 100_000).map {
            $0..<min($0 + 100_000, indexes.upperBound)
        }
        let make = { @Sendable (chunk: Range<Int>) in
            chunk.map { data.customer(at: $0).writtenValues }
        }
        var bulk = try CustomerBulkInsert(db, catalog: data.catalog)
        var upcoming = chunks.first.map { first in Upcoming { make(first) } }
        for (position, chunk) in chunks.enumerated() {
            let rows = try upcoming!.value()
            upcoming = chunks.indices.contains(position + 1) ? Upcoming { [next = chunks[position + 1]] in make(next) } : nil
            for values in rows { try bulk.add(values: values) }
            progress(chunk.upperBound - indexes.lowerBound)
        }
        try bulk.finish()
    }
}
