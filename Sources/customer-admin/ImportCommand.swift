import ArgumentParser
import CustomerAdmin
import Foundation

/// Adds the customers of a CSV file, all of them or, at the first bad row, none.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add customers from a CSV file (all rows or none).",
        discussion: """
            The header row names columns in any order: \
            \(FieldCatalog.standard.fields(where: .importable).map(\.name).joined(separator: ", ")) \
            (\(FieldCatalog.standard.fields.filter { $0.uses.contains(.exportable) && !$0.uses.contains(.importable) }.map(\.name).joined(separator: ", ")) \
            are accepted and ignored). An empty customer_id gets the next ID. UTF-8 with or without a byte order \
            mark; separated by commas, or by semicolons when the header is. Dates YYYY-MM-DD; times \
            YYYY-MM-DD HH:MM:SS in UTC or ISO 8601 with Z or an offset (2024-01-15T12:00:00+02:00). A choice \
            (gender, country, id_type, ...) is its directory's value or label in any case; relationship_officer \
            and risk_officer are active logins of officers or above (customer-admin staff add NAME --role officer). Into an empty store the indexes \
            are built once at the end.
            """)

    @Argument(help: "The CSV file (UTF-8, with a header row).")
    var file: String

    @Option(name: .long, help: "What the file holds: customers (the default), one kind of product record: \(ProductImportKind.documentation); or one repeatable group of customer facts (* required): \(FieldCatalog.standard.groups.map(\.documentation).joined(separator: ". ")).")
    var kind: String = "customers"

    @OptionGroup var store: StoreOptions

    func run() throws {
        guard FileManager.default.isReadableFile(atPath: file) else { throw CommandFailure("cannot read \(file)") }
        let database = try store.open()
        if let group = database.catalog.group(named: kind) { return try importGroup(group, into: database) }
        if kind != "customers" { return try importProducts(into: database) }
        let started = Date()
        do {
            let imported = try database.importCustomers(csvFile: file)
            try database.optimize(full: true)
            let seconds = Date().timeIntervalSince(started)
            print("imported \(imported) customer\(imported == 1 ? "" : "s") from \(file) in \(String(format: "%.1f", seconds)) s")
        } catch let error as CustomerImportError {
            throw CommandFailure("\(file), \(error); nothing was imported")
        }
    }

    func validate() throws {
        guard kind == "customers" || ProductImportKind(rawValue: kind) != nil || FieldCatalog.standard.group(named: kind) != nil else {
            let kinds = ProductImportKind.allCases.map(\.rawValue) + FieldCatalog.standard.groups.map(\.name)
            throw ValidationError("--kind must be customers or one of \(kinds.joined(separator: ", ")).")
        }
    }

    private func importGroup(_ group: FieldGroup, into database: AppDatabase) throws {
        guard let stream = InputStream(fileAtPath: file) else { return }
        do {
            let imported = try database.importGroup(group, csv: stream)
            print("imported \(imported) \(kind) row\(imported == 1 ? "" : "s") from \(file)")
        } catch let error as CustomerImportError {
            throw CommandFailure("\(file), \(error); nothing was imported")
        }
    }

    private func importProducts(into database: AppDatabase) throws {
        guard let productKind = ProductImportKind(rawValue: kind), let stream = InputStream(fileAtPath: file) else { return }
        do {
            let imported = try database.importProducts(productKind, csv: stream)
            try database.optimize()
            print("imported \(imported) \(kind) row\(imported == 1 ? "" : "s") from \(file)")
        } catch let error as CustomerImportError {
            throw CommandFailure("\(file), \(error); nothing was imported")
        }
    }
}
