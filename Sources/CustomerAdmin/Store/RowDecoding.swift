import GRDB

extension Row {
    /// Every row of `statement`, each made into a value while the statement is on it. A column named
    /// there is found in the statement's index of names; a copied row (`Row.fetchAll`) lowercases and
    /// compares every column's name on each lookup, a tenth of a profile tab with long lists.
    static func decodeAll<Value>(
        _ statement: Statement, arguments: StatementArguments = [], _ make: (Row) throws -> Value
    ) throws -> [Value] {
        var values: [Value] = []
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() { values.append(try make(row)) }
        return values
    }
}
