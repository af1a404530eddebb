import CustomerAdmin
import FastCGI
import Logging

/// Between libfcgi and `App`: nginx's params and body become a `Request`, and `App`'s `Response`
/// goes back as the CGI head and body. Every answer is `App`'s, the refused body (413) and HEAD too.
enum FastCGIAdapter {
    static func handler(app: App, maxBodySize: Int, logger: Logger) -> FastCGIServer.Handler {
        return { fastCGIRequest, output in
            var request = Request(fastCGIParams: fastCGIRequest.params, body: fastCGIRequest.body ?? [])
            if fastCGIRequest.body == nil { request.bodyOverLimit = maxBodySize }
            send(app.handle(request), to: output, uri: fastCGIRequest.params["REQUEST_URI"] ?? "", logger: logger)
        }
    }

    /// The posts that write the store, served off the worker threads while they wait for its writer.
    static func writeLane(app: App, threads: Int) -> WaitingLane {
        WaitingLane(threads: threads) { params in
            app.waitsForTheWriter(method: params["REQUEST_METHOD"] ?? "GET", path: Request.path(fastCGIParams: params))
        }
    }

    /// Writes `response`. A browser that went away just ends it; a body that fails half way aborts
    /// the connection, so the browser reports a failed download instead of keeping a truncated file.
    static func send(_ response: Response, to output: ResponseWriter, uri: String, logger: Logger) {
        do {
            try output.writeHead(
                status: response.status, reason: HTTPStatus.reason(response.status), headers: headersWithLength(response))
            switch response.body {
            case .bytes(let bytes): try output.write(bytes)
            case .stream(let produce): try produce(OutputBodyWriter(output: output))
            }
        } catch is ClientGone {
            logger.debug("client went away", metadata: ["uri": "\(uri)"])
        } catch {
            // The status line may be out already: cutting the connection is all that can tell the browser.
            logger.error("streamed response failed; connection aborted", metadata: ["uri": "\(uri)", "error": "\(error)"])
            output.abort()
        }
    }

    /// A whole body's length lets nginx keep HTTP/1.0 clients' connections alive and spares it chunking.
    private static func headersWithLength(_ response: Response) -> [(name: String, value: String)] {
        guard case .bytes(let bytes) = response.body, response.header("Content-Length") == nil else {
            return response.headers
        }
        return response.headers + [("Content-Length", String(bytes.count))]
    }
}

extension Request {
    /// The application's view of nginx's params; the path is the decoded `DOCUMENT_URI`.
    init(fastCGIParams params: [String: String], body: [UInt8]) {
        self.init(
            method: params["REQUEST_METHOD"] ?? "GET",
            path: Self.path(fastCGIParams: params),
            queryString: params["QUERY_STRING"] ?? "",
            headers: Self.headers(fastCGIParams: params),
            remoteUser: params["REMOTE_USER"].flatMap { $0.isEmpty ? nil : $0 },
            body: body)
    }

    static func path(fastCGIParams params: [String: String]) -> String {
        if let uri = params["DOCUMENT_URI"], !uri.isEmpty { return uri }
        if let script = params["SCRIPT_NAME"], !script.isEmpty { return script }
        let requestURI = params["REQUEST_URI"] ?? ""
        let path = requestURI.prefix { $0 != "?" }
        return path.isEmpty ? "/" : String(path)
    }

    /// `HTTP_ACCEPT_LANGUAGE` becomes `accept-language`; CONTENT_TYPE and CONTENT_LENGTH come without the prefix.
    private static func headers(fastCGIParams params: [String: String]) -> [String: String] {
        var headers: [String: String] = [:]
        for (name, value) in params where name.hasPrefix("HTTP_") {
            // Byte by byte: Foundation's string search here was 2% of a light page.
            let bytes = name.utf8.dropFirst(5).map { $0 == UInt8(ascii: "_") ? UInt8(ascii: "-") : $0 }
            headers[String(decoding: bytes, as: UTF8.self).lowercased()] = value
        }
        for (param, header) in [("CONTENT_TYPE", "content-type"), ("CONTENT_LENGTH", "content-length")] {
            if let value = params[param], !value.isEmpty { headers[header] = value }
        }
        return headers
    }
}

/// Lets a streamed body go straight into the FastCGI output.
private struct OutputBodyWriter: BodyWriter {
    let output: ResponseWriter

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try output.write(bytes)
    }
}
