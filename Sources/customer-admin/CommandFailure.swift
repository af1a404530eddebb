/// A command that ran but could not do its job: ArgumentParser prints `Error: <description>` and
/// exits with status 1, without the usage text a `ValidationError` adds (the arguments were fine).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
