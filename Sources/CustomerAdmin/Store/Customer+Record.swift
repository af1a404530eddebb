import Foundation
import GRDB

/// Row mapping for `customers`, driven by the catalog: every `.column` field is written and read,
/// derived ones (`customer_id`, `display_name`) are read but never written.
extension Customer: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "customers"

    /// With the standard catalog; a store with another catalog reads through `fetchAllByPosition`.
    public init(row: Row) throws {
        try self.init(row: row, positions: RowPositions(catalog: .standard, columnNames: Array(row.columnNames)))
    }

    /// Decodes by position, with the positions found once per statement: looking every field up by
    /// name for every row was a third of a listing request.
    init(row: Row, positions: RowPositions) throws {
        var values = positions.empty
        for cell in positions.cells {
            values[cell.field] = cell.isInteger ? .integer(row[cell.column] ?? 0) : .text(row[cell.column] ?? "")
        }
        self.init(id: row[positions.id], catalog: positions.catalog, values: values)
    }

    /// Every customer row of a statement, decoded by position.
    static func fetchAllByPosition(
        _ statement: Statement, arguments: StatementArguments, catalog: FieldCatalog
    ) throws -> [Customer] {
        let positions = try KnownPositions.shared.positions(of: statement, catalog: catalog)
        return try Array(Row.fetchCursor(statement, arguments: arguments).map { try Customer(row: $0, positions: positions) })
    }

    /// Each prepared statement's positions, found once: a kept statement (`cachedStatement`) reads the
    /// same columns every time, and matching some 90 names was a twelfth of a profile tab. A statement
    /// belongs to one store, whose schema follows one catalog, so the statement alone is the key. An
    /// entry holds its statement weakly, so a freed statement's address reused by another is a miss.
    final class KnownPositions: @unchecked Sendable {  // `entries` is guarded by `lock`
        static let shared = KnownPositions()
        private struct Entry {
            weak var statement: Statement?
            let positions: RowPositions
        }
        private let lock = NSLock()
        private var entries: [ObjectIdentifier: Entry] = [:]
        /// Statements made afresh each time (a listing's filters) would only fill it.
        private let capacity = 512

        func positions(of statement: Statement, catalog: FieldCatalog) throws -> RowPositions {
            let key = ObjectIdentifier(statement)
            if let known = lock.withLock({ entries[key] }), known.statement === statement {
                return known.positions
            }
            let positions = try RowPositions(catalog: catalog, columnNames: statement.columnNames)
            lock.withLock {
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
                entries[key] = Entry(statement: statement, positions: positions)
            }
            return positions
        }
    }

    /// One customer by row key, or nil.
    static func fetchOne(_ db: Database, id: Int64, catalog: FieldCatalog) throws -> Customer? {
        try fetchAllByPosition(
            db.cachedStatement(sql: "SELECT * FROM customers WHERE id = ?"), arguments: [id], catalog: catalog
        ).first
    }

    /// Where each field read from the store sits in a statement's rows.
    struct RowPositions {
        let catalog: FieldCatalog
        let id: Int
        /// Position in the catalog, position in the row.
        let cells: [(field: Int, column: Int, isInteger: Bool)]
        /// Every field's empty value, for those no column gives (composed ones).
        let empty: [FieldValue]

        init(catalog: FieldCatalog, columnNames: [String]) throws {
            var positions: [String: Int] = [:]
            for (index, name) in columnNames.enumerated() where positions[name] == nil { positions[name] = index }
            func position(_ name: String) throws -> Int {
                guard let index = positions[name] else { throw MissingColumn(name: name) }
                return index
            }
            self.catalog = catalog
            empty = catalog.fields.map { FieldValue.empty($0.type) }
            id = try position("id")
            cells = try catalog.fields.enumerated().compactMap { index, field in
                guard field.storage == .column || field.storage == .generated else { return nil }
                return (index, try position(field.name), field.type.isInteger)
            }
        }
    }

    struct MissingColumn: Error, CustomStringConvertible {
        let name: String
        var description: String { "a customer query did not select the column \(name)" }
    }

    /// The columns a record writes, `id` first: every `.column` field of the catalog.
    static func writtenColumns(_ catalog: FieldCatalog) -> [String] {
        ["id"] + catalog.fields.filter(\.isWritten).map(\.name)
    }

    /// The values of `writtenColumns`, in that order.
    var writtenValues: [DatabaseValue] {
        [id.databaseValue] + zip(catalog.fields, values).compactMap { field, value in
            guard field.isWritten else { return nil }
            switch value {
            case .text(let text): return text.databaseValue
            case .integer(let number): return number.databaseValue
            }
        }
    }

    public func encode(to container: inout PersistenceContainer) throws {
        for (column, value) in zip(Self.writtenColumns(catalog), writtenValues) { container[column] = value }
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
