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
            with StandardInput=socket); stopping leaves an inherited socket working for the next process. \
            SIGTERM or SIGINT stops taking requests, lets those in flight finish (up to --stop-grace) \
            and exits 0.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Listen on a unix socket; a stale socket file there is replaced.", valueName: "path"))
    var socket: String?

    @Option(help: ArgumentHelp("Permissions of the --socket file, in octal. Whoever can connect can claim any user: 660 lets in only the owner and the group (nginx's).", valueName: "mode"))
    var socketMode = "660"

    @Option(help: ArgumentHelp("Listen on a TCP address such as 127.0.0.1:9000.", valueName: "host:port"))
    var listen: String?

    @Option(help: "Worker threads; each serves one connection at a time.")
    var threads = 8

    @Option(help: ArgumentHelp("Threads of their own for the posts that write the store: they wait for its one writer there, so however many queue, reads still find a free worker.", valueName: "count"))
    var writeThreads = 2

    @Option(help: ArgumentHelp("Downloads of more than 10,000 rows written at once; one more gets a 429 page. Default: a quarter of --threads, at least 1.", valueName: "count"))
    var largeDownloads: Int?

    @Option(help: ArgumentHelp("Largest request body accepted; a larger one gets 413.", valueName: "bytes"))
    var maxBody = FastCGIServer.defaultMaxBodySize

    @Option(help: ArgumentHelp("After SIGTERM, how long requests and downloads in flight may run on.", valueName: "seconds"))
    var stopGrace = FastCGIServer.defaultStopGrace

    @Option(help: ArgumentHelp("Give logins nginx let in but the store does not know this role (they are added to the staff); without it they get 403.", valueName: "role"))
    var defaultRole: Role?

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
        if writeThreads < 1 { throw ValidationError("--write-threads must be at least 1.") }
        if let largeDownloads, largeDownloads < 1 { throw ValidationError("--large-downloads must be at least 1.") }
        if maxBody < 0 { throw ValidationError("--max-body cannot be negative.") }
        if !(0...3600).contains(stopGrace) { throw ValidationError("--stop-grace must be 0 to 3600 seconds.") }
        if devUser?.isEmpty == true { throw ValidationError("--dev-user needs a name.") }
    }

    func run() throws {
        // Before the store starts any thread, so that only the server's signal thread sees them.
        FastCGIServer.blockStopSignals()
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let logger = Logger(label: "customer-admin")
        let (handler, lane) = try helloWorld ? (Self.helloWorldHandler(logger: logger), nil) : appHandler(logger: logger)
        let socket = try listener.open()
        defer { socket.close() }
        try writePIDFile()
        defer { removePIDFile() }
        defer { XLSXTemporaryFiles.remove() }
        let server = FastCGIServer(
            socket: socket, threads: threads, lane: lane, maxBodySize: maxBody, stopGrace: .seconds(stopGrace), logger: logger,
            handler: handler)
        try server.run()
    }

    private var listener: Listener {
        if let socket { return .unixSocket(path: socket, permissions: socketPermissions ?? 0o660) }
        if let listen, let address = Listener(tcpAddress: listen) { return address }
        return .inherited
    }

    private var socketPermissions: mode_t? {
        mode_t(socketMode, radix: 8).flatMap { $0 <= 0o777 ? $0 : nil }
    }
}

// MARK: - Handlers

extension ServeCommand {
    private func appHandler(logger: Logger) throws -> (FastCGIServer.Handler, WaitingLane?) {
        if let devUser {
            logger.warning(
                "DEVELOPMENT MODE: requests without REMOTE_USER are served as this user. Never run this behind a real nginx.",
                metadata: ["dev-user": "\(devUser)"])
        }
        // No request waits for a WAL checkpoint: a thread of the store's makes them.
        let database = try store.open(readers: threads, checkpointsInBackground: true)
        do {
            try database.optimize()
        } catch {
            // Stale statistics make some filters slower, not wrong: serve anyway.
            logger.warning("could not refresh the planner's statistics", metadata: ["error": "\(error)"])
        }
        let downloads = LargeDownloads(capacity: largeDownloads ?? LargeDownloads.capacity(forThreads: threads))
        let app = App(database: database, devUser: devUser, defaultRole: defaultRole, logger: logger, largeDownloads: downloads)
        return (
            FastCGIAdapter.handler(app: app, maxBodySize: maxBody, logger: logger),
            FastCGIAdapter.writeLane(app: app, threads: writeThreads)
        )
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
            FastCGIAdapter.send(response, to: output, uri: fastCGIRequest.params["REQUEST_URI"] ?? "", logger: logger)
        }
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
