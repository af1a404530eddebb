import CFastCGI

/// Writes one response into the request's FastCGI output: the CGI head (`Status:` line, headers,
/// blank line), then the body, in as many pieces as the caller likes. Valid only during the handler
/// call, on the worker thread that owns the request.
public final class ResponseWriter {
    private let output: UnsafeMutablePointer<FCGX_Stream>
    /// Set by the first failed write; later writes fail at once instead of touching a dead connection.
    public private(set) var clientGone = false

    init(output: UnsafeMutablePointer<FCGX_Stream>) {
        self.output = output
    }

    public func writeHead(status: Int, headers: [(name: String, value: String)]) throws {
        var head = "Status: \(status)"
        if let reason = reasonPhrase(status) { head += " \(reason)" }
        head += "\r\n"
        for (name, value) in headers {
            head += "\(withoutLineBreaks(name)): \(withoutLineBreaks(value))\r\n"
        }
        head += "\r\n"
        try write(head)
    }

    /// Throws `ClientGone` once nginx has closed the connection.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !clientGone else { throw ClientGone() }
        guard let start = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) else { return }
        // FCGX_PutStr counts in Int32; a huge body goes in pieces.
        var offset = 0
        while offset < bytes.count {
            let count = min(bytes.count - offset, 1 << 30)
            guard FCGX_PutStr(start + offset, Int32(count), output) == Int32(count) else {
                clientGone = true
                throw ClientGone()
            }
            offset += count
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Sends what is buffered now rather than when 8 KiB have gathered or the request ends.
    public func flush() {
        if FCGX_FFlush(output) != 0 { clientGone = true }
    }
}

/// A header split by CR or LF would let a value smuggle in headers of its own.
private func withoutLineBreaks(_ text: String) -> String {
    text.contains(where: \.isNewline) ? String(text.map { $0.isNewline ? " " : $0 }) : text
}

private func reasonPhrase(_ status: Int) -> String? {
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
    default: nil
    }
}
