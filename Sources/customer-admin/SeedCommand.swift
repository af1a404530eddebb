import ArgumentParser

/// Placeholder: being written in this session.
struct SeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seed", abstract: "(in progress)")
    func run() throws { throw ValidationError("not implemented yet") }
}
