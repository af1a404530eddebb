import ArgumentParser
import CustomerAdmin
import Foundation

/// Adds the customers of a CSV file, all of them or, at the first bad row, none.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add customers from a CSV file (all rows or none).",
        discussion: """
            The header row names store columns in any order: customer_id, kind, status, first_name, \
            middle_name, last_name, company_name, email, phone, national_id, id_type, id_number, birth_date, \
            address_line, city, region, postal_code, country, balance, active_loans, relationship_officer, \
            created_at, updated_at (display_name is accepted and ignored). An empty customer_id gets the next ID.
            """)

    @Argument(help: "The CSV file (UTF-8, with a header row).")
    var file: String

    @Option(name: .long, help: "What the file holds: customers (the default) or one kind of product record: \(ProductImportKind.documentation).")
    var kind: String = "customers"

    @OptionGroup var store: StoreOptions

    func run() throws {
        guard FileManager.default.isReadableFile(atPath: file), let stream = InputStream(fileAtPath: file) else {
            throw CommandFailure("cannot read \(file)")
        }
        let database = try store.open()
        if kind != "customers" { return try importProducts(stream, into: database) }
        do {
            let imported = try database.importCustomers(csv: stream)
            try database.optimize(full: true)
            print("imported \(imported) customer\(imported == 1 ? "" : "s") from \(file)")
        } catch let error as CustomerImportError {
            throw CommandFailure("\(file), \(error); nothing was imported")
        }
    }

    func validate() throws {
        guard kind == "customers" || ProductImportKind(rawValue: kind) != nil else {
            throw ValidationError("--kind must be customers or one of \(ProductImportKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
    }

    private func importProducts(_ stream: InputStream, into database: AppDatabase) throws {
        guard let productKind = ProductImportKind(rawValue: kind) else { return }
        do {
            let imported = try database.importProducts(productKind, csv: stream)
            try database.optimize()
            print("imported \(imported) \(kind) row\(imported == 1 ? "" : "s") from \(file)")
        } catch let error as CustomerImportError {
            throw CommandFailure("\(file), \(error); nothing was imported")
        }
    }
}
