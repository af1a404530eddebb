import Foundation
import Testing
@testable import CustomerAdmin

/// What `App` answers whatever the route: HEAD, a body over the limit, the reason phrases.
@Suite struct AppAnswerTests {
    let app: App

    init() throws {
        let database = try AppDatabase.inMemory()
        try database.setStaff(Staff(userName: "vera", role: .viewer))
        app = App(database: database)
    }

    @Test func headIsTheGetWithoutItsBody() throws {
        let get = app.handle(Request("GET", "/customers", user: "vera"))
        let head = app.handle(Request("HEAD", "/customers", user: "vera"))
        let body = try get.collectBody()
        #expect(head.status == 200)
        #expect(try head.collectBody().isEmpty)
        #expect(head.header("Content-Type") == get.header("Content-Type"))
        #expect(head.header("Content-Length") == String(body.count))
    }

    @Test func headOfADownloadKeepsItsHeadersAndSendsNothing() throws {
        let head = app.handle(Request("HEAD", "/customers.csv", user: "vera"))
        #expect(head.status == 200)
        #expect(head.header("Content-Disposition")?.hasPrefix("attachment") == true)
        #expect(try head.collectBody().isEmpty)
    }

    @Test func headOfAMissingPageIsA404() throws {
        let head = app.handle(Request("HEAD", "/nowhere", user: "vera"))
        #expect(head.status == 404)
        #expect(try head.collectBody().isEmpty)
    }

    @Test(arguments: ["GET", "POST", "HEAD"])
    func aBodyOverTheLimitGetsThe413Page(method: String) throws {
        var request = Request(method, "/customers", user: "vera")
        request.bodyOverLimit = 1024
        let response = app.handle(request)
        #expect(response.status == 413)
        #expect(response.header("Content-Type") == "text/html; charset=utf-8")
        if method != "HEAD" {
            let page = try response.bodyText()
            #expect(page.contains("413 · Content Too Large"))
            #expect(page.contains("at most 1024 bytes"))
        }
    }

    @Test func everyStatusHasAReasonPhrase() {
        #expect(HTTPStatus.reason(404) == "Not Found")
        #expect(HTTPStatus.reason(413) == "Content Too Large")
        #expect(HTTPStatus.reason(429) == "Too Many Requests")
        #expect(HTTPStatus.reason(418) == "Client Error")
        #expect(HTTPStatus.reason(599) == "Server Error")
        #expect(HTTPError.notFound.reason == "Not Found")
    }
}
