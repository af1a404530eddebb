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
    /// Imports customers from a CSV file whose header names catalog fields (`customer_id`,
    /// `first_name`, …, any subset, any order), separated by `,` or, when the header uses it, `;`.
    /// All rows or none: the first bad row aborts the import with its line. Into an empty store the
    /// indexes are built once at the end, as for `seed`. Returns how many customers were added.
    @discardableResult
    public func importCustomers(csvFile path: String, now: Date = Date()) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CustomerImportError(line: 1, reason: "the file cannot be read")
        }
        let start = (try? handle.read(upToCount: 64 * 1024)) ?? Data()
        try? handle.close()
        return try importCustomers(
            separator: CSVSeparator.detect(start), now: now, open: { InputStream(fileAtPath: path) })
    }

    /// The same from bytes in memory.
    @discardableResult
    public func importCustomers(csv data: Data, now: Date = Date()) throws -> Int {
        try importCustomers(separator: CSVSeparator.detect(data.prefix(64 * 1024)), now: now, open: { InputStream(data: data) })
    }

    @discardableResult
    public func importCustomers(csv text: String, now: Date = Date()) throws -> Int {
        try importCustomers(csv: Data(text.utf8), now: now)
    }

    private func importCustomers(separator: UnicodeScalar, now: Date, open: () -> InputStream?) throws -> Int {
        guard let stream = open() else { throw CustomerImportError(line: 1, reason: "the file cannot be read") }
        let catalog = catalog
        return try writer.writeWithoutTransaction { db in
            try CustomerBulkInsert.withLargeCache(db) {
                var imported = 0
                try db.inTransaction {
                    imported = try Self.importCustomers(stream, separator: separator, catalog: catalog, stamp: StoreDate.timestamp(now), db)
                    return .commit
                }
                return imported
            }
        }
    }

    /// Records are read and checked on another thread, a chunk ahead of the one being written, so
    /// reading the file overlaps SQLite's work instead of adding to it (as `seed` makes its rows).
    private static func importCustomers(
        _ stream: InputStream, separator: UnicodeScalar, catalog: FieldCatalog, stamp: String, _ db: Database
    ) throws -> Int {
        let reader = try CustomerImportReader(
            stream, separator: separator, catalog: catalog, directories: directoryLists(db), stamp: stamp)
        var bulk = try CustomerBulkInsert(db, catalog: catalog)
        var ids = try ImportIDs(db, checksStore: !bulk.isIntoEmptyTable)
        var imported = 0
        var upcoming = Upcoming { try reader.nextChunk() }
        while true {
            let chunk = try upcoming.value()
            if chunk.problem == nil && !chunk.customers.isEmpty { upcoming = Upcoming { try reader.nextChunk() } }
            for (line, customer) in chunk.customers {
                var customer = customer
                do {
                    customer.id = try ids.assign(customer.id, db, line: line)
                } catch let problem as FieldProblem {
                    throw CustomerImportError(line: line, reason: problem.reason)
                }
                try bulk.add(customer)
                imported += 1
            }
            if let problem = chunk.problem { throw problem }
            if chunk.customers.isEmpty { break }
        }
        try bulk.finish()
        return imported
    }
}

/// The file's records as customers, a chunk at a time. Used by one thread at a time: the next
/// chunk is asked for only once the previous one has arrived.
final class CustomerImportReader: @unchecked Sendable {
    private var records: NumberedRecords
    private let header: CustomerImportHeader
    private let stamp: String

    init(_ stream: InputStream, separator: UnicodeScalar, catalog: FieldCatalog, directories: DirectoryLists, stamp: String) throws {
        records = try NumberedRecords(stream, separator: separator)
        header = try CustomerImportHeader(records.next(), catalog: catalog, directories: directories)
        self.stamp = stamp
    }

    /// Up to 10,000 customers with their lines; empty at the end of the file. A bad record ends the
    /// chunk with its problem, after the good records before it.
    func nextChunk() throws -> (customers: [(line: Int, customer: Customer)], problem: CustomerImportError?) {
        var customers: [(line: Int, customer: Customer)] = []
        customers.reserveCapacity(10_000)
        while customers.count < 10_000, let record = try records.next() {
            guard record.fields != [""] else { continue }  // a blank line
            do {
                customers.append((record.line, try header.customer(from: record.fields, stamp: stamp)))
            } catch let problem as FieldProblem {
                return (customers, CustomerImportError(line: record.line, reason: problem.reason))
            }
        }
        return (customers, nil)
    }
}

/// `;` when the header line holds more of them than `,` (Excel saves CSV that way in many locales).
enum CSVSeparator {
    static func detect(_ start: Data) -> UnicodeScalar {
        var commas = 0
        var semicolons = 0
        var quoted = false
        for byte in start {
            switch byte {
            case UInt8(ascii: "\""): quoted.toggle()
            case UInt8(ascii: ","): if !quoted { commas += 1 }
            case UInt8(ascii: ";"): if !quoted { semicolons += 1 }
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"): if !quoted { return semicolons > commas ? ";" : "," }
            default: break
            }
        }
        return semicolons > commas ? ";" : ","
    }
}

/// Gives each imported row the ID that inserting it alone would get (AUTOINCREMENT: one past the
/// highest ever used), so rows can be written in bulk and a clash is still reported at its line.
struct ImportIDs {
    private var next: Int64
    /// The line each ID of this file came from.
    private var lines: [Int64: Int] = [:]
    /// False for an empty store, where only the file's own IDs can clash.
    private let checksStore: Bool

    init(_ db: Database, checksStore: Bool) throws {
        let highest = try Int64.fetchOne(
            db, sql: "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), coalesce(max(id), 0)) FROM customers",
            arguments: ["customers"])
        next = (highest ?? 0) + 1
        self.checksStore = checksStore
    }

    /// `line` is the record's; kept for the message of a later clash.
    mutating func assign(_ requested: Int64?, _ db: Database, line: Int) throws -> Int64 {
        let id = requested ?? next
        if let earlier = lines[id] {
            throw FieldProblem("customer_id \(CustomerID(number: id)) is already the ID of line \(earlier)")
        }
        if requested != nil, checksStore, try Customer.exists(db, key: id) {
            throw FieldProblem("customer_id \(CustomerID(number: id)) already exists")
        }
        lines[id] = line
        next = max(next, id + 1)
        return id
    }
}

// MARK: - Header

/// The columns of the file, checked against the catalog, and how a record becomes a customer.
struct CustomerImportHeader {
    /// One per column of the file; nil for a column that is read and ignored (derived by the store).
    private let fields: [Field?]
    private let catalog: FieldCatalog
    /// The choices' entries as the store has them when the import starts.
    private let directories: DirectoryLists

    init(_ header: NumberedRecords.Record?, catalog: FieldCatalog, directories: DirectoryLists) throws {
        guard let header else {
            throw CustomerImportError(line: 1, reason: "the file is empty; a header row naming the columns is required")
        }
        self.catalog = catalog
        self.directories = directories
        var seen: Set<String> = []
        var unknown: [String] = []
        fields = try header.fields.enumerated().map { position, text in
            let name = text.trimmingCharacters(in: .whitespaces).lowercased()
            let field = catalog[name]
            let problem: String? =
                if name.isEmpty { "column \(position + 1) of the header has no name" }
                else if !seen.insert(name).inserted { "column \"\(name)\" appears twice" }
                else { nil }
            if let problem { throw CustomerImportError(line: header.line, reason: problem) }
            // A column our exports carry but the store derives is accepted and ignored.
            if let field, field.uses.contains(.importable) { return field }
            if field == nil || !field!.uses.contains(.exportable) { unknown.append(text) }
            return nil
        }
        if !unknown.isEmpty {
            let names = unknown.map { "\"\($0)\"" }.joined(separator: ", ")
            let known = catalog.fields(where: .importable).map(\.name).joined(separator: ", ")
            throw CustomerImportError(
                line: header.line, reason: "unknown column\(unknown.count == 1 ? "" : "s") \(names); the columns are \(known)")
        }
    }

    /// A customer from one record's fields; `stamp` is `now` as the store writes it.
    func customer(from cells: [String], stamp: String) throws -> Customer {
        guard cells.count == fields.count else {
            throw FieldProblem("\(cells.count) fields where the header has \(fields.count)")
        }
        var customer = Customer(kind: .individual, catalog: catalog)
        for (field, cell) in zip(fields, cells) {
            guard let field else { continue }
            let text = Self.unguarded(Self.trimmed(cell))
            try FieldText.check(text, field)
            if field.storage == .key {
                customer.id = try FieldText.customerID(text)
            } else if !text.isEmpty, let position = catalog.position(of: field.name) {
                customer[position: position] = try FieldText.value(text, field, directories: directories)
            }
        }
        try Self.complete(&customer, stamp: stamp)
        return customer
    }

    /// Without surrounding white space; most cells have none, and looking at their ends is far
    /// cheaper than Foundation's trimming of every cell.
    private static func trimmed(_ cell: String) -> String {
        guard let first = cell.utf8.first, let last = cell.utf8.last else { return cell }
        func plain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x80 }
        return plain(first) && plain(last) ? cell : cell.trimmingCharacters(in: .whitespacesAndNewlines)
    }

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
            throw FieldProblem("an individual needs a first_name or last_name")
        case .legalEntity where customer.companyName.isEmpty:
            throw FieldProblem("a legal entity needs a company_name")
        default: break
        }
        // Store dates are fixed-width text, so comparing text compares time.
        for field in customer.catalog.fields where field.type == .date || field.type == .timestamp {
            let date = customer[text: field.name]
            if !date.isEmpty && date > stamp { throw FieldProblem("\(field.name) \(date) is in the future") }
        }
        if customer.createdAt.isEmpty { customer.createdAt = stamp }
        if customer.updatedAt.isEmpty { customer.updatedAt = stamp }
        if customer.updatedAt < customer.createdAt {
            throw FieldProblem("updated_at \(customer.updatedAt) is before created_at \(customer.createdAt)")
        }
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

    init(_ stream: InputStream, separator: UnicodeScalar) throws {
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: false, delimiter: separator)
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
        nextLine += 1 + fields.reduce(0) { $0 + Self.lineBreaks($1) }
        return record
    }

    /// CRLF, LF and a lone CR each end a line.
    private static func lineBreaks(_ text: String) -> Int {
        var count = 0
        var afterCR = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") { count += afterCR ? 0 : 1 } else if byte == UInt8(ascii: "\r") { count += 1 }
            afterCR = byte == UInt8(ascii: "\r")
        }
        return count
    }
}
