import ArgumentParser
import CustomerAdmin
import Foundation

/// Fills the store with deterministic demo customers for trying the app and measuring it.
struct SeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Add demo customers and their products (the same count always gives the same people).")

    @Option(name: .long, help: "How many customers to add.")
    var customers: Int

    @Flag(
        inversion: .prefixedNo,
        help: "Also add their policies, payments, claims and credits, and their representatives, further documents, addresses, bank accounts and relatives.")
    var products = true

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (1...50_000_000).contains(customers) else {
            throw ValidationError("--customers must be between 1 and 50,000,000.")
        }
    }

    func run() throws {
        let database = try store.open()
        let started = Date()
        let firstNew = try database.customerSequence() + 1
        try database.addDemoCustomers(customers) { added in
            // Only for seeds big enough to wait for; unbuffered, so a log behind a pipe shows it as it happens.
            guard customers > 100_000 else { return }
            FileHandle.standardOutput.write(Data("\(added) of \(customers) customers written\n".utf8))
        }
        if products {
            try database.addDemoGroups(customersFrom: firstNew)
            try database.addDemoProducts(customersFrom: firstNew) { done in
                guard customers > 100_000 else { return }
                FileHandle.standardOutput.write(Data("products of \(done) of \(customers) customers written\n".utf8))
            }
        }
        try database.optimize(full: true)
        let seconds = Date().timeIntervalSince(started)
        print("added \(customers) customers\(products ? " with their products" : "") to \(store.path) in \(String(format: "%.1f", seconds)) s")
        print("the store holds " + (try (database.productTotals() + database.groupTotals()).map { "\($0.count) \($0.table)" }.joined(separator: ", ")))
    }
}
