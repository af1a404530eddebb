import ArgumentParser

/// Placeholder: being written in this session.
struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "staff", abstract: "(in progress)")
    func run() throws { throw ValidationError("not implemented yet") }
}
