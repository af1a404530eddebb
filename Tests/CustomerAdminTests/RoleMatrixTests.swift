import Foundation
import Testing
@testable import CustomerAdmin

/// Issue 13, point 5: every route × every role × with and without a valid token. The expected least
/// role of each route is written here, apart from the Permission table, so the table is checked
/// rather than restated.
@Suite struct RoleMatrixTests {
    let database: AppDatabase
    let app: App
    let clock = TestClock()
    static let users: [Role: String] = [.viewer: "vera", .officer: "otto", .manager: "omar", .admin: "ada"]

    init() throws {
        database = try ProductFixtures.known()
        for (role, user) in Self.users { try database.setStaff(Staff(userName: user, role: role)) }
        clock.now = ProductFixtures.now
        app = App(database: database, clock: clock.read)
    }

    /// Every address of the URL contract with the least role DESIGN.md gives it.
    static let reads: [(path: String, least: Role)] = [
        ("/customers", .viewer), ("/customers.csv", .viewer), ("/customers.xlsx", .viewer), ("/customers/export", .viewer),
        ("/customers/CUST0000001", .viewer), ("/customers/CUST0000001/portfolio", .viewer),
        ("/customers/CUST0000001/payments", .viewer), ("/customers/CUST0000001/claims", .viewer),
        ("/customers/CUST0000001/credits", .viewer), ("/customers/CUST0000001/notes", .viewer),
        ("/customers/CUST0000001/audit", .viewer), ("/customers/CUST0000001/audit.csv", .viewer),
        ("/policies/P-HOME-1", .viewer), ("/credits/CR-NEW-2", .viewer), ("/preferences/columns", .viewer),
        ("/customers/new?kind=individual", .officer), ("/customers/CUST0000001/edit", .officer),
        ("/customers/CUST0000001/credits/new", .officer),
        ("/exports", .manager), ("/staff", .admin), ("/directories", .admin),
    ]

    static let posts: [(path: String, least: Role)] = [
        ("/customers", .officer), ("/customers/CUST0000001", .officer), ("/customers/CUST0000001/notes", .officer),
        ("/customers/CUST0000001/credits", .officer), ("/customers/CUST0000001/status", .manager),
        ("/customers/CUST0000001/lists", .manager), ("/customers/status", .manager), ("/staff", .admin), ("/directories", .admin),
        ("/preferences/columns", .viewer), ("/preferences/page-size", .viewer),
    ]

    private func post(_ path: String, as user: String, token: Bool) throws -> Response {
        try app.post(path, [], as: user, now: clock.now, token: token)
    }

    @Test(arguments: Role.allCases)
    func everyReadIsOpenFromItsLeastRoleOn(_ role: Role) throws {
        let user = try #require(Self.users[role])
        for (path, least) in Self.reads {
            let status = app.handle(Request("GET", path, user: user)).status
            if role >= least {
                #expect(status == 200, "\(role) GET \(path)")
            } else {
                #expect(status == 403, "\(role) GET \(path)")
            }
        }
    }

    @Test(arguments: Role.allCases)
    func everyPostNeedsItsRoleAndAToken(_ role: Role) throws {
        let user = try #require(Self.users[role])
        for (path, least) in Self.posts {
            let withoutToken = try post(path, as: user, token: false)
            #expect(withoutToken.status == 403, "\(role) POST \(path) without a token")
            let withToken = try post(path, as: user, token: true)
            if role >= least {
                #expect(withToken.status != 403 && withToken.status < 500, "\(role) POST \(path): \(withToken.status)")
            } else {
                #expect(withToken.status == 403, "\(role) POST \(path)")
                #expect(try withToken.bodyText().contains("that needs the \(least.rawValue) role"), "\(role) POST \(path)")
            }
        }
    }

    @Test func theExportAnswersEveryRefusalWithItsNotFoundPage() throws {
        for (role, user) in Self.users {
            #expect(try post("/customers/export", as: user, token: false).status == 404, "\(role)")
            #expect(try post("/customers/export", as: user, token: true).status == 404, "\(role): no field chosen")
        }
    }

    @Test func buttonsARoleMayNotUseAreNotShown() throws {
        func page(_ path: String, _ role: Role) throws -> String {
            try app.handle(Request("GET", path, user: Self.users[role]!)).bodyText()
        }
        #expect(try !page("/customers", .viewer).contains("New individual"))
        #expect(try page("/customers", .officer).contains("New individual"))
        #expect(try !page("/customers/CUST0000001", .viewer).contains("/customers/CUST0000001/edit\""))
        #expect(try page("/customers/CUST0000001", .officer).contains("/customers/CUST0000001/edit\""))
        #expect(try !page("/customers/CUST0000001", .officer).contains("Change status…"))
        #expect(try page("/customers/CUST0000001", .manager).contains("Change status…"))
        for role in Role.allCases {
            let top = try page("/customers", role)
            #expect(top.contains("href=\"/exports\"") == (role >= .manager), "\(role)")
            #expect(top.contains("href=\"/staff\"") == (role == .admin), "\(role)")
            #expect(top.contains("href=\"/directories\"") == (role == .admin), "\(role)")
        }
    }
}
