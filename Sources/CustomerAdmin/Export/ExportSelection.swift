/// The fields of a PDF export: which ones the dialog offers to a role, and the ones a posted form
/// chose, checked against the catalog.
enum ExportSelection {
    /// Seed 004 lists these eight in the export dialog, in this order; the catalog's other exportable
    /// fields follow in its own order.
    static let seedFields = [
        "customer_id", "display_name", "phone", "address", "balance", "created_at", "updated_at", "relationship_officer",
    ]

    /// What the dialog lists for `role`: exportable fields the role may export, the seed's first.
    static func offered(_ catalog: FieldCatalog, role: Role) -> [Field] {
        let permitted = catalog.fields(where: .exportable).filter { role >= $0.exportRole }
        let first = seedFields.compactMap { name in permitted.first { $0.name == name } }
        return first + permitted.filter { !seedFields.contains($0.name) }
    }

    /// The chosen fields (the form's `field` values) in the dialog's order, repeats once; or why
    /// they cannot be exported: none, more than the catalog has, a name that is no field, a field
    /// that is not exportable or not for this role.
    static func chosen(_ names: [String], catalog: FieldCatalog, role: Role) throws(ExportProblem) -> [Field] {
        guard !names.isEmpty else { throw ExportProblem("no field was chosen") }
        guard names.count <= catalog.fields.count else {
            throw ExportProblem("\(names.count) fields were asked for; there are \(catalog.fields.count)")
        }
        for name in names {
            guard let field = catalog[name] else { throw ExportProblem("“\(ExportRecord.shown(name))” is not a field") }
            guard field.uses.contains(.exportable) else { throw ExportProblem("\(name) is not exportable") }
            guard role >= field.exportRole else {
                throw ExportProblem("the role \(role.rawValue) may not export \(name) (\(field.exportRole.rawValue) or above may)")
            }
        }
        let wanted = Set(names)
        return offered(catalog, role: role).filter { wanted.contains($0.name) }
    }
}

/// Why an export cannot be produced, in words for the log and the export record.
struct ExportProblem: Error, Sendable, Equatable {
    var reason: String
    /// Matching records, where they were counted.
    var count: Int?

    init(_ reason: String, count: Int? = nil) {
        self.reason = reason
        self.count = count
    }
}
