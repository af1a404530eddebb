import ArgumentParser

@main
struct CustomerAdminCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer-admin",
        abstract: "Back-office customer management: a FastCGI responder and its store tools.",
        subcommands: [ServeCommand.self, MigrateCommand.self, SeedCommand.self, ImportCommand.self, StaffCommand.self, MaintainCommand.self])
}
