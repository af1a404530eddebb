import Foundation
import GRDB
import Testing
@testable import CustomerAdmin

/// The one guard of every form post, on the real `POST /preferences/page-size`: the route table's
/// methods and roles, the CSRF token, the site the post came from, and a form posted twice.
@Suite struct GuardTests {
    let database: AppDatabase
    let clock = TestClock()
    let app: App
    static let host = "customers.example.test"

    init() throws {
        database = try AppDatabase.inMemory()
        for (user, role) in [("vera", Role.viewer), ("otto", .officer), ("omar", .manager), ("ada", .admin)] {
            try database.setStaff(Staff(userName: user, role: role))
        }
        clock.now = try #require(StoreDate.parseDay("2026-05-20")).addingTimeInterval(9 * 3600)
        app = App(database: database, clock: clock.read)
    }

    /// The posts the responder serves on its write threads are exactly the guard's writing ones: not
    /// the PDF export (a file, CPU-bound), not reads, not unknown addresses.
    @Test func onlyPostsThatWriteTheStoreWaitForTheWriter() {
        for path in ["/customers", "/customers/CUST0000001", "/customers/CUST0000001/notes", "/customers/CUST0000001/status",
            "/customers/status", "/preferences/page-size", "/preferences/columns", "/staff", "/directories"] {
            #expect(app.waitsForTheWriter(method: "POST", path: path), "\(path)")
            #expect(!app.waitsForTheWriter(method: "GET", path: path), "\(path)")
        }
        for path in ["/customers/export", "/customers.csv", "/healthz", "/nowhere", "/customers/CUST0000001/audit", "", "/../.."] {
            #expect(!app.waitsForTheWriter(method: "POST", path: path), "\(path)")
        }
    }

    // MARK: - Helpers

    /// This user's token as the listing's page-size form carries it, on the clock's day.
    private func token(_ user: String) throws -> String {
        let page = try app.handle(Request("GET", "/customers", user: user)).bodyText()
        return try #require(PageCacheTests.token(page))
    }

    private func post(
        _ user: String?, _ fields: [(String, String)], path: String = "/preferences/page-size",
        headers: [String: String] = [:]
    ) -> Response {
        var body = Parameters()
        for (name, value) in fields { body.append(name, value) }
        var all = ["content-type": "application/x-www-form-urlencoded", "host": Self.host]
        all.merge(headers) { $1 }
        return app.handle(Request(method: "POST", path: path, headers: all, remoteUser: user, body: Array(body.encoded.utf8)))
    }

    private func pageSize(_ user: String?, token: String? = nil, key: String = CSRFTokens.submissionKey(),
                          size: String = "50", headers: [String: String] = [:]) throws -> Response {
        var fields = [("per_page", size), ("submission", key), ("q", "ali"), ("section", "pre")]
        if let token { fields.append(("csrf", token)) }
        return post(user, fields, headers: headers)
    }

    private func preferredSize(_ user: String) throws -> Int? {
        try database.staffMember(userName: user)?.preferences.pageSize
    }

    private func expectRefused(_ response: Response, _ status: Int, saying words: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(response.status == status, sourceLocation: sourceLocation)
        let body = try response.bodyText()
        #expect(body.contains(words), "\(body)", sourceLocation: sourceLocation)
    }

    // MARK: - The real route, end to end in process

    @Test func aGoodPostKeepsThePreferenceAndGoesBackToTheListing() throws {
        let response = try pageSize("vera", token: token("vera"))
        #expect(response.status == 303)
        #expect(response.header("Location") == "/customers?q=ali&section=pre")
        #expect(try preferredSize("vera") == 50)
        // The listing now shows 50 rows per page to vera, unless the address says otherwise, and not to others.
        let listing = try app.handle(Request("GET", "/customers", user: "vera")).bodyText()
        #expect(listing.contains("<option value=\"50\" selected>"))
        let explicit = try app.handle(Request("GET", "/customers?per_page=10", user: "vera")).bodyText()
        #expect(explicit.contains("<option value=\"10\" selected>"))
        let other = try app.handle(Request("GET", "/customers", user: "omar")).bodyText()
        #expect(other.contains("<option value=\"20\" selected>"))
    }

    @Test func aSizeThatIsNotOfferedIsRefusedAndNothingIsKept() throws {
        for size in ["7", "", "abc", "99999999999999999999999", "-20", "1e3"] {
            try expectRefused(try pageSize("vera", token: token("vera"), size: size), 422, saying: "Rows per page must be one of 10, 20, 50, 100")
        }
        #expect(try preferredSize("vera") == nil)
    }

    // MARK: - CSRF matrix

    @Test func tokensAreRefusedUnlessTheyAreThisUsersOfTodayOrYesterday() throws {
        let today = CSRFTokens.day(clock.now)
        try expectRefused(try pageSize("vera", token: nil), 403, saying: "security token is missing")
        try expectRefused(try pageSize("vera", token: ""), 403, saying: "security token is missing")
        for wrong in [String(repeating: "0", count: 64), "zz", String(repeating: "a", count: 10_000), "<script>", "\u{0}"] {
            try expectRefused(try pageSize("vera", token: wrong), 403, saying: "invalid or expired")
        }
        try expectRefused(try pageSize("vera", token: token("omar")), 403, saying: "invalid or expired")
        try expectRefused(try pageSize("vera", token: app.tokens.token(for: "vera", day: today - 2)), 403, saying: "invalid or expired")
        try expectRefused(try pageSize("vera", token: app.tokens.token(for: "vera", day: today + 1)), 403, saying: "invalid or expired")
        #expect(try preferredSize("vera") == nil)

        #expect(try pageSize("vera", token: app.tokens.token(for: "vera", day: today - 1)).status == 303)
        // A form rendered yesterday evening still posts this morning; two days later it does not.
        let yesterdays = try token("vera")
        clock.now += 86_400
        #expect(try pageSize("vera", token: yesterdays).status == 303)
        clock.now += 86_400
        try expectRefused(try pageSize("vera", token: yesterdays), 403, saying: "invalid or expired")
    }

    @Test func postsFromAnotherSiteAreRefused() throws {
        let token = try token("vera")
        for headers in [
            ["origin": "https://evil.example"], ["origin": "null"], ["origin": "http://\(Self.host).evil.example"],
            ["origin": "http://\(Self.host)@evil.example"], ["origin": "garbage"],
            ["sec-fetch-site": "cross-site"], ["sec-fetch-site": "same-site"],
            ["origin": "https://evil.example", "sec-fetch-site": "same-origin"],
            ["host": "h.test:8080", "origin": "http://h.test:9090"], ["host": "h.test", "origin": "http://evil.test:8080"],
            ["host": "[::1]", "origin": "http://[::2]:8080"],
        ] {
            try expectRefused(try pageSize("vera", token: token, headers: headers), 403, saying: "Cross-site request refused")
        }
        #expect(try preferredSize("vera") == nil)
        for headers in [["origin": "http://\(Self.host)"], ["origin": "HTTPS://\(Self.host.uppercased())"], ["sec-fetch-site": "same-origin"], [:],
                        // Debian's nginx passes the host without its port.
                        ["host": "h.test", "origin": "http://h.test:8080"], ["host": "[::1]:8080", "origin": "http://[::1]:8080"]] {
            #expect(try pageSize("vera", token: token, headers: headers).status == 303, "\(headers)")
        }
    }

    @Test func aPostNeedsASignedInUserWithARole() throws {
        let token = try token("vera")
        try expectRefused(try pageSize(nil, token: token), 403, saying: "needs a signed-in user")
        try expectRefused(try pageSize("mallory", token: token), 403, saying: "has no role")
    }

    /// The route table decides: each role against a POST route whose least role is a manager.
    @Test func theRoutesLeastRoleDecides() throws {
        var acted: [String] = []
        let table: ([String]) -> [Endpoint]? = { path in
            path == ["lifecycle"] ? [.post(.changeStatus) { post, _ in acted.append(post.staff.userName); return .redirect(to: "/done") }] : nil
        }
        func send(_ user: String) throws -> (status: Int, message: String) {
            let body = "csrf=\(try app.tokens.token(for: user, day: CSRFTokens.day(clock.now)))&submission=\(CSRFTokens.submissionKey())"
            let request = Request(method: "POST", path: "/lifecycle", headers: ["content-type": "application/x-www-form-urlencoded"],
                                  remoteUser: user, body: Array(body.utf8))
            do { return (try app.route(request, endpoints: table).status, "") } catch let error as HTTPError { return (error.status, error.message) }
        }
        #expect(try send("vera") == (403, "Your role, viewer, may not change a customer's status; that needs the manager role."))
        #expect(try send("otto") == (403, "Your role, officer, may not change a customer's status; that needs the manager role."))
        #expect(try send("omar") == (303, ""))
        #expect(try send("ada") == (303, ""))
        #expect(acted == ["omar", "ada"])
    }

    // MARK: - Double submit

    @Test func aFormPostedTwiceActsOnceAndAnswersTheSame() throws {
        let token = try token("vera")
        let key = CSRFTokens.submissionKey()
        let first = try pageSize("vera", token: token, key: key, size: "50")
        // The second post of the same form (here even with other values) gets the first answer and does nothing.
        let second = post("vera", [("per_page", "100"), ("csrf", token), ("submission", key), ("q", "other")])
        #expect(first.status == 303 && second.status == 303)
        #expect(second.header("Location") == first.header("Location"))
        #expect(try preferredSize("vera") == 50)
        // Another form is another key; another user's key is theirs alone.
        #expect(try pageSize("vera", token: token, size: "100").status == 303)
        #expect(try preferredSize("vera") == 100)
        #expect(try pageSize("omar", token: self.token("omar"), key: key, size: "10").status == 303)
        #expect(try preferredSize("omar") == 10)
        #expect(try database.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM form_submissions") } == 3)
    }

    @Test func aRefusedFormIsNotKeptSoItCanBeSentAgain() throws {
        let token = try token("vera")
        let key = CSRFTokens.submissionKey()
        #expect(try pageSize("vera", token: token, key: key, size: "7").status == 422)
        #expect(try pageSize("vera", token: token, key: key, size: "10").status == 303)
        #expect(try preferredSize("vera") == 10)
    }

    @Test func aSubmissionKeyIsRequiredAndWellFormed() throws {
        let token = try token("vera")
        for key in ["", "short", String(repeating: "g", count: 32), String(repeating: "A", count: 32), String(repeating: "a", count: 33)] {
            try expectRefused(try pageSize("vera", token: token, key: key), 400, saying: "no valid submission key")
        }
        try expectRefused(post("vera", [("per_page", "50"), ("csrf", token)]), 400, saying: "no valid submission key")
    }

    @Test func keptAnswersOlderThanATokenAreDropped() throws {
        let token = try token("vera")
        let key = CSRFTokens.submissionKey()
        #expect(try pageSize("vera", token: token, key: key).status == 303)
        clock.now += 3 * 86_400
        #expect(try pageSize("vera", token: self.token("vera")).status == 303)
        let keys = try database.reader.read { try String.fetchAll($0, sql: "SELECT submission_key FROM form_submissions") }
        #expect(!keys.contains(key) && keys.count == 1)
    }

    // MARK: - Bodies, methods and routes

    @Test func multipartPostsPassTheSameGuard() throws {
        let token = try token("vera")
        let boundary = "----form-boundary-7MA4YWxkTrZu0gW"
        let body = Multipart.encode([
            Multipart.Part(name: "per_page", body: Array("100".utf8)),
            Multipart.Part(name: "csrf", body: Array(token.utf8)),
            Multipart.Part(name: "submission", body: Array(CSRFTokens.submissionKey().utf8)),
        ], boundary: boundary)
        let response = app.handle(Request(
            method: "POST", path: "/preferences/page-size",
            headers: ["content-type": "multipart/form-data; boundary=\(boundary)"], remoteUser: "vera", body: body))
        #expect(response.status == 303)
        #expect(try preferredSize("vera") == 100)
    }

    @Test func bodiesThatAreNotFormsAreRefused() throws {
        let token = try token("vera")
        let fields = "per_page=50&csrf=\(token)&submission=\(CSRFTokens.submissionKey())"
        func send(_ contentType: String?, _ body: [UInt8]) -> Int {
            app.handle(Request(method: "POST", path: "/preferences/page-size",
                               headers: contentType.map { ["content-type": $0] } ?? [:], remoteUser: "vera", body: body)).status
        }
        #expect(send(nil, Array(fields.utf8)) == 415)
        #expect(send("text/plain", Array(fields.utf8)) == 415)
        #expect(send("application/json", Array("{}".utf8)) == 415)
        #expect(send("application/x-www-form-urlencoded", Array(fields.utf8) + [0xFF, 0xFE]) == 400)
        #expect(send("application/x-www-form-urlencoded", Array("per_page=%zz".utf8)) == 400)
        #expect(send("multipart/form-data", Array(fields.utf8)) == 400)
        #expect(send("multipart/form-data; boundary=x", Array(fields.utf8)) == 400)
        #expect(send("Application/X-WWW-Form-Urlencoded; charset=UTF-8", Array(fields.utf8)) == 303)
        #expect(try preferredSize("vera") == 50)
    }

    @Test func aMethodTheRouteDoesNotTakeIs405WithTheAllowedOnes() throws {
        let get = app.handle(Request("GET", "/preferences/page-size?per_page=50&csrf=x", user: "vera"))
        #expect(get.status == 405)
        #expect(get.header("Allow") == "POST")
        #expect(try get.bodyText().contains("it takes POST"))
        #expect(try preferredSize("vera") == nil, "a GET never writes")

        for method in ["PUT", "DELETE", "PATCH"] {
            let response = app.handle(Request(method: method, path: "/customers", remoteUser: "vera"))
            #expect(response.status == 405, "\(method)")
            #expect(response.header("Allow") == "GET, HEAD, POST")
            #expect(try response.bodyText().contains("it takes GET, HEAD, POST"))
        }
        #expect(app.handle(Request(method: "HEAD", path: "/customers", remoteUser: "vera")).status == 200)
        // Who is not signed in learns nothing about the address.
        #expect(app.handle(Request(method: "DELETE", path: "/customers")).status == 403)
    }

    @Test func namedPagesUnderCustomersAreNotTakenForIDs() throws {
        let response = app.handle(Request("GET", "/customers/new?kind=individual", user: "otto"))
        #expect(response.status == 200)
        #expect(try !response.bodyText().contains("no customer"))
        #expect(app.handle(Request("GET", "/customers/new", user: "vera")).status == 403)
        #expect(try app.handle(Request("GET", "/customers/export", user: "vera")).bodyText().contains("Export customers to PDF"))
        #expect(try app.handle(Request("GET", "/customers/CUST9999999", user: "vera")).bodyText().contains("There is no customer"))
        #expect(app.handle(Request("GET", "/healthz")).status == 200)
        #expect(app.handle(Request(method: "POST", path: "/healthz")).status == 405)
    }
}
