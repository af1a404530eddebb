import Foundation
import GRDB
import Testing
@testable import CustomerAdmin

/// Random combinations of filters, sorts and pages, each checked against a brute-force
/// filter over every row in memory: the SQL and the meaning staff expect must agree.
@Suite struct ListingPropertyTests {
    /// A deterministic generator, so a failure names a reproducible case.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let firstNames = ["Binta", "Lamin", "Fatou", "Иван", "Ольга", "Ștefan", "Ioana", "María José", "Andrés", "O'Neil"]
    static let lastNames = ["Singhateh", "Ceesay", "Jallow", "Смирнов", "Кузнецова", "Popescu", "Mărginean", "Gómez", "Peña", "<b>Bold</b>"]
    static let companies = ["Banjul Trading Ltd", "ООО Ромашка", "Cafetería Peña S.A.S.", "Țesătoria SRL", "=HYPERLINK(1) Ltd"]
    static let cities = ["Banjul", "Serekunda", "Москва", "Bogotá", "Cluj-Napoca", "Brașov"]

    static func makeStore(_ rng: inout SplitMix) throws -> AppDatabase {
        // Correctness, not speed: a loaded machine must not turn a listing into "too broad in time".
        let database = try AppDatabase.inMemory(listingBudget: .seconds(30))
        for index in 0..<260 {
            var customer = Customer(kind: index % 7 == 0 ? .legalEntity : .individual, status: Status.allCases.randomElement(using: &rng)!)
            if customer.kind == .legalEntity { customer.companyName = companies.randomElement(using: &rng)! }
            customer.firstName = firstNames.randomElement(using: &rng)!
            customer.lastName = lastNames.randomElement(using: &rng)!
            customer[text: "phone"] = "+220 \(Int.random(in: 100...999, using: &rng))-\(Int.random(in: 1000...9999, using: &rng))"
            customer[text: "email"] = "\(customer.firstName.prefix(3).lowercased())\(index)@example.gm"
            customer[text: "city"] = cities.randomElement(using: &rng)!
            customer[text: "address_line"] = "\(Int.random(in: 1...200, using: &rng)) Kairaba Avenue"
            customer[text: "national_id"] = String(Int.random(in: 10_000_000...99_999_999, using: &rng))
            customer.balance = Int64.random(in: -50_000...5_000_000, using: &rng)
            customer.activeLoans = Int.random(in: 0...3, using: &rng)
            let created = Date(timeIntervalSince1970: 1_700_000_000 + Double(Int.random(in: 0...60_000_000, using: &rng)))
            customer.createdAt = StoreDate.timestamp(created)
            customer.updatedAt = StoreDate.timestamp(created.addingTimeInterval(Double(Int.random(in: 0...9_000_000, using: &rng))))
            try database.create(customer)
        }
        return database
    }

    /// One random filter over the random store, with what a brute-force filter over all rows says.
    struct Case {
        let database: AppDatabase
        let filter: CustomerFilter
        let expected: [Customer]
        let label: String
    }

    static let today = Date(timeIntervalSince1970: 1_760_000_000)

    /// Calls `check` with `rounds` random cases over one random store.
    static func forRandomFilters(seed: UInt64, rounds: Int, _ check: (Case, inout SplitMix) throws -> Void) throws {
        var rng = SplitMix(state: seed)
        let database = try makeStore(&rng)
        let everyone = try database.reader.read { db in try Customer.fetchAll(db) }
        for round in 0..<rounds {
            let query = randomQuery(&rng, from: everyone)
            let filter = CustomerFilter(try Parameters(urlEncoded: query.encoded))
            let expected = bruteForce(filter, everyone, today: today)
            try check(Case(database: database, filter: filter, expected: expected, label: "round \(round): \(query.encoded)"), &rng)
        }
    }

    @Test func listingAgreesWithBruteForce() throws {
        try Self.forRandomFilters(seed: 20261123, rounds: 400) { test, rng in
            let filter = test.filter
            // Low limits take long lists down the uncounted paths (bounded count, ID walk) too.
            let countLimit = [1_000, 12, 40].randomElement(using: &rng)!
            let listing = try test.database.listing(filter, today: Self.today, countLimit: countLimit)
            let limit = max(countLimit, (filter.page + 2) * filter.perPage)
            #expect(
                listing.total == .exact(test.expected.count)
                    || (test.expected.count > limit && listing.total == .moreThan(limit)),
                "\(test.label), \(listing.total) for \(test.expected.count)")
            let pageCount = max(1, (listing.total.reachable + filter.perPage - 1) / filter.perPage)
            let page = min(filter.page, pageCount)
            let expectedPage = test.expected.dropFirst((page - 1) * filter.perPage).prefix(filter.perPage)
            #expect(listing.customers.map(\.id) == expectedPage.map(\.id), "\(test.label)")
        }
    }

    /// Downloads read every match; in ID order they read it in slices of IDs, here seven at a time.
    @Test func downloadRowsAgreeWithBruteForce() throws {
        try Self.forRandomFilters(seed: 20261124, rounds: 150) { test, _ in
            var query = CustomerQuery(test.filter, today: Self.today)
            query.exportSliceSize = 7
            let ids = try test.database.reader.read { db in
                try Array(query.rows(db, columns: [FieldCatalog.standard["customer_id"]!]).map { row -> Int64 in CustomerID(row[0] as String)!.number })
            }
            #expect(ids == test.expected.map(\.id!), "\(test.label)")
        }
    }

    // MARK: - Random queries

    static func randomQuery(_ rng: inout SplitMix, from customers: [Customer]) -> Parameters {
        var query = Parameters()
        let sample = customers.randomElement(using: &rng)!
        func maybe(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }
        if maybe(45) { query.append("q", searchText(&rng, sample)) }
        if maybe(25) { query.append("section", ["pre", "customers", "all"].randomElement(using: &rng)!) }
        if maybe(25) {
            for status in Status.allCases where maybe(40) { query.append("status", status.rawValue) }
        }
        if maybe(10) { query.append("status", ["enabled", "disabled", "blocked"].randomElement(using: &rng)!) }
        if maybe(15) { query.append("kind", ["individual", "legal_entity"].randomElement(using: &rng)!) }
        if maybe(15) { query.append("id_from", "CUST" + String(format: "%07d", Int.random(in: 1...260, using: &rng))) }
        if maybe(15) { query.append("id_to", String(Int.random(in: 1...260, using: &rng))) }
        if maybe(10) { query.append("name", String(sample.displayName.prefix(Int.random(in: 1...6, using: &rng)))) }
        if maybe(10) { query.append("phone", String(sample[text: "phone"].filter(\.isNumber).suffix(Int.random(in: 3...7, using: &rng)))) }
        if maybe(10) { query.append("address", [sample[text: "city"], "kairaba", "avenue"].randomElement(using: &rng)!) }
        if maybe(15) { query.append("balance_min", String(Int.random(in: -500...30_000, using: &rng))) }
        if maybe(15) { query.append("balance_max", String(Int.random(in: -500...50_000, using: &rng)) + ".5") }
        if maybe(15) { query.append("created_from", randomDay(&rng)) }
        if maybe(15) { query.append("created_to", randomDay(&rng)) }
        if maybe(10) { query.append("modified", DayRange.Preset.allCases.randomElement(using: &rng)!.rawValue) }
        if maybe(15) { query.append("active_loans", ["0", "gt0"].randomElement(using: &rng)!) }
        if maybe(60) {
            query.append("sort", CustomerFilter.SortKey.allCases.randomElement(using: &rng)!.rawValue)
            query.append("dir", maybe(50) ? "asc" : "desc")
        }
        if maybe(40) { query.append("per_page", ["10", "20", "50"].randomElement(using: &rng)!) }
        if maybe(50) { query.append("page", String(Int.random(in: 1...8, using: &rng))) }
        return query
    }

    /// A fragment staff might remember: part of a name, phone digits, an ID, a city, or a short prefix.
    static func searchText(_ rng: inout SplitMix, _ customer: Customer) -> String {
        let name = customer.displayName
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:
            let start = Int.random(in: 0..<max(1, name.count - 3), using: &rng)
            return String(name.dropFirst(start).prefix(Int.random(in: 3...5, using: &rng))).trimmingCharacters(in: .whitespaces)
        case 1: return String(customer[text: "phone"].filter(\.isNumber).suffix(5))
        case 2: return customer.customerID!.description.lowercased()
        case 3: return String(customer[text: "city"].prefix(4)).uppercased() + " " + String(customer.lastName.suffix(3))
        case 4: return String(["bi", "la", "c", "ce", "j", "2", "po"].randomElement(using: &rng)!)
        default: return String(customer[text: "email"].prefix(3)) + " " + ["x", "1", "e"].randomElement(using: &rng)!
        }
    }

    static func randomDay(_ rng: inout SplitMix) -> String {
        String(format: "%04d-%02d-%02d", Int.random(in: 2023...2025, using: &rng), Int.random(in: 1...12, using: &rng), Int.random(in: 1...28, using: &rng))
    }

    // MARK: - The meaning, in plain Swift

    static func bruteForce(_ filter: CustomerFilter, _ customers: [Customer], today: Date) -> [Customer] {
        customers.filter { matches(filter, $0, today: today) }.sorted { before($0, $1, filter) }
    }

    static func matches(_ filter: CustomerFilter, _ c: Customer, today: Date) -> Bool {
        let words = filter.text.split(whereSeparator: \.isWhitespace).map(String.init)
        let long = words.filter { $0.count >= 3 }
        let short = words.filter { $0.count < 3 }
        let columns = searchColumns(c)
        for word in long where !columns.contains(where: { $0.contains(folded(word)) || $0.contains(withoutDiacritics(word)) }) {
            return false
        }
        let narrowed = !long.isEmpty || filter.name.count >= 3 || !filter.phone.isEmpty
            || filter.address.split(separator: " ").contains { $0.count >= 3 }
        for word in short {
            let start = asciiFolded(word)
            let name = narrowed
                ? (" " + asciiFolded(c.displayName)).contains(" " + start)
                : asciiFolded(c.displayName).hasPrefix(start) || asciiFolded(c.lastName).hasPrefix(start)
            if !(name || Int64(word) == c.id) { return false }
        }
        if !filter.name.isEmpty {
            if filter.name.count >= 3 {
                if !columns[0].contains(withoutDiacritics(filter.name)) { return false }
            } else if !asciiFolded(c.displayName).hasPrefix(asciiFolded(filter.name)) {
                return false
            }
        }
        if !filter.phone.isEmpty, !columns[1].contains(folded(filter.phone.filter(\.isNumber))) { return false }
        for word in filter.address.split(separator: " ") where word.count >= 3 {
            if !columns[3].contains(withoutDiacritics(String(word))) { return false }
        }
        if let statuses = filter.effectiveStatuses, !statuses.contains(c.status) { return false }
        if let kind = filter.kind, c.kind != kind { return false }
        if let from = filter.idFrom, c.id! < from { return false }
        if let to = filter.idTo, c.id! > to { return false }
        if let low = filter.balanceMin, c.balance < low { return false }
        if let high = filter.balanceMax, c.balance > high { return false }
        if !within(c.createdAt, filter.created, today: today) || !within(c.updatedAt, filter.modified, today: today) { return false }
        switch filter.activeLoans {
        case .none?: if c.activeLoans != 0 { return false }
        case .some?: if c.activeLoans == 0 { return false }
        case nil: break
        }
        return true
    }

    /// The four columns of the search index, built the way the store's view builds them, as the
    /// index compares them (lower case, names and addresses without diacritics).
    static func searchColumns(_ c: Customer) -> [String] {
        let digits = { (text: String) in text.filter { !" -+()./".contains($0) } }
        let other = c.kind == .legalEntity ? "\(c.firstName) \(c.lastName)".trimmingCharacters(in: .whitespaces) : c.companyName
        return [
            withoutDiacritics(c.displayName + " " + other),
            folded("\(c[text: "email"]) \(c[text: "phone"]) \(digits(c[text: "phone"]))"),
            folded("\(c.customerID!) \(c[text: "national_id"]) \(c[text: "id_number"]) \(digits(c[text: "national_id"])) \(digits(c[text: "id_number"]))"),
            withoutDiacritics("\(c[text: "address_line"]) \(c[text: "postal_code"]) \(c[text: "city"]) \(c[text: "region"]) \(c[text: "country"])"),
        ]
    }

    /// Names and addresses as the index holds them.
    static func withoutDiacritics(_ text: String) -> String { folded(SearchFolding.folded(text)) }

    static func within(_ stamp: String, _ range: DayRange, today: Date) -> Bool {
        let bounds = range.bounds(today: today)
        let day = String(stamp.prefix(10))
        if let from = bounds.from, day < from { return false }
        if let to = bounds.to, day > to { return false }
        return true
    }

    static func before(_ a: Customer, _ b: Customer, _ filter: CustomerFilter) -> Bool {
        func key(_ c: Customer) -> [UInt8] {
            switch filter.sort.rawValue {
            case "name": Array(asciiFolded(c.displayName).utf8)
            case "status": Array(c.status.rawValue.utf8)
            case "phone": Array(c[text: "phone"].utf8)
            case "email": Array(asciiFolded(c[text: "email"]).utf8)
            case "created": Array(c.createdAt.utf8)
            case "modified": Array(c.updatedAt.utf8)
            default: []  // id, and balance compared as a number below
            }
        }
        let ordered: Bool
        if filter.sort.rawValue == "balance", a.balance != b.balance {
            ordered = a.balance < b.balance
        } else if key(a) != key(b) {
            ordered = key(a).lexicographicallyPrecedes(key(b))
        } else {
            ordered = a.id! < b.id!
        }
        return filter.descending ? !ordered && a.id != b.id : ordered
    }

    /// FTS5 trigram folds case in every script.
    static func folded(_ text: String) -> String { text.lowercased() }

    /// SQLite's LIKE and NOCASE fold ASCII letters only.
    static func asciiFolded(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar
        }))
    }
}
