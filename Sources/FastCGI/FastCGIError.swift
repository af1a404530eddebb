#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A listener or accept failure, worded for the operator who reads the log.
public struct FastCGIError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }

    /// `what` failed with the current `errno`.
    static func system(_ what: String, errno code: Int32 = errno) -> FastCGIError {
        FastCGIError("\(what): \(String(cString: strerror(code)))")
    }
}

/// A write failed because nginx closed the connection (the browser went away); the response just ends.
public struct ClientGone: Error, Sendable {}
