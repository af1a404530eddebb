import Foundation
import GRDB
import Testing
@testable import CustomerAdmin

/// `customer-admin import --kind policies|parties|payments|claims|credits|credit_payments`.
@Suite struct ProductImportTests {
    let database: AppDatabase

    init() throws {
        database = try ProductFixtures.known()
    }

    private func count(_ table: String) throws -> Int {
        try database.reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    /// The error an import fails with, after checking it left `table` as it was.
    private func failure(_ kind: ProductImportKind, _ csv: String, table: String) throws -> CustomerImportError? {
        let before = try count(table)
        defer { #expect((try? count(table)) == before, "nothing was imported") }
        do {
            let imported = try database.importProducts(kind, csv: csv, now: ProductFixtures.now)
            Issue.record("imported \(imported) rows instead of failing")
        } catch let error as CustomerImportError {
            return error
        }
        return nil
    }

    @Test func eachKindImportsItsRows() throws {
        #expect(try count("policies") == 4)
        #expect(try count("policy_parties") == 6)
        #expect(try count("policy_payments") == 5)
        #expect(try count("claims") == 2)
        #expect(try count("credits") == 3)
        #expect(try count("credit_payments") == 4)
        let detail = try #require(try database.policy(number: "P-LIFE-2"))
        #expect(detail.policy.premium == 3_050)
        #expect(detail.payments.first { $0.purpose == .interest }?.automatic == true, "a posting is automatic unless told otherwise")
        let credit = try #require(try database.credit(number: "CR-NEW-2"))
        #expect(credit.credit.rate == 1_400)
        #expect(credit.refinanced?.number == "CR-OLD-1")
    }

    @Test func aBadRowStopsTheWholeFileWithItsLine() throws {
        let csv = """
            policy_number,customer_id,product,status,start_date,currency
            P-NEW-1,CUST0000002,Travel,active,2026-02-01,GMD
            P-NEW-2,CUST0000002,Travel,active,2026-02-30,GMD
            P-NEW-3,CUST0000002,Travel,active,2026-02-01,GMD
            """
        let error = try #require(try failure(.policies, csv, table: "policies"))
        #expect(error.line == 3)
        #expect(error.reason.contains("start_date \"2026-02-30\""))
    }

    @Test(arguments: [
        (ProductImportKind.policies, "policy_number,customer_id,product,status,start_date,currency\nP-X,CUST0000099,Travel,active,2026-01-01,GMD", "policies", 2, "CUST0000099 is not in the store"),
        (.policies, "policy_number,customer_id,product,status,start_date,currency\nP-HOME-1,CUST0000001,Travel,active,2026-01-01,GMD", "policies", 2, "already exists"),
        (.policies, "policy_number,customer_id,product,status,start_date,currency\nP-X,CUST0000001,Travel,sleeping,2026-01-01,GMD", "policies", 2, "status \"sleeping\""),
        (.policies, "policy_number,customer_id,product,status,start_date,currency\nP/X,CUST0000001,Travel,active,2026-01-01,GMD", "policies", 2, "policy_number \"P/X\""),
        (.policies, "policy_number,customer_id,product,status,start_date,currency\nP-X,CUST0000001,Travel,active,2026-01-01,gambian dalasi", "policies", 2, "currency"),
        (.policies, "policy_number,customer_id,product,status,start_date\nP-X,CUST0000001,Travel,active,2026-01-01", "policies", 1, "\"currency\" is missing"),
        (.policies, "policy_number,customer_id,product,status,start_date,currency,colour\n", "policies", 1, "unknown column \"colour\""),
        (.parties, "policy_number,customer_id,role\nP-AUTO-3,CUST0000001,insured", "policy_parties", 2, "already insured"),
        (.parties, "policy_number,customer_id,role\nP-AUTO-3,CUST0000003,policyholder", "policy_parties", 2, "already has a policyholder"),
        (.parties, "policy_number,customer_id,role\nP-NONE,CUST0000003,insured", "policy_parties", 2, "P-NONE is not in the store"),
        (.payments, "policy_number,customer_id,amount,paid_on\nP-HOME-1,CUST0000003,10,2026-01-01", "policy_payments", 2, "not a party of the policy"),
        (.payments, "policy_number,customer_id,amount,purpose,paid_on\nP-HOME-1,CUST0000001,10,installment,2026-01-01", "policy_payments", 2, "installment is not for a policy"),
        (.payments, "policy_number,customer_id,amount\nP-HOME-1,CUST0000001,10", "policy_payments", 2, "due_date and paid_on are both empty"),
        (.payments, "policy_number,customer_id,amount,paid_on\nP-HOME-1,CUST0000001,-10,2026-01-01", "policy_payments", 2, "amount \"-10\""),
        (.payments, "policy_number,customer_id,amount,paid_on\nP-HOME-1,CUST0000001,10,2030-01-01", "policy_payments", 2, "in the future"),
        (.claims, "claim_number,policy_number,customer_id,loss_date,notified_on,status\nCLM-9,P-HOME-1,CUST0000001,2026-05-02,2026-05-01,open", "claims", 2, "before loss_date"),
        (.credits, "credit_number,customer_id,product,amount,currency,term_months,requested_on,status,refinanced_credit_number\nCR-9,CUST0000001,Loan,10,GMD,12,2026-01-01,requested,CR-OLD-1", "credits", 2, "already refinanced"),
        (.credits, "credit_number,customer_id,product,amount,currency,term_months,requested_on,status\nCR-9,CUST0000001,Loan,10,GMD,9999999,2026-01-01,requested", "credits", 2, "term_months"),
        (.creditPayments, "credit_number,customer_id,amount,due_date\nCR-NEW-2,CUST0000002,10,2026-01-01", "credit_payments", 2, "not a holder of the credit"),
    ])
    func badRowsAreRefusedWithTheirLineAndReason(
        kind: ProductImportKind, csv: String, table: String, line: Int, reason: String
    ) throws {
        let error = try #require(try failure(kind, csv, table: table))
        #expect(error.line == line, "\(error)")
        #expect(error.reason.contains(reason), "\(error)")
    }

    @Test func anEmptyFileOrAFileWithOnlyAHeaderAddsNothing() throws {
        #expect(try failure(.claims, "", table: "claims")?.line == 1)
        #expect(try database.importProducts(.claims, csv: "claim_number,policy_number,customer_id,loss_date,notified_on,status\n\n") == 0)
    }

    @Test func importedActiveCreditsCountAsActiveLoans() throws {
        try database.importProducts(
            .credits,
            csv: """
                credit_number,customer_id,product,amount,currency,term_months,requested_on,start_date,status
                CR-A,CUST0000002,Car loan,9000,GMD,48,2026-01-01,2026-01-05,active
                CR-B,CUST0000002,Car loan,9000,GMD,48,2026-01-01,,requested
                """, now: ProductFixtures.now)
        let loans = try database.reader.read { db in try Int.fetchOne(db, sql: "SELECT active_loans FROM customers WHERE id = 2") }
        #expect(loans == 1)
    }

    @Test func aMasterPolicyTakesMembersAndTheirPageListsThem() throws {
        try database.importProducts(
            .policies,
            csv: """
                policy_number,customer_id,product,status,start_date,currency,kind,master_policy_number,frequency
                MP-1,CUST0000002,Group life,active,2025-01-01,GMD,master,,monthly
                G-1,CUST0000001,Group life,active,2025-02-01,GMD,policy,MP-1,monthly
                """, now: ProductFixtures.now)
        let (_, body) = try ProductFixtures.get(App(database: database), "/policies/MP-1")
        #expect(body.contains("Policies under this master policy"))
        #expect(ProductFixtures.linked("/policies/", in: body) == ["G-1"])
        let (_, member) = try ProductFixtures.get(App(database: database), "/policies/G-1")
        #expect(member.contains("<dt>Master policy</dt><dd><a class=\"mono\" href=\"/policies/MP-1\">MP-1</a></dd>"))
        let error = try #require(
            try failure(
                .policies, "policy_number,customer_id,product,status,start_date,currency,master_policy_number\nG-2,CUST0000001,Life,active,2025-02-01,GMD,G-1",
                table: "policies"))
        #expect(error.reason.contains("not a master policy"))
    }
}
