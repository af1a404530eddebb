import Foundation
import GRDB
import Testing
@testable import CustomerAdmin

/// `customer-admin seed`: deterministic, realistic, lifecycle-consistent demo customers.
@Suite struct DemoDataTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    private func seeded(_ count: Int) throws -> (AppDatabase, [Customer]) {
        let database = try AppDatabase.inMemory()
        try database.addDemoCustomers(count, now: now)
        let customers = try database.reader.read { db in try Customer.orderByPrimaryKey().fetchAll(db) }
        return (database, customers)
    }

    @Test func sameCountGivesTheSameCustomers() throws {
        let (_, first) = try seeded(200)
        let (_, second) = try seeded(200)
        #expect(first.count == 200)
        #expect(first == second)
    }

    @Test func aSecondSeedContinuesInsteadOfRepeating() throws {
        let database = try AppDatabase.inMemory()
        try database.addDemoCustomers(20, now: now)
        try database.addDemoCustomers(20, now: now)
        let (_, forty) = try seeded(40)
        let twice = try database.reader.read { db in try Customer.orderByPrimaryKey().fetchAll(db) }
        #expect(twice == forty)
    }

    @Test func progressIsReportedPerHundredThousandAndAtTheEnd() throws {
        var reported: [Int] = []
        try AppDatabase.inMemory().addDemoCustomers(30, now: now) { reported.append($0) }
        #expect(reported == [30])
    }

    @Test func statusesAreSpreadLikeARealBook() throws {
        let (_, customers) = try seeded(2_000)
        let share = { (status: Status) in Double(customers.count { $0.status == status }) / Double(customers.count) }
        #expect(abs(share(.newbie) - 0.15) < 0.03)
        #expect(abs(share(.prospect) - 0.15) < 0.03)
        #expect(abs(share(.customer) - 0.50) < 0.04)
        #expect(abs(share(.dormant) - 0.10) < 0.03)
        #expect(abs(share(.blocked) - 0.04) < 0.02)
        #expect(abs(share(.closed) - 0.06) < 0.02)
        let companies = Double(customers.count { $0.kind == .legalEntity }) / Double(customers.count)
        #expect(abs(companies - 0.10) < 0.03)
    }

    @Test func everyCustomerHasTheMinimumDataOfItsStatus() throws {
        let (_, customers) = try seeded(1_000)
        for customer in customers {
            #expect(!customer.displayName.isEmpty)
            guard customer.status != .newbie else { continue }
            #expect(!customer[text: "national_id"].isEmpty && !customer[text: "id_type"].isEmpty && !customer[text: "id_number"].isEmpty, "\(customer)")
            #expect(!customer[text: "address_line"].isEmpty && !customer[text: "city"].isEmpty && !customer[text: "country"].isEmpty, "\(customer)")
            if customer.kind == .individual {
                #expect(StoreDate.parseDay(customer.birthDate) != nil, "\(customer)")
            }
        }
    }

    @Test func accountsFollowTheLifecycle() throws {
        let (_, customers) = try seeded(1_000)
        for customer in customers where customer.status.isPreCustomer {
            #expect(customer.balance == 0 && customer.activeLoans == 0)
        }
        let active = customers.filter { $0.status == .customer }
        #expect(active.contains { $0.balance > 0 } && active.contains { $0.balance < 0 } && active.contains { $0.balance == 0 })
        #expect(active.allSatisfy { (0...4).contains($0.activeLoans) })
        #expect(active.contains { $0.activeLoans == 0 } && active.contains { $0.activeLoans > 0 })
    }

    @Test func datesAreStoreTimestampsInOrderAndSomeRecent() throws {
        let (_, customers) = try seeded(1_000)
        let stamp = StoreDate.timestamp(now)
        let weekAgo = StoreDate.timestamp(now.addingTimeInterval(-7 * 86_400))
        let eightYearsAgo = StoreDate.timestamp(now.addingTimeInterval(-8 * 366 * 86_400))
        for customer in customers {
            #expect(customer.createdAt.wholeMatch(of: /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/) != nil)
            #expect(customer.createdAt >= eightYearsAgo && customer.createdAt <= customer.updatedAt && customer.updatedAt <= stamp)
        }
        #expect(customers.count { $0.updatedAt >= weekAgo } >= 20)
    }

    @Test func fourCountriesWithTheirOwnScriptsAndFormats() throws {
        let (_, customers) = try seeded(400)
        #expect(Set(customers.map { $0[text: "country"] }).isSuperset(of: ["The Gambia", "Colombia", "Russia", "Romania"]))
        let phones = [
            "The Gambia": /\+220 \d{3}-\d{4}/, "Colombia": /\+57 3\d\d \d{3} \d{4}/,
            "Russia": /\+7 9\d\d \d{3}-\d\d-\d\d/, "Romania": /\+40 7\d\d \d{3} \d{3}/,
        ]
        for customer in customers where !customer[text: "phone"].isEmpty && !customer[text: "country"].isEmpty {
            #expect(customer[text: "phone"].wholeMatch(of: phones[customer[text: "country"]]!) != nil, "\(customer[text: "phone"])")
        }
        #expect(customers.contains { $0[text: "country"] == "Russia" && $0.lastName.unicodeScalars.allSatisfy { $0.properties.isAlphabetic && !$0.isASCII } })
        #expect(customers.contains { $0.displayName.contains(where: { "ăâîșțĂÂÎȘȚ".contains($0) }) })
        #expect(customers.allSatisfy { $0[text: "email"].isEmpty || $0[text: "email"].allSatisfy(\.isASCII) })
    }

    /// So the demo's records can be edited and saved as they are, and export and import round-trip.
    @Test func everyChoiceTheDemoMakesIsInItsDirectory() throws {
        let (database, _) = try seeded(2_000)
        try database.addDemoGroups(customersFrom: 1, now: now)
        try database.reader.read { db in
            let directories = try AppDatabase.directoryLists(db)
            let columns = database.catalog.fields.filter(\.isWritten).map { ("customers", $0) }
            let items = database.catalog.groups.flatMap { group in group.fields.map { (group.table, $0) } }
            for (table, field) in columns + items {
                guard case .choice(let directory) = field.type else { continue }
                let values = try String.fetchAll(db, sql: "SELECT DISTINCT \(field.name) FROM \(table) WHERE \(field.name) <> ''")
                #expect(!values.isEmpty, "\(table).\(field.name)")
                for value in values {
                    #expect(directories.value(for: value, in: directory) == value, "\(table).\(field.name) = \(value)")
                }
            }
        }
    }

    @Test func hostileValuesAreIncluded() throws {
        let (_, customers) = try seeded(200)
        #expect(customers.contains { $0.kind == .legalEntity && $0.companyName == "<script>alert(1)</script> SRL" })
        #expect(customers.contains { $0.lastName == "O'Brien" })
        #expect(customers.contains { $0[text: "address_line"] == "=1+2 Main St" })
    }

    @Test func romanianPersonalNumbersCarryBirthDateAndCheckDigit() throws {
        let (_, customers) = try seeded(400)
        let romanians = customers.filter { $0[text: "country"] == "Romania" && $0.kind == .individual && !$0[text: "national_id"].isEmpty && !$0.birthDate.isEmpty }
        #expect(!romanians.isEmpty)
        for customer in romanians {
            let cnp = customer[text: "national_id"].compactMap(\.wholeNumberValue)
            let birth = customer.birthDate.replacingOccurrences(of: "-", with: "").dropFirst(2)
            #expect(cnp.count == 13 && String(customer[text: "national_id"].dropFirst().prefix(6)) == birth)
            let sum = zip(cnp, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]).reduce(0) { $0 + $1.0 * $1.1 } % 11
            #expect(cnp[12] == (sum == 10 ? 1 : sum))
        }
    }

    @Test func countersAndSearchIndexFollowTheRows() throws {
        let (database, customers) = try seeded(500)
        #expect(try database.totalsByStatus() == Dictionary(grouping: customers, by: \.status).mapValues(\.count))
        let withPhone = try #require(customers.last { !$0[text: "phone"].isEmpty })
        let digits = String(withPhone[text: "phone"].filter(\.isNumber).suffix(7))
        let found = try database.reader.read { db in
            try Int64.fetchAll(db, sql: "SELECT rowid FROM customer_search WHERE customer_search MATCH ?", arguments: ["\"\(digits)\""])
        }
        #expect(found.contains(withPhone.id!))
    }

    /// The first load builds indexes at the end; the schema must come back exactly and later rows
    /// (indexed row by row) must be found as well as the first ones.
    @Test func bulkLoadIntoAnEmptyStoreKeepsEveryIndex() throws {
        let schema = { (database: AppDatabase) in
            try database.reader.read { db in
                try String.fetchAll(db, sql: "SELECT type || ' ' || name || ' ' || sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            }
        }
        let database = try AppDatabase.inMemory()
        let migrated = try schema(database)
        try database.addDemoCustomers(50, now: now)
        #expect(try schema(database) == migrated)
        try database.addDemoCustomers(50, now: now)
        let customers = try database.reader.read { db in try Customer.orderByPrimaryKey().fetchAll(db) }
        try database.writer.write { db in
            try db.execute(sql: "INSERT INTO customer_search(customer_search) VALUES ('integrity-check')")
        }
        for customer in [customers[0], customers[99]] {
            let found = try database.reader.read { db in
                try Int64.fetchAll(
                    db, sql: "SELECT rowid FROM customer_search WHERE customer_search MATCH ?",
                    arguments: ["\"\(customer.customerID!.description)\""])
            }
            #expect(found == [customer.id!])
        }
    }

    /// Seeds 001/003: customers accepted the keeping of their data when onboarded, most also its
    /// commercial use; pre-customers often have not yet. Never before they were created, never in the future.
    @Test func consentDatesFollowTheLifecycle() throws {
        let (_, customers) = try seeded(2_000)
        func share(_ group: [Customer], _ field: String) -> Double {
            Double(group.filter { !$0[text: field].isEmpty }.count) / Double(group.count)
        }
        let pre = customers.filter { $0.status.isPreCustomer }
        let onboarded = customers.filter { !$0.status.isPreCustomer }
        #expect(share(onboarded, "personal_data_accepted_on") > 0.9)
        #expect((0.5...0.85).contains(share(onboarded, "commercial_approval_on")))
        #expect((0.2...0.6).contains(share(pre, "personal_data_accepted_on")))
        let today = StoreDate.day(now)
        for customer in customers {
            let accepted = customer[text: "personal_data_accepted_on"]
            let approved = customer[text: "commercial_approval_on"]
            if accepted.isEmpty { #expect(approved.isEmpty) } else {
                #expect(accepted >= String(customer.createdAt.prefix(10)) && accepted <= today, "\(accepted)")
            }
        }
    }
}
