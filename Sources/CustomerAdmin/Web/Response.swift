/// Where a streamed body goes: the FastCGI output stream, or a buffer in tests.
public protocol BodyWriter {
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

extension BodyWriter {
    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }
}

/// A status, headers and a body that is either whole or produced while it is sent.
public struct Response: Sendable {
    public enum Body: Sendable {
        case bytes([UInt8])
        /// Written piece by piece, so a million-row export never sits in memory.
        case stream(@Sendable (any BodyWriter) throws -> Void)
    }

    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Body

    public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: Body = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func html(_ page: HTML, status: Int = 200) -> Response {
        Response(
            status: status,
            headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")],
            body: .bytes(page.bytes))
    }

    public static func text(_ text: String, status: Int = 200) -> Response {
        Response(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: .bytes(Array(text.utf8)))
    }

    public static func redirect(to location: String, status: Int = 303) -> Response {
        Response(status: status, headers: [("Location", location)])
    }

    /// A download streamed as it is produced. nginx spools it to a temporary file and sends it at
    /// the browser's pace (nginx/customer-admin.conf), so the responder's thread and its read
    /// transaction are done as soon as the file is written, however slow the browser.
    public static func download(
        contentType: String, fileName: String, _ produce: @escaping @Sendable (any BodyWriter) throws -> Void
    ) -> Response {
        Response(
            headers: [
                ("Content-Type", contentType),
                ("Content-Disposition", "attachment; filename=\"\(fileName)\""),
                ("Cache-Control", "no-store"),
            ],
            body: .stream(produce))
    }

    /// The answer to HEAD: the same status and headers, a whole body's length kept, no body.
    func withoutBody() -> Response {
        var head = self
        if case .bytes(let bytes) = body, header("Content-Length") == nil {
            head.headers.append(("Content-Length", String(bytes.count)))
        }
        head.body = .bytes([])
        return head
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The whole body, for tests and small responses.
    public func collectBody() throws -> [UInt8] {
        switch body {
        case .bytes(let bytes): return bytes
        case .stream(let produce):
            let buffer = BufferWriter()
            try produce(buffer)
            return buffer.bytes
        }
    }

    public func bodyText() throws -> String {
        String(decoding: try collectBody(), as: UTF8.self)
    }
}

/// Collects a streamed body in memory.
public final class BufferWriter: BodyWriter {
    public private(set) var bytes: [UInt8] = []
    public init() {}
    public func write(_ chunk: UnsafeRawBufferPointer) throws { bytes.append(contentsOf: chunk) }
}
