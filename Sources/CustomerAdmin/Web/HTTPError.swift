/// A failure the client should see as a status and a sentence; `App` turns it into a page.
public struct HTTPError: Error, Sendable, Equatable {
    public var status: Int
    public var message: String
    /// Seconds after which asking again may succeed (`Retry-After`), for a 429.
    public var retryAfter: Int?

    public init(_ status: Int, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.message = message
        self.retryAfter = retryAfter
    }

    public static func badRequest(_ message: String) -> HTTPError { HTTPError(400, message) }
    public static let notFound = HTTPError(404, "There is no page at this address.")
}

extension HTTPError {
    public var reason: String { HTTPStatus.reason(status) }
}

/// The one table of HTTP reason phrases: for the status line the responder writes and for the
/// title of error pages.
public enum HTTPStatus {
    public static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        case 100..<400: "OK"
        case 400..<500: "Client Error"
        default: "Server Error"
        }
    }
}
