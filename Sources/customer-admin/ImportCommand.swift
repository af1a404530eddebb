import ArgumentParser

/// Placeholder: being written in this session.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "(in progress)")
    func run() throws { throw ValidationError("not implemented yet") }
}
