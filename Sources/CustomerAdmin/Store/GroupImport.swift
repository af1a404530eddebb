import Foundation
import GRDB

/// `customer-admin import --kind documents|addresses|bank_accounts|contacts|representatives`: one
/// CSV per repeatable group, `customer_id` (`CUST0000047`) then the group's field names in any
/// order. Each row adds one item to an existing customer. Values are read and checked by the
/// field's type like customer fields (`FieldText`). All rows or none.
extension AppDatabase {
    @discardableResult
    public func importGroup(_ group: FieldGroup, csv stream: InputStream) throws -> Int {
        try writer.write { db in
            var records = try NumberedRecords(stream, separator: ",")
            guard let header = try records.next() else {
                throw CustomerImportError(line: 1, reason: "the file is empty; a header row naming the columns is required")
            }
            let positions = try Self.groupColumns(group, header)
            let directories = try Self.directoryLists(db)
            var imported = 0
            while let record = try records.next() {
                guard record.fields != [""] else { continue }  // a blank line
                do {
                    guard record.fields.count == header.fields.count else {
                        throw FieldProblem("\(record.fields.count) fields where the header has \(header.fields.count)")
                    }
                    let cells = record.fields.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                    guard let customer = try FieldText.customerID(cells[positions.customer]),
                        try Int.fetchOne(db, sql: "SELECT 1 FROM customers WHERE id = ?", arguments: [customer]) != nil
                    else { throw FieldProblem("customer_id \"\(cells[positions.customer])\" names no customer in the store") }
                    let values = try group.fields.enumerated().map { index, field -> FieldValue in
                        let text = positions.fields[index].map { cells[$0] } ?? ""
                        if text.isEmpty {
                            if !field.requiredFor.isEmpty { throw FieldProblem("\(field.name) is empty; it is required") }
                            return .empty(field.type)
                        }
                        try FieldText.check(text, field)
                        return try FieldText.value(text, field, directories: directories)
                    }
                    try Self.insert(values, into: group, customer: customer, db)
                    imported += 1
                } catch let problem as FieldProblem {
                    throw CustomerImportError(line: record.line, reason: problem.reason)
                }
            }
            return imported
        }
    }

    /// Where `customer_id` and each field sit in the header; unknown, repeated or missing required columns are refused.
    private static func groupColumns(_ group: FieldGroup, _ header: NumberedRecords.Record) throws -> (customer: Int, fields: [Int?]) {
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let known = ["customer_id"] + group.fields.map(\.name)
        for (position, name) in names.enumerated() {
            let problem: String? =
                if !known.contains(name) { "unknown column \"\(name)\"; the columns of \(group.name) are \(known.joined(separator: ", "))" }
                else if names[..<position].contains(name) { "column \"\(name)\" appears twice" }
                else { nil }
            if let problem { throw CustomerImportError(line: header.line, reason: problem) }
        }
        let required = ["customer_id"] + group.fields.filter { !$0.requiredFor.isEmpty }.map(\.name)
        if let missing = required.first(where: { !names.contains($0) }) {
            throw CustomerImportError(line: header.line, reason: "the required column \"\(missing)\" is missing")
        }
        return (names.firstIndex(of: "customer_id")!, group.fields.map { names.firstIndex(of: $0.name) })
    }
}

extension FieldGroup {
    /// For `--help`: the group's columns, required ones marked.
    public var documentation: String {
        "\(name): customer_id, " + fields.map { $0.requiredFor.isEmpty ? $0.name : $0.name + "*" }.joined(separator: ", ")
    }
}
