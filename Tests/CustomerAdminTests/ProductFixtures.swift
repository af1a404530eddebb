import Foundation
import GRDB
@testable import CustomerAdmin

/// Stores with products for the product tests: a small one whose every row is known (imported
/// through the same CSV path as `customer-admin import --kind`), and a seeded one shared read-only.
enum ProductFixtures {
    /// 2026-09-21 14:13:20 UTC, as the other tests use.
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    /// CUST0000001 Ana Holder holds two policies and is insured on one and beneficiary on another
    /// of Ben's; she has a refinanced credit, an active one, two claims, premiums missed and due.
    /// CUST0000003 is a prospect with nothing. CUST0000004 has one active credit, nothing refinanced.
    static func known() throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        try database.setStaff(Staff(userName: "vera", role: .viewer))
        try database.importCustomers(
            csv: """
                customer_id,kind,status,first_name,last_name,country
                ,individual,customer,Ana,Holder,The Gambia
                ,individual,customer,Ben,Insured,The Gambia
                ,individual,prospect,Cleo,Prospect,Romania
                ,individual,customer,<script>alert(1)</script>,O'Brien,Colombia
                """, now: now)
        for (kind, csv) in files { try database.importProducts(kind, csv: csv, now: now) }
        return database
    }

    /// `known()` with an officer (otto), two managers (omar, mona) and an admin (ada), and an app on
    /// a test clock at `now`: what the status-change tests post to.
    static func knownWithStaff() throws -> (database: AppDatabase, app: App, clock: TestClock) {
        let database = try known()
        for (user, role) in [("otto", Role.officer), ("omar", .manager), ("mona", .manager), ("ada", .admin)] {
            try database.setStaff(Staff(userName: user, role: role))
        }
        let clock = TestClock()
        clock.now = now
        return (database, App(database: database, clock: clock.read), clock)
    }

    static let files: [(ProductImportKind, String)] = [
        (.policies, """
            policy_number,customer_id,product,status,start_date,end_date,premium,frequency,currency
            P-HOME-1,CUST0000001,Home and contents,active,2026-01-10,2027-01-10,250.00,yearly,GMD
            P-LIFE-2,CUST0000001,Term life,lapsed,2024-03-01,,30.50,monthly,GMD
            P-AUTO-3,CUST0000002,"Motor <b>""comprehensive""</b> & co",active,2025-06-01,2026-06-01,45,monthly,GMD
            P-LIFE-4,CUST0000002,Term life,active,2023-01-01,2043-01-01,20,monthly,GMD
            """),
        (.parties, """
            policy_number,customer_id,role
            P-AUTO-3,CUST0000001,insured
            P-LIFE-4,CUST0000001,beneficiary
            """),
        (.payments, """
            policy_number,customer_id,purpose,due_date,paid_on,amount,method,automatic
            P-HOME-1,CUST0000001,premium,2026-01-10,2026-01-12,250.00,direct_debit,
            P-LIFE-2,CUST0000001,premium,2026-08-01,,30.50,,
            P-LIFE-2,CUST0000001,premium,2099-10-01,,30.50,,
            P-LIFE-2,CUST0000001,interest,,2026-03-01,4.10,posting,
            P-AUTO-3,CUST0000002,premium,2026-02-01,2026-02-01,45,card,no
            """),
        (.claims, """
            claim_number,policy_number,customer_id,loss_date,notified_on,status,amount_claimed,amount_paid,closed_on,description
            CLM-1,P-HOME-1,CUST0000001,2026-04-28,2026-05-02,paid,1200,900,2026-06-01,Water damage
            CLM-2,P-LIFE-2,CUST0000001,2026-09-09,2026-09-10,notified,0,0,,<i>Illness</i>
            """),
        (.credits, """
            credit_number,customer_id,product,amount,outstanding,currency,rate,term_months,requested_on,start_date,end_date,status,refinanced_credit_number,purpose
            CR-OLD-1,CUST0000001,Consumer loan,1000,0,GMD,24.5,24,2024-01-05,2024-01-10,2025-07-10,refinanced,,Furniture
            CR-NEW-2,CUST0000001,Refinancing loan,1500,1200,GMD,14,36,2025-07-01,2025-07-10,2028-07-10,active,CR-OLD-1,Refinancing
            CR-ONLY-3,CUST0000004,Microloan,400,350,COP,30,12,2026-05-01,2026-05-03,2027-05-03,active,,Tools
            """),
        (.creditPayments, """
            credit_number,customer_id,purpose,due_date,paid_on,amount,method
            CR-OLD-1,CUST0000001,installment,2024-02-10,2024-02-10,52.10,direct_debit
            CR-OLD-1,CUST0000001,early_repayment,2025-07-10,2025-07-10,700,bank_transfer
            CR-NEW-2,CUST0000001,installment,2026-09-10,2026-09-11,72.00,direct_debit
            CR-NEW-2,CUST0000001,installment,2099-10-10,,72.00,
            """),
    ]

    /// 300 seeded customers with their products (the end-to-end store's size). Built once, only read.
    static let seeded: AppDatabase = {
        let database = try! AppDatabase.inMemory()
        try! database.setStaff(Staff(userName: "vera", role: .viewer))
        try! database.addDemoCustomers(300, now: now)
        try! database.addDemoGroups(customersFrom: 1, now: now)
        try! database.addDemoProducts(customersFrom: 1, now: now)
        return database
    }()

    /// The seeded customers with hundreds of policies, the profile's worst case.
    static let heavy: [Int64] = try! seeded.reader.read { db in
        try Int64.fetchAll(db, sql: "SELECT customer_id FROM policy_parties WHERE role = 'policyholder' GROUP BY 1 HAVING count(*) >= 200")
    }

    static func get(_ app: App, _ target: String) throws -> (Response, String) {
        let response = app.handle(Request("GET", target, user: "vera"))
        return (response, try response.bodyText())
    }

    /// The values of one kind of link in a page, in order: `/policies/(…)` gives the policy numbers.
    static func linked(_ prefix: String, in body: String) -> [String] {
        body.ranges(of: "href=\"\(prefix)").map { range in
            String(body[range.upperBound...].prefix { $0 != "\"" })
        }
    }
}
