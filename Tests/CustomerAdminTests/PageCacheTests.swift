import Foundation
import Testing
@testable import CustomerAdmin

/// Pages kept between requests must never show what the store no longer holds, nor what belongs to
/// another user: a store on disk, written through this application's writer and through a second one
/// (as another process would).
@Suite struct PageCacheTests {
    let folder: URL
    let database: AppDatabase
    /// The same store opened again: its commits come from other connections, like `customer-admin import`.
    let otherProcess: AppDatabase
    let app: App

    let clock = TestClock()

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("memo-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("customers.sqlite").path
        database = try AppDatabase.open(path: path)
        otherProcess = try AppDatabase.open(path: path)
        try database.setStaff(Staff(userName: "vera", role: .viewer))
        app = App(database: database, clock: clock.read)
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
        func names(on day: String) throws -> String {
            clock.now = try #require(StoreDate.parseDay(day)).addingTimeInterval(12 * 3600)
            return try get("/customers?created=today").body
        }
        #expect(try names(on: "2026-03-02").contains("Jallow"))
        #expect(try !names(on: "2026-03-03").contains("Jallow"))
        #expect(try names(on: "2026-03-02").contains("Jallow"))
    }

    /// The page cache's key holds the role: the same filter for a manager and then a viewer on one
    /// thread, and neither sees the other's token, name or role-only buttons; a page asked for again
    /// is not read again until a commit.
    @Test func managerAndViewerNeverSeeEachOthersTokensOrButtons() throws {
        defer { cleanUp() }
        try database.setStaff(Staff(userName: "omar", role: .manager))
        try person("Jallow", in: database)
        func page(_ user: String) throws -> String {
            try app.handle(Request("GET", "/customers?q=jal", user: user)).bodyText()
        }
        let manager = try page("omar")
        let viewer = try page("vera")
        let managerToken = try #require(Self.token(manager))
        let viewerToken = try #require(Self.token(viewer))
        #expect(managerToken != viewerToken)
        #expect(manager.contains("Jallow") && viewer.contains("Jallow"))
        #expect(!viewer.contains(managerToken) && !viewer.contains("omar"))
        #expect(!manager.contains(viewerToken) && !manager.contains("vera"))
        // Asked again (now from the cache): still their own, and every form gets a fresh submission key.
        let again = try page("vera")
        #expect(Self.token(again) == viewerToken && !again.contains(managerToken))
        #expect(Self.submissionKeys(again).isDisjoint(with: Self.submissionKeys(viewer)))

        // Role-only buttons through the cache itself, with a page that shows one to managers.
        var reads = 0
        func render(_ role: Role) throws -> String {
            let key = PageCache.Key(page: .listing, role: role, day: 1, filter: CustomerFilter(), columns: [])
            return try app.pages.page(key, database: database, read: { store in
                reads += 1
                return try store.versionedRead { _ in role }
            }, render: { role in
                "<h1>Customers</h1>\(HTML.when(role >= .manager, "<button>Change status</button>"))"
            }).filled { FormTicket(csrf: "", submission: "") }.rendered
        }
        #expect(try render(.manager).contains("Change status"))
        #expect(try !render(.viewer).contains("Change status"))
        #expect(try render(.manager).contains("Change status"))
        #expect(reads == 2, "a page asked for again is a cache check, not a read")
        try person("Ceesay", in: otherProcess)
        #expect(try !render(.viewer).contains("Change status"))
        #expect(reads == 3)
    }

    static func token(_ page: String) -> String? {
        page.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/).map { String($0.output.1) }
    }

    static func submissionKeys(_ page: String) -> Set<String> {
        Set(page.matches(of: /name="submission" value="([0-9a-f]+)"/).map { String($0.output.1) })
    }

    @Test func keepsTheMostRecentlyUsedEntries() {
        let connection = NSObject()
        func at(_ version: Int) -> StoreVersion { StoreVersion(connection: ObjectIdentifier(connection), dataVersion: version) }
        let memo = StoreMemo<AnyHashable, Int>()
        for key in 0..<memo.capacity { memo.keep(key * 10, for: key, at: at(1)) }
        #expect(memo.value(for: 0, at: at(1)) == 0)
        memo.keep(-1, for: "newest", at: at(1))
        #expect(memo.value(for: 0, at: at(1)) == 0)
        #expect(memo.value(for: 1, at: at(1)) == nil)
        #expect(memo.value(for: "newest", at: at(1)) == -1)
        #expect(memo.value(for: 0, at: at(2)) == nil)
        memo.keep(7, for: "other version", at: at(2))
        #expect(memo.value(for: 0, at: at(2)) == nil)
        #expect(memo.value(for: "other version", at: at(2)) == 7)
        // The same number on another connection is another version.
        let other = StoreVersion(connection: ObjectIdentifier(NSObject()), dataVersion: 2)
        #expect(memo.value(for: "other version", at: other) == nil)
    }
}

/// A clock the test moves; the app reads it for every request.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date()

    var now: Date {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }

    var read: @Sendable () -> Date { { [self] in now } }
}
