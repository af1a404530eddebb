import ArgumentParser
import CustomerAdmin
import Foundation

/// `--db PATH`, shared by every command that opens the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite store (default: $CUSTOMER_ADMIN_DB or data/customers.sqlite).")
    var db: String?

    var path: String {
        db ?? ProcessInfo.processInfo.environment["CUSTOMER_ADMIN_DB"] ?? "data/customers.sqlite"
    }

    func open(readers: Int = 4, checkpointsInBackground: Bool = false) throws -> AppDatabase {
        try AppDatabase.open(path: path, readers: readers, checkpointsInBackground: checkpointsInBackground)
    }
}
