/// A repeatable group of a customer's facts (identity documents, addresses, bank accounts,
/// relatives, representatives): a table of its own with one row per item, keyed by the customer.
/// Its fields are catalog fields like the customer's, so reading, showing, importing and (later)
/// editing them take the same paths; the table is created by a migration with one column per field.
public struct FieldGroup: Sendable, Hashable {
    /// The name `import --kind` takes (`documents`).
    public var name: String
    /// The store's table (`customer_documents`): `id`, `customer_id`, then one column per field.
    public var table: String
    public var label: String
    /// The profile tab that lists the group.
    public var tab: String
    public var kinds: Field.Kinds
    /// In the order the columns are shown and documented.
    public var fields: [Field]
    /// What the tab says when a customer has none ("No further identity documents.").
    public var none: String

    public init(_ name: String, table: String, _ label: String, tab: String, kinds: Field.Kinds = .both, none: String, fields: [Field]) {
        self.name = name
        self.table = table
        self.label = label
        self.tab = tab
        self.kinds = kinds
        self.none = none
        self.fields = fields
    }

    public subscript(name: String) -> Field? { fields.first { $0.name == name } }
}

/// One item of a group as stored: its row key and its values in `FieldGroup.fields` order.
public struct GroupItem: Sendable, Hashable {
    public var id: Int64
    public var values: [FieldValue]

    public init(id: Int64, values: [FieldValue]) {
        self.id = id
        self.values = values
    }
}
