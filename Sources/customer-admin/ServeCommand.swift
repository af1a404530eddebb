import ArgumentParser
import CustomerAdmin
import FastCGI
import Foundation
import Logging

/// Answers nginx's FastCGI requests until SIGTERM or SIGINT.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the application to nginx over FastCGI.",
        discussion: """
            Without --socket or --listen the listening socket is inherited on fd 0 (spawn-fcgi, or systemd \
            with StandardInput=socket). SIGTERM or SIGINT stops taking requests, lets those in flight \
            finish (up to 4 s) and exits 0.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Listen on a unix socket; a stale socket file there is replaced.", valueName: "path"))
    var socket: String?

    @Option(help: ArgumentHelp("Permissions of the --socket file, in octal. 660 keeps out local users outside its group.", valueName: "mode"))
    var socketMode = "666"

    @Option(help: ArgumentHelp("Listen on a TCP address such as 127.0.0.1:9000.", valueName: "host:port"))
    var listen: String?

    @Option(help: "Worker threads; each serves one connection at a time.")
    var threads = 8

    @Option(help: ArgumentHelp("Largest request body accepted; a larger one gets 413.", valueName: "bytes"))
    var maxBody = FastCGIServer.defaultMaxBodySize

    @Option(help: ArgumentHelp("Serve requests that carry no REMOTE_USER as this user. Development only.", valueName: "name"))
    var devUser: String?

    @Flag(help: "Answer every request with a fixed \"Hello, world\" without opening the store (the FastCGI baseline for benchmarks).")
    var helloWorld = false

    @Option(help: ArgumentHelp("Write the process id to this file while serving.", valueName: "path"))
    var pidFile: String?

    func validate() throws {
        if socket != nil, listen != nil { throw ValidationError("Give --socket or --listen, not both.") }
        if let listen, Listener(tcpAddress: listen) == nil {
            throw ValidationError("--listen needs HOST:PORT, such as 127.0.0.1:9000; got \(listen).")
        }
        if socketPermissions == nil { throw ValidationError("--socket-mode needs an octal mode such as 660; got \(socketMode).") }
        if threads < 1 { throw ValidationError("--threads must be at least 1.") }
        if maxBody < 0 { throw ValidationError("--max-body cannot be negative.") }
        if devUser?.isEmpty == true { throw ValidationError("--dev-user needs a name.") }
    }

    func run() throws {
        // Before the store starts any thread, so that only the server's signal thread sees them.
        FastCGIServer.blockStopSignals()
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let logger = Logger(label: "customer-admin")
        let handler = try helloWorld ? Self.helloWorldHandler(logger: logger) : appHandler(logger: logger)
        let socket = try listener.open()
        defer { socket.close() }
        try writePIDFile()
        defer { removePIDFile() }
        let server = FastCGIServer(
            socket: socket, threads: threads, maxBodySize: maxBody, logger: logger, handler: handler)
        try server.run()
    }

    private var listener: Listener {
        if let socket { return .unixSocket(path: socket, permissions: socketPermissions ?? 0o666) }
        if let listen, let address = Listener(tcpAddress: listen) { return address }
        return .inherited
    }

    private var socketPermissions: mode_t? {
        mode_t(socketMode, radix: 8).flatMap { $0 <= 0o777 ? $0 : nil }
    }
}

// MARK: - Handlers

extension ServeCommand {
    private func appHandler(logger: Logger) throws -> FastCGIServer.Handler {
        if let devUser {
            logger.warning(
                "DEVELOPMENT MODE: requests without REMOTE_USER are served as this user. Never run this behind a real nginx.",
                metadata: ["dev-user": "\(devUser)"])
        }
        let database = try store.open(readers: threads)
        do {
            try database.optimize()
        } catch {
            // Stale statistics make some filters slower, not wrong: serve anyway.
            logger.warning("could not refresh the planner's statistics", metadata: ["error": "\(error)"])
        }
        let app = App(database: database, devUser: devUser, logger: logger)
        let tooLarge = Response.text("Request body too large: the limit is \(maxBody) bytes.\n", status: 413)
        return { fastCGIRequest, output in
            let response: Response
            if let body = fastCGIRequest.body {
                response = app.handle(Request(fastCGIParams: fastCGIRequest.params, body: body))
            } else {
                response = tooLarge
            }
            send(response, to: output, for: fastCGIRequest.params, logger: logger)
        }
    }

    /// No store, no routing: what is left is the cost of FastCGI and writing a response. `?bytes=N`
    /// pads the body to N bytes (up to 1 MiB), pricing the transport of a page that size.
    private static func helloWorldHandler(logger: Logger) -> FastCGIServer.Handler {
        let hello = Array("Hello, world\n".utf8)
        let padding = (0..<(1 << 20)).map { hello[$0 % hello.count] }
        return { fastCGIRequest, output in
            let query = fastCGIRequest.params["QUERY_STRING"] ?? ""
            let size = query.hasPrefix("bytes=") ? Int(query.dropFirst(6)).map { min(max($0, 0), padding.count) } : nil
            let body = size.map { Array(padding.prefix($0)) } ?? hello
            let response = Response(status: 200, headers: [("Content-Type", "text/plain; charset=utf-8")], body: .bytes(body))
            send(response, to: output, for: fastCGIRequest.params, logger: logger)
        }
    }
}

// MARK: - FastCGI params to Request, Response to FastCGI output

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

    private static func path(fastCGIParams params: [String: String]) -> String {
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
            headers[name.dropFirst(5).lowercased().replacingOccurrences(of: "_", with: "-")] = value
        }
        for (param, header) in [("CONTENT_TYPE", "content-type"), ("CONTENT_LENGTH", "content-length")] {
            if let value = params[param], !value.isEmpty { headers[header] = value }
        }
        return headers
    }
}

/// Writes `response`; HEAD gets the head only. A browser that went away just ends the response.
private func send(_ response: Response, to output: ResponseWriter, for params: [String: String], logger: Logger) {
    do {
        try output.writeHead(status: response.status, headers: headersWithLength(response))
        guard params["REQUEST_METHOD"] != "HEAD" else { return }
        switch response.body {
        case .bytes(let bytes): try output.write(bytes)
        case .stream(let produce): try produce(OutputBodyWriter(output: output))
        }
    } catch is ClientGone {
        logger.debug("client went away", metadata: ["uri": "\(params["REQUEST_URI"] ?? "")"])
    } catch {
        // The status line is already out, so the truncated body is all the browser can be told.
        logger.error("streamed response failed", metadata: ["uri": "\(params["REQUEST_URI"] ?? "")", "error": "\(error)"])
    }
}

/// A whole body's length lets nginx keep HTTP/1.0 clients' connections alive and spares it chunking.
private func headersWithLength(_ response: Response) -> [(name: String, value: String)] {
    guard case .bytes(let bytes) = response.body, response.header("Content-Length") == nil else {
        return response.headers
    }
    return response.headers + [("Content-Length", String(bytes.count))]
}

/// Lets a streamed body go straight into the FastCGI output.
private struct OutputBodyWriter: BodyWriter {
    let output: ResponseWriter

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try output.write(bytes)
    }
}

// MARK: - PID file

extension ServeCommand {
    private func writePIDFile() throws {
        guard let pidFile else { return }
        try "\(getpid())\n".write(toFile: pidFile, atomically: true, encoding: .utf8)
    }

    private func removePIDFile() {
        guard let pidFile else { return }
        unlink(pidFile)
    }
}
