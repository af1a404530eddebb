import CSV
import Foundation
import GRDB

/// Why an import stopped: the line of the file where the bad record starts (the header is line 1)
/// and what is wrong there. Nothing was imported.
public struct CustomerImportError: Error, Equatable, CustomStringConvertible {
    public let line: Int
    public let reason: String

    public var description: String { "line \(line): \(reason)" }
}

extension AppDatabase {
    /// Imports customers from CSV whose header names store columns (`customer_id`, `first_name`, …,
    /// any subset, any order). All rows or none: the first bad row aborts the import with its line.
    /// Returns how many customers were added.
    @discardableResult
    public func importCustomers(csv stream: InputStream, now: Date = Date()) throws -> Int {
        try writer.write { db in
            var records = try NumberedRecords(stream)
            let header = try CustomerImportHeader(records.next())
            let stamp = StoreDate.timestamp(now)
            var ids = try ImportIDs(db)
            var bulk = try CustomerBulkInsert(db)
            var imported = 0
            while let record = try records.next() {
                guard record.fields != [""] else { continue }  // a blank line
                do {
                    var customer = try header.customer(from: record.fields, stamp: stamp)
                    customer.id = try ids.assign(customer.id, line: record.line, db)
                    try bulk.add(customer)
                    imported += 1
                } catch let problem as ImportProblem {
                    throw CustomerImportError(line: record.line, reason: problem.reason)
                }
            }
            try bulk.finish()
            return imported
        }
    }

    /// The same from text already in memory.
    @discardableResult
    public func importCustomers(csv text: String, now: Date = Date()) throws -> Int {
        try importCustomers(csv: InputStream(data: Data(text.utf8)), now: now)
    }
}

/// Gives each imported row the ID that inserting it alone would get (AUTOINCREMENT: one past the
/// highest ever used), so rows can be written in bulk and a clash is still reported at its line.
struct ImportIDs {
    private var next: Int64
    /// The line each ID of this file came from.
    private var lines: [Int64: Int] = [:]

    init(_ db: Database) throws {
        let highest = try Int64.fetchOne(
            db, sql: "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), coalesce(max(id), 0)) FROM customers",
            arguments: ["customers"])
        next = (highest ?? 0) + 1
    }

    mutating func assign(_ requested: Int64?, line: Int, _ db: Database) throws -> Int64 {
        let id = requested ?? next
        if let earlier = lines[id] {
            throw ImportProblem("customer_id \(CustomerID(number: id)) is already the ID of line \(earlier)")
        }
        if requested != nil, try Customer.exists(db, key: id) {
            throw ImportProblem("customer_id \(CustomerID(number: id)) already exists")
        }
        lines[id] = line
        next = max(next, id + 1)
        return id
    }
}

/// A problem with one record, before it is given its line.
struct ImportProblem: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

// MARK: - Header

/// The columns of the file, checked against the store's, and how a record becomes a customer.
struct CustomerImportHeader {
    typealias Setter = @Sendable (inout Customer, String) throws -> Void

    /// One per column of the file; nil for a column that is read and ignored.
    private let setters: [Setter?]

    init(_ header: NumberedRecords.Record?) throws {
        guard let header else {
            throw CustomerImportError(line: 1, reason: "the file is empty; a header row naming the columns is required")
        }
        var seen: Set<String> = []
        setters = try header.fields.enumerated().map { position, field in
            let name = field.trimmingCharacters(in: .whitespaces).lowercased()
            let setter = Self.columns.first { $0.name == name }?.setter
            let problem: String? =
                if name.isEmpty { "column \(position + 1) of the header has no name" }
                else if setter == nil && name != Self.derived { "unknown column \"\(field)\"; the columns are \(Self.columns.map(\.name).joined(separator: ", "))" }
                else if !seen.insert(name).inserted { "column \"\(name)\" appears twice" }
                else { nil }
            if let problem { throw CustomerImportError(line: header.line, reason: problem) }
            return setter
        }
    }

    /// A customer from one record's fields; `stamp` is `now` as the store writes it.
    func customer(from fields: [String], stamp: String) throws -> Customer {
        guard fields.count == setters.count else {
            throw ImportProblem("\(fields.count) fields where the header has \(setters.count)")
        }
        var customer = Customer(kind: .individual)
        for (setter, field) in zip(setters, fields) {
            try setter?(&customer, Self.unguarded(field.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        try Self.complete(&customer, stamp: stamp)
        return customer
    }

    /// Derived by the store from the names, so accepted (exports carry it) and ignored.
    private static let derived = "display_name"

    /// Each importable column, in the store's order, and how its text goes into a customer;
    /// empty text leaves the default (individual, newbie, no balance, dated now).
    private static let columns: [(name: String, setter: Setter)] = [
        ("customer_id", { customer, text in customer.id = try Parse.customerID(text) }),
        ("kind", { customer, text in customer.kind = try Parse.kind(text) ?? customer.kind }),
        ("status", { customer, text in customer.status = try Parse.status(text) ?? customer.status }),
        ("first_name", { $0.firstName = $1 }),
        ("middle_name", { $0.middleName = $1 }),
        ("last_name", { $0.lastName = $1 }),
        ("company_name", { $0.companyName = $1 }),
        ("email", { $0.email = $1 }),
        ("phone", { $0.phone = $1 }),
        ("national_id", { $0.nationalID = $1 }),
        ("id_type", { $0.idType = $1 }),
        ("id_number", { $0.idNumber = $1 }),
        ("birth_date", { customer, text in customer.birthDate = try Parse.day(text, column: "birth_date") }),
        ("address_line", { $0.addressLine = $1 }),
        ("city", { $0.city = $1 }),
        ("region", { $0.region = $1 }),
        ("postal_code", { $0.postalCode = $1 }),
        ("country", { $0.country = $1 }),
        ("balance", { customer, text in customer.balance = try Parse.cents(text) }),
        ("active_loans", { customer, text in customer.activeLoans = try Parse.count(text) }),
        ("relationship_officer", { $0.relationshipOfficer = $1 }),
        ("created_at", { customer, text in customer.createdAt = try Parse.timestamp(text, column: "created_at") }),
        ("updated_at", { customer, text in customer.updatedAt = try Parse.timestamp(text, column: "updated_at") }),
    ]

    /// Our CSV export puts `'` before a cell that starts like a formula (`=`, `+`, `-`, `@`, tab, CR);
    /// dropping it here lets exported values come back as they were.
    private static func unguarded(_ text: String) -> String {
        guard text.hasPrefix("'"), let next = text.dropFirst().unicodeScalars.first,
            "=+-@\t\r".unicodeScalars.contains(next)
        else { return text }
        return String(text.dropFirst())
    }

    /// Rules across columns: a name for the kind, nothing dated after now, updated on or after created.
    private static func complete(_ customer: inout Customer, stamp: String) throws {
        switch customer.kind {
        case .individual where customer.firstName.isEmpty && customer.lastName.isEmpty:
            throw ImportProblem("an individual needs a first_name or last_name")
        case .legalEntity where customer.companyName.isEmpty:
            throw ImportProblem("a legal entity needs a company_name")
        default: break
        }
        let dates = [("birth_date", customer.birthDate), ("created_at", customer.createdAt), ("updated_at", customer.updatedAt)]
        // Store dates are fixed-width text, so comparing text compares time.
        if let (column, date) = dates.first(where: { !$0.1.isEmpty && $0.1 > stamp }) {
            throw ImportProblem("\(column) \(date) is in the future")
        }
        if customer.createdAt.isEmpty { customer.createdAt = stamp }
        if customer.updatedAt.isEmpty { customer.updatedAt = stamp }
        if customer.updatedAt < customer.createdAt {
            throw ImportProblem("updated_at \(customer.updatedAt) is before created_at \(customer.createdAt)")
        }
    }
}

// MARK: - Values

/// Cell text to store values; every failure names the column and the expected form.
private enum Parse {
    static func customerID(_ text: String) throws -> Int64? {
        if text.isEmpty { return nil }
        guard let id = CustomerID(text) else { throw bad("customer_id", text, "CUST and 7 digits, like CUST0000047") }
        return id.number
    }

    static func kind(_ text: String) throws -> Customer.Kind? {
        if text.isEmpty { return nil }
        let wanted = text.lowercased()
        guard let kind = Customer.Kind.allCases.first(where: { $0.rawValue == wanted || $0.label.lowercased() == wanted })
        else { throw bad("kind", text, "individual or legal_entity") }
        return kind
    }

    static func status(_ text: String) throws -> Status? {
        if text.isEmpty { return nil }
        guard let status = Status(rawValue: text.lowercased()) else {
            throw bad("status", text, Status.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return status
    }

    static func day(_ text: String, column: String) throws -> String {
        guard text.isEmpty || StoreDate.parseDay(text) != nil else { throw bad(column, text, "a real date YYYY-MM-DD") }
        return text
    }

    /// `YYYY-MM-DD` (midnight) or `YYYY-MM-DD HH:MM:SS`, UTC.
    static func timestamp(_ text: String, column: String) throws -> String {
        if text.isEmpty { return "" }
        let day = String(text.prefix(10))
        let time = text.count == 10 ? "00:00:00" : String(text.dropFirst(11))
        let parts = time.split(separator: ":", omittingEmptySubsequences: false).compactMap { Int($0) }
        guard StoreDate.parseDay(day) != nil, text.count == 10 || text.count == 19 && text.dropFirst(10).first == " ",
            time.utf8.count == 8, time.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ":") }), parts.count == 3,
            parts[0] < 24, parts[1] < 60, parts[2] < 60
        else { throw bad(column, text, "YYYY-MM-DD or YYYY-MM-DD HH:MM:SS") }
        return day + " " + time
    }

    static func cents(_ text: String) throws -> Int64 {
        if text.isEmpty { return 0 }
        guard let cents = Money.cents(from: text) else { throw bad("balance", text, "an amount like 1234.56 or -5") }
        return cents
    }

    static func count(_ text: String) throws -> Int {
        if text.isEmpty { return 0 }
        guard text.utf8.count <= 6, text.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Int(text) else {
            throw bad("active_loans", text, "a whole number, 0 or more")
        }
        return count
    }

    private static func bad(_ column: String, _ text: String, _ expected: String) -> ImportProblem {
        let shown = text.count > 40 ? text.prefix(40) + "…" : text
        return ImportProblem("\(column) \"\(shown)\" is not valid (expected \(expected))")
    }
}

// MARK: - Reading

/// CSV records with the line each starts on, so errors point into the file even when quoted
/// fields hold line breaks. A UTF-8 byte order mark at the start is skipped (by CSV.swift).
struct NumberedRecords {
    struct Record {
        let line: Int
        let fields: [String]
    }

    private let reader: CSVReader
    private var nextLine = 1

    init(_ stream: InputStream) throws {
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: false)
        } catch {
            throw CustomerImportError(line: 1, reason: "the file cannot be read (\(error))")
        }
    }

    mutating func next() throws -> Record? {
        let fields = reader.next()
        // CSV.swift ends a field at a decoding or read error and only records it, so look before
        // trusting the fields. Its `cannotReadFile` just means a file stream came to its end.
        switch reader.error {
        case nil, CSVError.cannotReadFile?: break
        case CSVError.unicodeDecoding?: throw CustomerImportError(line: nextLine, reason: "the file is not UTF-8 text")
        case let error?: throw CustomerImportError(line: nextLine, reason: "the file cannot be read (\(error))")
        }
        guard let fields else { return nil }
        let record = Record(line: nextLine, fields: fields)
        nextLine += 1 + fields.reduce(0) { $0 + $1.reduce(0) { $0 + ($1 == "\n" || $1 == "\r\n" || $1 == "\r" ? 1 : 0) } }
        return record
    }
}
