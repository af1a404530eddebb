import Foundation
import GRDB

/// What `customer-admin import --kind KIND` reads: one CSV per kind of product record, keyed by
/// `customer_id` (`CUST0000047`) and the records' own numbers, so each file can refer to what an
/// earlier one brought (a party names its policy by `policy_number`).
public enum ProductImportKind: String, CaseIterable, Sendable {
    case policies, parties, payments, claims, credits
    case creditPayments = "credit_payments"

    /// The header's column names: the required ones, then the optional ones.
    public var columns: (required: [String], optional: [String]) {
        switch self {
        case .policies:
            (["policy_number", "customer_id", "product", "status", "start_date", "currency"],
             ["kind", "master_policy_number", "end_date", "premium", "frequency"])
        case .parties: (["policy_number", "customer_id", "role"], [])
        case .payments, .creditPayments:
            ([self == .payments ? "policy_number" : "credit_number", "customer_id", "amount"],
             ["purpose", "due_date", "paid_on", "method", "automatic"])
        case .claims:
            (["claim_number", "policy_number", "customer_id", "loss_date", "notified_on", "status"],
             ["amount_claimed", "amount_paid", "closed_on", "description"])
        case .credits:
            (["credit_number", "customer_id", "product", "amount", "currency", "term_months", "requested_on", "status"],
             ["outstanding", "rate", "start_date", "end_date", "refinanced_credit_number", "purpose"])
        }
    }

    /// For `--help`: each kind with its columns, required ones first.
    public static var documentation: String {
        allCases.map { kind in
            "\(kind.rawValue): \(kind.columns.required.joined(separator: ", "))"
                + (kind.columns.optional.isEmpty ? "" : "; optional \(kind.columns.optional.joined(separator: ", "))")
        }.joined(separator: ". ")
    }
}

extension AppDatabase {
    /// Imports one kind of product record from CSV. All rows or none: the first bad row aborts the
    /// import with its line (the header is line 1). Returns how many rows were added.
    @discardableResult
    public func importProducts(_ kind: ProductImportKind, csv stream: InputStream, now: Date = Date()) throws -> Int {
        try writer.write { db in
            var records = try NumberedRecords(stream, separator: ",")
            let header = try ProductImportHeader(kind, records.next())
            var importer = try ProductImporter(kind, db, today: StoreDate.day(now))
            var imported = 0
            while let record = try records.next() {
                guard record.fields != [""] else { continue }  // a blank line
                do {
                    try importer.add(try header.row(record.fields))
                    imported += 1
                } catch let problem as FieldProblem {
                    throw CustomerImportError(line: record.line, reason: problem.reason)
                } catch let error as DatabaseError {
                    throw CustomerImportError(line: record.line, reason: "the store refused the row (\(error.message ?? "\(error.resultCode)"))")
                }
            }
            return imported
        }
    }

    /// The same from text already in memory.
    @discardableResult
    public func importProducts(_ kind: ProductImportKind, csv text: String, now: Date = Date()) throws -> Int {
        try importProducts(kind, csv: InputStream(data: Data(text.utf8)), now: now)
    }
}

/// The columns of a file, checked against its kind's.
private struct ProductImportHeader {
    private let names: [String]

    init(_ kind: ProductImportKind, _ header: NumberedRecords.Record?) throws {
        guard let header else {
            throw CustomerImportError(line: 1, reason: "the file is empty; a header row naming the columns is required")
        }
        let known = kind.columns.required + kind.columns.optional
        names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for (position, name) in names.enumerated() {
            let problem: String? =
                if name.isEmpty { "column \(position + 1) of the header has no name" }
                else if !known.contains(name) { "unknown column \"\(name)\"; the columns of \(kind.rawValue) are \(known.joined(separator: ", "))" }
                else if names[..<position].contains(name) { "column \"\(name)\" appears twice" }
                else { nil }
            if let problem { throw CustomerImportError(line: header.line, reason: problem) }
        }
        if let missing = kind.columns.required.first(where: { !names.contains($0) }) {
            throw CustomerImportError(line: header.line, reason: "the required column \"\(missing)\" is missing")
        }
    }

    func row(_ fields: [String]) throws -> ProductImportRow {
        guard fields.count == names.count else {
            throw FieldProblem("\(fields.count) fields where the header has \(names.count)")
        }
        return ProductImportRow(values: Dictionary(uniqueKeysWithValues: zip(names, fields.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })))
    }
}

/// One record's cells by column name, read as store values; every failure names the column and
/// the form it expects.
private struct ProductImportRow {
    let values: [String: String]

    func text(_ column: String) -> String { values[column] ?? "" }

    func required(_ column: String) throws -> String {
        let value = text(column)
        if value.isEmpty { throw FieldProblem("\(column) is empty; it is required") }
        return value
    }

    func number(_ column: String) throws -> String {
        let value = try required(column)
        guard ProductNumber.isValid(value) else { throw bad(column, value, "letters and digits with - _ or . inside, at most 32") }
        return value
    }

    /// `YYYY-MM-DD`; empty when the column is optional and empty.
    func day(_ column: String, required: Bool = false) throws -> String {
        let value = required ? try self.required(column) : text(column)
        guard value.isEmpty || StoreDate.parseDay(value) != nil else { throw bad(column, value, "a real date YYYY-MM-DD") }
        return value
    }

    /// An amount of 0 or more, in minor units; empty is 0 unless required.
    func amount(_ column: String, required: Bool = false) throws -> Int64 {
        let value = required ? try self.required(column) : text(column)
        if value.isEmpty { return 0 }
        guard let cents = Money.cents(from: value), cents >= 0 else { throw bad(column, value, "an amount like 1234.56, 0 or more") }
        return cents
    }

    func state<State: ProductState>(_ column: String, default fallback: State? = nil) throws -> State {
        let value = text(column).lowercased()
        if value.isEmpty, let fallback { return fallback }
        guard let state = State(rawValue: value) else { throw bad(column, text(column), State.words.joined(separator: ", ")) }
        return state
    }

    func currency(_ column: String) throws -> String {
        let value = try required(column).uppercased()
        guard value.utf8.count == 3, value.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) else {
            throw bad(column, text(column), "a three-letter currency code like GMD")
        }
        return value
    }

    func whole(_ column: String, _ range: ClosedRange<Int>) throws -> Int {
        let value = try required(column)
        guard value.utf8.count <= 6, let number = Int(value), range.contains(number) else {
            throw bad(column, value, "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// `yes`/`no`, `true`/`false`, `1`/`0`; empty gives `fallback`.
    func flag(_ column: String, default fallback: Bool) throws -> Bool {
        switch text(column).lowercased() {
        case "": return fallback
        case "1", "yes", "true": return true
        case "0", "no", "false": return false
        default: throw bad(column, text(column), "yes or no")
        }
    }

    func customerID(_ column: String = "customer_id") throws -> CustomerID {
        let value = try required(column)
        guard let id = CustomerID(value) else { throw bad(column, value, "CUST and 7 digits, like CUST0000047") }
        return id
    }

    private func bad(_ column: String, _ text: String, _ expected: String) -> FieldProblem {
        let shown = text.count > 40 ? text.prefix(40) + "…" : text
        return FieldProblem("\(column) \"\(shown)\" is not valid (expected \(expected))")
    }
}

/// Turns rows into store records, checking what they refer to (customers, policies, credits) in the
/// store as it stands inside the import's transaction, earlier rows of the file included.
private struct ProductImporter {
    let kind: ProductImportKind
    let db: Database
    let today: String
    let writer: ProductWriter
    var ids: ProductIDs

    init(_ kind: ProductImportKind, _ db: Database, today: String) throws {
        self.kind = kind
        self.db = db
        self.today = today
        writer = try ProductWriter(db)
        ids = try ProductWriter.nextIDs(db)
    }

    mutating func add(_ row: ProductImportRow) throws {
        switch kind {
        case .policies: try addPolicy(row)
        case .parties: try addParty(row)
        case .payments: try addPayment(row, on: .policy)
        case .creditPayments: try addPayment(row, on: .credit)
        case .claims: try addClaim(row)
        case .credits: try addCredit(row)
        }
    }

    private mutating func addPolicy(_ row: ProductImportRow) throws {
        let number = try row.number("policy_number")
        if try lookUp("policies", number) != nil { throw FieldProblem("policy_number \(number) already exists") }
        let holder = try customer(row)
        let kind: PolicyKind = try row.state("kind", default: .policy)
        var master: Int64?
        if !row.text("master_policy_number").isEmpty {
            let masterNumber = try row.number("master_policy_number")
            guard kind == .policy else { throw FieldProblem("a master policy cannot itself be under master_policy_number \(masterNumber)") }
            guard let found = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, kind FROM policies WHERE number = ?"), arguments: [masterNumber]),
                found["kind"] as String == PolicyKind.master.rawValue
            else { throw FieldProblem("master_policy_number \(masterNumber) is not a master policy in the store") }
            master = found["id"]
        }
        let policy = Policy(
            id: ProductIDs.take(&ids.policy), number: number, kind: kind, masterPolicyID: master, product: try row.required("product"),
            status: try row.state("status"), startDate: try row.day("start_date", required: true), endDate: try row.day("end_date"),
            premium: try row.amount("premium"), frequency: try row.state("frequency", default: .yearly), currency: try row.currency("currency"))
        if !policy.endDate.isEmpty, policy.endDate < policy.startDate {
            throw FieldProblem("end_date \(policy.endDate) is before start_date \(policy.startDate)")
        }
        try writer.add(policy)
        try writer.add(PolicyParty(policyID: policy.id, customerID: holder, role: .policyholder))
    }

    private func addParty(_ row: ProductImportRow) throws {
        let policy = try existing("policies", "policy_number", row)
        let customer = try customer(row)
        let role: PartyRole = try row.state("role")
        if role == .policyholder, try exists("SELECT 1 FROM policy_parties WHERE policy_id = ? AND role = 'policyholder'", [policy]) {
            throw FieldProblem("policy \(row.text("policy_number")) already has a policyholder")
        }
        if try exists("SELECT 1 FROM policy_parties WHERE policy_id = ? AND customer_id = ? AND role = ?", [policy, customer, role.rawValue]) {
            throw FieldProblem("\(row.text("customer_id")) is already \(role.rawValue) of policy \(row.text("policy_number"))")
        }
        try writer.add(PolicyParty(policyID: policy, customerID: customer, role: role))
    }

    private mutating func addPayment(_ row: ProductImportRow, on product: ProductKind) throws {
        let numberColumn = product == .policy ? "policy_number" : "credit_number"
        let productID = try existing(product.productsTable, numberColumn, row)
        let customer = try customer(row)
        try checkBelongs(customer, to: productID, product, row)
        let purpose: PaymentPurpose = try row.state("purpose", default: product == .policy ? .premium : .installment)
        guard product.purposes.contains(purpose) else {
            throw FieldProblem("purpose \(purpose.rawValue) is not for a \(product.rawValue) (expected \(product.purposes.map(\.rawValue).joined(separator: ", ")))")
        }
        let dueDate = try row.day("due_date")
        let paidOn = try row.day("paid_on")
        if dueDate.isEmpty, paidOn.isEmpty { throw FieldProblem("due_date and paid_on are both empty; give one or both") }
        if paidOn > today { throw FieldProblem("paid_on \(paidOn) is in the future") }
        let method: PaymentMethod? = row.text("method").isEmpty ? nil : try row.state("method") as PaymentMethod
        if method != nil, paidOn.isEmpty { throw FieldProblem("method is given but paid_on is empty") }
        let payment = ProductPayment(
            id: product == .policy ? ProductIDs.take(&ids.policyPayment) : ProductIDs.take(&ids.creditPayment), productID: productID,
            customerID: customer, purpose: purpose, dueDate: dueDate, paidOn: paidOn, amount: try row.amount("amount", required: true),
            method: method, automatic: try row.flag("automatic", default: method == .posting))
        try writer.add(payment, on: product)
    }

    private mutating func addClaim(_ row: ProductImportRow) throws {
        let number = try row.number("claim_number")
        if try lookUp("claims", number) != nil { throw FieldProblem("claim_number \(number) already exists") }
        let policy = try existing("policies", "policy_number", row)
        let customer = try customer(row)
        try checkBelongs(customer, to: policy, .policy, row)
        let claim = Claim(
            id: ProductIDs.take(&ids.claim), number: number, policyID: policy, customerID: customer,
            lossDate: try row.day("loss_date", required: true), notifiedOn: try row.day("notified_on", required: true),
            description: row.text("description"), status: try row.state("status"), amountClaimed: try row.amount("amount_claimed"),
            amountPaid: try row.amount("amount_paid"), closedOn: try row.day("closed_on"))
        if claim.notifiedOn < claim.lossDate { throw FieldProblem("notified_on \(claim.notifiedOn) is before loss_date \(claim.lossDate)") }
        if claim.notifiedOn > today { throw FieldProblem("notified_on \(claim.notifiedOn) is in the future") }
        try writer.add(claim)
    }

    private mutating func addCredit(_ row: ProductImportRow) throws {
        let number = try row.number("credit_number")
        if try lookUp("credits", number) != nil { throw FieldProblem("credit_number \(number) already exists") }
        let customer = try customer(row)
        var refinanced: Int64?
        if !row.text("refinanced_credit_number").isEmpty {
            refinanced = try existing("credits", "refinanced_credit_number", row)
            if try exists("SELECT 1 FROM credits WHERE refinanced_credit_id = ?", [refinanced]) {
                throw FieldProblem("credit \(row.text("refinanced_credit_number")) was already refinanced by another credit")
            }
        }
        let rate = row.text("rate").isEmpty ? 0 : try row.amount("rate")
        guard rate <= 100_000 else { throw FieldProblem("rate \"\(row.text("rate"))\" is not valid (expected a yearly percentage like 12.5, at most 1000)") }
        let credit = Credit(
            id: ProductIDs.take(&ids.credit), number: number, customerID: customer, product: try row.required("product"),
            amount: try row.amount("amount", required: true), outstanding: try row.amount("outstanding"), currency: try row.currency("currency"),
            rate: Int(rate), termMonths: try row.whole("term_months", 1...600), requestedOn: try row.day("requested_on", required: true),
            startDate: try row.day("start_date"), endDate: try row.day("end_date"), status: try row.state("status"),
            refinancedCreditID: refinanced, purpose: row.text("purpose"))
        if credit.status == .active, credit.startDate.isEmpty { throw FieldProblem("an active credit needs a start_date") }
        try writer.add(credit)
    }

    // MARK: - What rows refer to

    private func customer(_ row: ProductImportRow) throws -> Int64 {
        let id = try row.customerID()
        guard try exists("SELECT 1 FROM customers WHERE id = ?", [id.number]) else {
            throw FieldProblem("customer_id \(id) is not in the store")
        }
        return id.number
    }

    private func exists(_ select: String, _ arguments: StatementArguments) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (\(select))"), arguments: arguments) ?? false
    }

    private func lookUp(_ table: String, _ number: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM \(table) WHERE number = ?"), arguments: [number])
    }

    /// The key of the record a column names; a problem when it is not in the store.
    private func existing(_ table: String, _ column: String, _ row: ProductImportRow) throws -> Int64 {
        let number = try row.number(column)
        guard let id = try lookUp(table, number) else { throw FieldProblem("\(column) \(number) is not in the store") }
        return id
    }

    /// A policy's payments and claims are its parties'; a credit's payments its customer's.
    private func checkBelongs(_ customer: Int64, to product: Int64, _ kind: ProductKind, _ row: ProductImportRow) throws {
        let select =
            kind == .policy
            ? "SELECT 1 FROM policy_parties WHERE policy_id = ? AND customer_id = ?"
            : "SELECT 1 FROM credits WHERE id = ? AND customer_id = ?"
        guard try exists(select, [product, customer]) else {
            throw FieldProblem("customer_id \(row.text("customer_id")) is not a \(kind == .policy ? "party of the policy" : "holder of the credit")")
        }
    }
}
