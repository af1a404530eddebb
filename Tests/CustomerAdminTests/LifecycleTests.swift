import Testing
@testable import CustomerAdmin

/// The lifecycle table of seed 000 (issue 13): minimum data, who may move where, and why.
@Suite struct LifecycleTests {
    private func customer(_ status: Status, kind: Customer.Kind = .individual, complete: Bool = true) -> Customer {
        var customer = Customer(kind: kind, status: status)
        if kind == .individual {
            customer[text: "first_name"] = "Ана"
            customer[text: "last_name"] = "Müller"
        } else {
            customer[text: "company_name"] = "Acme"
        }
        if complete {
            for field in customer.catalog.fields where field.storage == .column && !field.requiredFor.isEmpty
                && customer[text: field.name].isEmpty {
                switch field.type {
                case .text: customer[text: field.name] = "x"
                case .choice(let directory): customer[text: field.name] = directory.entries[0].value
                default: break
                }
            }
        }
        return customer
    }

    private let product = Lifecycle.Holdings(product: true)
    private let nothing = Lifecycle.Holdings(product: false)

    private func refusal(
        _ from: Customer, to target: Status, _ reason: Lifecycle.Reason? = .other, comment: String = "checked",
        role: Role = .manager, holdings: Lifecycle.Holdings = .init(product: true)
    ) -> Lifecycle.Refusal? {
        Lifecycle.refusal(moving: from, to: target, reason: reason, comment: comment, by: role, holdings: holdings)
    }

    @Test func aCustomerNeedsItsRequiredFieldsAndAnIssuedPolicyOrActiveCredit() {
        let bare = customer(.prospect, complete: false)
        let missing = Lifecycle.missing(for: .customer, bare, holdings: nothing)
        #expect(missing.contains("National ID"))
        #expect(missing.last == "an issued policy or an active credit")
        #expect(Lifecycle.missing(for: .customer, customer(.prospect), holdings: product).isEmpty)
        #expect(Lifecycle.missing(for: .newbie, bare, holdings: nothing).isEmpty)
    }

    @Test func theProfileCanSayWhatTheNextStatusStillNeeds() throws {
        let step = try #require(Lifecycle.nextStep(customer(.prospect, complete: false), holdings: nothing))
        #expect(step.status == .customer)
        #expect(step.missing.contains("National ID"))
        #expect(Lifecycle.nextStep(customer(.customer), holdings: product) == nil)
    }

    @Test func everyManualMoveIsAManagersAndNeedsAReasonAndADescription() {
        let someone = customer(.customer)
        #expect(refusal(someone, to: .dormant, .inactivity) == nil)
        #expect(refusal(someone, to: .dormant, .inactivity, role: .officer)?.cause == .role)
        #expect(refusal(someone, to: .dormant, .inactivity, role: .officer)?.message.contains("needs the manager role") == true)
        #expect(refusal(someone, to: .dormant, nil)?.cause == .rule)
        #expect(refusal(someone, to: .dormant, .inactivity, comment: "  \n")?.message.contains("Describe the reason") == true)
        #expect(refusal(someone, to: .dormant, .inactivity, comment: String(repeating: "x", count: 10_000))?.message.contains("at most 1,000") == true)
    }

    @Test func blockingTakesAComplianceReason() {
        let someone = customer(.customer)
        #expect(refusal(someone, to: .blocked, .kycAML) == nil)
        #expect(refusal(someone, to: .blocked, .flagList) == nil)
        let refused = refusal(someone, to: .blocked, .customerRequest)
        #expect(refused?.cause == .rule)
        #expect(refused?.message.contains("KYC/AML risk") == true)
    }

    @Test func closedIsFinalButForAnAdminsReopen() {
        let closed = customer(.closed)
        #expect(refusal(closed, to: .blocked, .kycAML)?.message.contains("cannot move from Closed to Blocked") == true)
        #expect(refusal(closed, to: .customer, .reopened)?.cause == .role)
        #expect(refusal(closed, to: .customer, .reopened, role: .admin) == nil)
        #expect(refusal(closed, to: .customer, .reopened, role: .admin, holdings: nothing)?.message.contains("an issued policy") == true)
    }

    @Test func movingUpNeedsTheMinimumDataAndNoBlackList() {
        let bare = customer(.newbie, complete: false)
        #expect(refusal(bare, to: .prospect, .dataComplete)?.message
            == "To become a Prospect the customer needs: National ID, ID type, ID number, Address line, City.")
        #expect(refusal(customer(.newbie), to: .prospect, .dataComplete) == nil)
        let prospect = customer(.prospect)
        #expect(refusal(prospect, to: .customer, .dataComplete, holdings: nothing)?.message == "To become a Customer the customer needs: an issued policy or an active credit.")
        let listed = Lifecycle.Holdings(product: true, blackListed: true)
        #expect(refusal(prospect, to: .customer, .dataComplete, holdings: listed)?.message.contains("black list") == true)
        #expect(refusal(prospect, to: .customer, .dataComplete) == nil)
    }

    @Test func unknownOrSameMovesAreRefusedWithTheAllowedOnes() {
        let newbie = customer(.newbie)
        #expect(refusal(newbie, to: .newbie)?.message == "The customer is already Newbie.")
        let refused = refusal(newbie, to: .dormant, .inactivity)
        #expect(refused?.message.contains("From Newbie it may move to: Prospect, Blocked, Closed.") == true)
    }
}
