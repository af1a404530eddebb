import ArgumentParser

/// Brings the store's schema up to date (opening it migrates).
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or upgrade the store's schema.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        _ = try store.open()
        print("store ready: \(store.path)")
    }
}
