import Foundation
import Testing
@testable import CustomerAdmin

/// Pages kept between requests must never show what the store no longer holds: a store on disk,
/// written through this application's writer and through a second one (as another process would).
@Suite struct StoreMemoTests {
    let folder: URL
    let database: AppDatabase
    /// The same store opened again: its commits come from other connections, like `customer-admin import`.
    let otherProcess: AppDatabase
    let app: App

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("memo-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("customers.sqlite").path
        database = try AppDatabase.open(path: path)
        otherProcess = try AppDatabase.open(path: path)
        try database.setStaff(Staff(userName: "vera", role: .viewer))
        app = App(database: database)
    }

    private func cleanUp() { try? FileManager.default.removeItem(at: folder) }

    private func get(_ target: String, headers: [String: String] = [:]) throws -> (status: Int, body: String) {
        let response = app.handle(Request("GET", target, user: "vera", headers: headers))
        return (response.status, try response.bodyText())
    }

    @discardableResult
    private func person(_ last: String, in store: AppDatabase, created: String = "2026-01-10 09:00:00") throws -> Customer {
        var customer = Customer(kind: .individual, status: .customer)
        customer.lastName = last
        customer.createdAt = created
        return try store.create(customer)
    }

    @Test func readsAgainOnlyAfterACommit() throws {
        defer { cleanUp() }
        var reads = 0
        func read() throws -> Int {
            try database.memoized("count") { db in
                reads += 1
                return try Int.fetchOne(db, sql: "SELECT count(*) FROM customers") ?? -1
            }
        }
        #expect(try read() == 0)
        #expect(try read() == 0)
        #expect(reads == 1)
        try person("Jallow", in: database)
        #expect(try read() == 1)
        try person("Ceesay", in: otherProcess)
        #expect(try read() == 2)
        #expect(try read() == 2)
        #expect(reads == 3)
    }

    @Test func listingShowsCustomersAddedByThisAndOtherConnections() throws {
        defer { cleanUp() }
        try person("Jallow", in: database)
        #expect(try get("/customers").body.contains("Jallow"))
        #expect(try get("/customers", headers: ["x-fragment": "results"]).body.contains("Jallow"))

        try person("Ceesay", in: otherProcess)
        let page = try get("/customers").body
        let results = try get("/customers", headers: ["x-fragment": "results"]).body
        #expect(page.contains("<!doctype html>") && !results.contains("<!doctype html>"))
        for body in [page, results] {
            #expect(body.contains("Ceesay"))
            #expect(body.contains("Showing 1–2 of 2"))
        }
    }

    @Test func fragmentAndWholePageAreKeptApart() throws {
        defer { cleanUp() }
        try person("Jallow", in: database)
        #expect(try get("/customers").body.contains("<!doctype html>"))
        #expect(try !get("/customers", headers: ["x-fragment": "results"]).body.contains("<!doctype html>"))
        #expect(try get("/customers").body.contains("<!doctype html>"))
    }

    /// A refused value leaves the same canonical query as no value; the message must not leak either way.
    @Test func messagesForBadValuesBelongToTheirOwnRequest() throws {
        defer { cleanUp() }
        let message = "is not a date of the calendar"
        #expect(try !get("/customers").body.contains(message))
        #expect(try get("/customers?created_from=2025-02-30").body.contains(message))
        #expect(try !get("/customers").body.contains(message))
    }

    @Test func signedInUserIsNotKeptWithThePage() throws {
        defer { cleanUp() }
        try database.setStaff(Staff(userName: "omar", role: .manager))
        _ = try get("/customers")
        let response = app.handle(Request("GET", "/customers", user: "omar"))
        let body = try response.bodyText()
        #expect(body.contains("<span class=\"user\">omar</span> <span class=\"role\">manager</span>"))
        #expect(!body.contains("vera"))
    }

    @Test func roleTakenAwayByAnotherProcessApplies() throws {
        defer { cleanUp() }
        #expect(try get("/customers").status == 200)
        #expect(try otherProcess.removeStaff(userName: "vera"))
        #expect(try get("/customers").status == 403)
    }

    @Test func datePresetsCountFromTheDayOfTheRequest() throws {
        defer { cleanUp() }
        try person("Jallow", in: database, created: "2026-03-02 10:00:00")
        var filter = CustomerFilter()
        filter.created.preset = .today
        func names(on day: String) throws -> [String] {
            let today = try #require(StoreDate.parseDay(day)).addingTimeInterval(12 * 3600)
            return try database.listing(filter, view: "names", today: today) { $0.customers.map(\.lastName) }
        }
        #expect(try names(on: "2026-03-02") == ["Jallow"])
        #expect(try names(on: "2026-03-03") == [])
        #expect(try names(on: "2026-03-02") == ["Jallow"])
    }

    @Test func keepsTheMostRecentlyUsedEntries() {
        let memo = StoreMemo()
        for key in 0..<StoreMemo.capacity { memo.keep(key * 10, for: key, at: 1) }
        #expect(memo.value(for: 0, at: 1) as? Int == 0)
        memo.keep(-1, for: "newest", at: 1)
        #expect(memo.value(for: 0, at: 1) as? Int == 0)
        #expect(memo.value(for: 1, at: 1) == nil)
        #expect(memo.value(for: "newest", at: 1) as? Int == -1)
        #expect(memo.value(for: 0, at: 2) == nil)
        memo.keep(7, for: "other version", at: 2)
        #expect(memo.value(for: 0, at: 2) == nil)
        #expect(memo.value(for: "other version", at: 2) as? Int == 7)
    }
}
