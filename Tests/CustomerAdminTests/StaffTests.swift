import Foundation
import Testing
@testable import CustomerAdmin

/// Staff and roles (issue 13, point 5): the admin's Staff page, disabled logins, the default role for
/// logins the store does not know, and when a login was last seen.
@Suite struct StaffTests {
    let database: AppDatabase
    let clock = TestClock()
    let app: App

    init() throws {
        database = try AppDatabase.inMemory()
        for (user, role) in [("vera", Role.viewer), ("otto", .officer), ("omar", .manager), ("ada", .admin)] {
            try database.setStaff(Staff(userName: user, role: role))
        }
        clock.now = try #require(StoreDate.parseDay("2026-05-20")).addingTimeInterval(9 * 3600 + 125)
        app = App(database: database, clock: clock.read)
    }

    private func get(_ target: String, as user: String, app: App? = nil) -> Response {
        (app ?? self.app).handle(Request("GET", target, user: user))
    }

    private func post(_ fields: [(String, String)], as user: String) throws -> Response {
        try app.post("/staff", fields, as: user, now: clock.now)
    }

    @Test func anAdminSeesEveryLoginWithItsRoleAndTheTopBarLinksThere() throws {
        let page = try get("/staff", as: "ada").bodyText()
        for user in ["vera", "otto", "omar", "ada"] { #expect(page.contains("<th scope=\"row\">\(user)</th>")) }
        #expect(page.contains("<option value=\"manager\" selected>manager</option>"))
        #expect(page.contains("htpasswd"))
        #expect(page.contains("<a href=\"/staff\">Staff</a>"))
        #expect(try !get("/customers", as: "omar").bodyText().contains("<a href=\"/staff\">"))
    }

    @Test func onlyAnAdminMayOpenOrChangeIt() throws {
        for user in ["vera", "otto", "omar"] {
            let page = get("/staff", as: user)
            #expect(page.status == 403)
            #expect(try page.bodyText().contains("may not manage staff and roles; that needs the admin role"))
            #expect(try post([("user", "vera"), ("role", "admin")], as: user).status == 403)
        }
        #expect(try database.staff(userName: "vera")?.role == .viewer)
    }

    @Test func anAdminChangesARoleAndAnEmail() throws {
        let saved = try post([("user", "otto"), ("role", "manager"), ("email", "otto@bank.example")], as: "ada")
        #expect(saved.status == 303)
        #expect(saved.header("Location") == "/staff#staff-otto")
        let record = try #require(try database.staffRecord(named: "otto"))
        #expect(record.staff.role == .manager && record.email == "otto@bank.example" && !record.isDisabled)
    }

    @Test func aDisabledLoginIsRefusedThoughNginxLetsItIn() throws {
        #expect(try post([("user", "vera"), ("role", "viewer"), ("disabled", "1")], as: "ada").status == 303)
        let refused = get("/customers", as: "vera")
        #expect(refused.status == 403)
        #expect(try refused.bodyText().contains("The login “vera” was disabled in customer-admin on 2026-05-20"))
        #expect(try post([("user", "vera"), ("role", "viewer")], as: "ada").status == 303)
        #expect(get("/customers", as: "vera").status == 200)
    }

    @Test func theLastAdminCannotBeDemotedOrDisabledAndNoAdminDisablesThemselves() throws {
        let demoted = try post([("user", "ada"), ("role", "manager")], as: "ada")
        #expect(demoted.status == 422)
        #expect(try demoted.bodyText().contains("would leave no active admin"))
        let disabled = try post([("user", "ada"), ("role", "admin"), ("disabled", "1")], as: "ada")
        #expect(disabled.status == 422)
        #expect(try disabled.bodyText().contains("cannot disable your own login"))
        #expect(try database.staff(userName: "ada")?.role == .admin)
    }

    @Test func badValuesAreRefusedWithNothingChanged() throws {
        for fields in [[("user", "otto"), ("role", "root")], [("user", "otto"), ("role", "officer"), ("email", "not an address")],
                       [("user", "nobody"), ("role", "viewer")], [("user", "otto")]] {
            let answer = try post(fields, as: "ada")
            #expect(answer.status == 422, "\(fields)")
            #expect(try answer.bodyText().contains("role=\"alert\""))
        }
        #expect(try database.staffRecord(named: "otto")?.email == "")
    }

    @Test func anUnknownLoginIsRefusedUnlessADefaultRoleIsGiven() throws {
        let refused = get("/customers", as: "newcomer")
        #expect(refused.status == 403)
        #expect(try refused.bodyText().contains("has no role in customer-admin"))
        let welcoming = App(database: database, defaultRole: .viewer, clock: clock.read)
        #expect(get("/customers", as: "newcomer", app: welcoming).status == 200)
        #expect(try database.staff(userName: "newcomer")?.role == .viewer)
        #expect(get("/staff", as: "newcomer", app: welcoming).status == 403)
    }

    @Test func aLoginIsSeenToTheHourWithOneWriteAnHour() throws {
        _ = get("/customers", as: "vera")
        #expect(try database.staffRecord(named: "vera")?.lastSeen == "2026-05-20 09:00:00")
        let version = try database.currentVersion()
        clock.now.addTimeInterval(600)
        _ = get("/customers", as: "vera")
        #expect(try database.currentVersion() == version, "no write within the hour")
        clock.now.addTimeInterval(3600)
        _ = get("/customers", as: "vera")
        #expect(try database.staffRecord(named: "vera")?.lastSeen == "2026-05-20 10:00:00")
    }
}

extension AppDatabase {
    fileprivate func staffRecord(named name: String) throws -> StaffRecord? {
        try staffRecords().first { $0.staff.userName == name }
    }
}
