/// A failure the client should see as a status and a sentence; `App` turns it into a page.
public struct HTTPError: Error, Sendable, Equatable {
    public var status: Int
    public var message: String

    public init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    public static func badRequest(_ message: String) -> HTTPError { HTTPError(400, message) }
    public static let notFound = HTTPError(404, "There is no page at this address.")
}

extension HTTPError {
    public var reason: String {
        switch status {
        case 400: "Bad request"
        case 403: "Forbidden"
        case 404: "Not found"
        case 405: "Method not allowed"
        case 413: "Request too large"
        case 422: "Unprocessable"
        case 503: "Service unavailable"
        default: "Server error"
        }
    }
}
