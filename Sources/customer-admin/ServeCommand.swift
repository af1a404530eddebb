import ArgumentParser

/// Placeholder: being written in this session.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "(in progress)")
    func run() throws { throw ValidationError("not implemented yet") }
}
