import CFastCGI

/// One request as nginx passed it: its FastCGI params and its body.
public struct FastCGIRequest: Sendable {
    /// Every param nginx sent: `REQUEST_METHOD`, `DOCUMENT_URI`, `QUERY_STRING`, `REMOTE_USER`,
    /// `CONTENT_TYPE`, `CONTENT_LENGTH`, `HTTP_*`…
    public var params: [String: String]
    /// The whole body, or `nil` when it is larger than the server's body limit (answer 413).
    public var body: [UInt8]?

    public init(params: [String: String], body: [UInt8]?) {
        self.params = params
        self.body = body
    }
}

/// What reading a request body came to.
enum BodyRead {
    case complete([UInt8])
    /// Over the limit: reading stopped, so a 50 MB upload never sits in memory.
    case tooLarge
    /// The connection failed mid-body: nginx gave up on the request.
    case incomplete
}

/// The `NAME=value` strings libfcgi keeps for the request, as a dictionary.
func readParams(_ envp: FCGX_ParamArray) -> [String: String] {
    var params: [String: String] = [:]
    var cursor = envp
    while let entry = cursor.pointee {
        let pair = String(cString: entry)
        if let equals = pair.firstIndex(of: "=") {
            params[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        cursor += 1
    }
    return params
}

func readBody(from input: UnsafeMutablePointer<FCGX_Stream>, declaredLength: Int?, limit: Int) -> BodyRead {
    if let declaredLength, declaredLength > limit { return .tooLarge }
    var body: [UInt8] = []
    body.reserveCapacity(declaredLength ?? 0)
    let finished = forEachChunk(of: input) { chunk in
        body.append(contentsOf: chunk)
        return body.count <= limit
    }
    if !finished { return .tooLarge }
    return FCGX_GetError(input) == 0 ? .complete(body) : .incomplete
}

/// Reads and drops what is left of the body, so a kept connection is at the next request's records.
func discardRemainingInput(_ input: UnsafeMutablePointer<FCGX_Stream>) {
    _ = forEachChunk(of: input) { _ in true }
}

/// Hands `consume` the input in chunks until the end of the body (true) or until `consume` says stop (false).
private func forEachChunk(
    of input: UnsafeMutablePointer<FCGX_Stream>, _ consume: (UnsafeRawBufferPointer) -> Bool
) -> Bool {
    let chunkSize = 64 * 1024
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: chunkSize) { buffer in
        while true {
            let count = Int(FCGX_GetStr(buffer.baseAddress, Int32(chunkSize), input))
            guard count > 0 else { return true }
            guard consume(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[..<count])) else {
                return false
            }
        }
    }
}
