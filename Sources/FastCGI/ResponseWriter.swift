import CFastCGI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes one response into the request's FastCGI output: the CGI head (`Status:` line, headers,
/// blank line), then the body, in as many pieces as the caller likes. Valid only during the handler
/// call, on the worker thread that owns the request.
public final class ResponseWriter {
    private let output: UnsafeMutablePointer<FCGX_Stream>
    /// The connection to nginx, for `abort()`.
    private let connection: Int32
    /// Set by the first failed write; later writes fail at once instead of touching a dead connection.
    public private(set) var clientGone = false

    init(output: UnsafeMutablePointer<FCGX_Stream>, connection: Int32) {
        self.output = output
        self.connection = connection
    }

    /// `reason` is the status's phrase (`Not Found`); the caller owns the table of them.
    public func writeHead(status: Int, reason: String, headers: [(name: String, value: String)]) throws {
        var head = "Status: \(status) \(withoutLineBreaks(reason))\r\n"
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

    /// Fails the response for nginx, so that it closes the browser's connection without the last
    /// chunk and a body that broke half way is reported as a failed download, not kept as a complete
    /// file. Closing alone would not do: without `fastcgi_keep_conn`, nginx takes the end of the
    /// connection as the end of the response. So the connection gets, at a record boundary (what
    /// libfcgi has written are whole records; its buffer is dropped), a record header of an unknown
    /// protocol version, which nginx refuses, and then is shut down (no FCGI_END_REQUEST).
    public func abort() {
        let unknownVersionRecord = [UInt8](repeating: 0, count: 8)
        _ = unknownVersionRecord.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        shutdown(connection, Int32(SHUT_RDWR))
        clientGone = true
    }
}

/// A header split by CR or LF would let a value smuggle in headers of its own.
private func withoutLineBreaks(_ text: String) -> String {
    text.contains(where: \.isNewline) ? String(text.map { $0.isNewline ? " " : $0 }) : text
}
