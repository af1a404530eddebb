/// One HTTP request as nginx hands it over FastCGI, independent of any socket.
public struct Request: Sendable {
    public var method: String
    /// The decoded path (nginx's `DOCUMENT_URI`), without the query.
    public var path: String
    /// The raw, still percent-encoded query string.
    public var queryString: String
    /// Header values by lower-case name (`content-type`, `cookie`, `accept`…).
    public var headers: [String: String]
    /// The user nginx authenticated, if any.
    public var remoteUser: String?
    public var body: [UInt8]
    /// Set when the body was larger than this many bytes and was not read: the answer is 413.
    public var bodyOverLimit: Int?

    public init(
        method: String = "GET", path: String, queryString: String = "",
        headers: [String: String] = [:], remoteUser: String? = nil, body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.queryString = queryString
        self.headers = headers
        self.remoteUser = remoteUser
        self.body = body
    }

    /// Builds a request from a URL-like target such as `/customers?q=bin`, for tests and tools.
    public init(_ method: String = "GET", _ target: String, user: String? = nil, headers: [String: String] = [:]) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.init(
            method: method, path: String(parts[0]), queryString: parts.count > 1 ? String(parts[1]) : "",
            headers: headers, remoteUser: user)
    }

    /// The decoded query; malformed encoding is the client's fault (400).
    public func query() throws(HTTPError) -> Parameters {
        try Parameters(urlEncoded: queryString)
    }
}
