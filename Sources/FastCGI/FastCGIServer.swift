import CFastCGI
import Dispatch
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Serves FastCGI requests on a fixed set of worker threads until SIGTERM or SIGINT.
///
/// Each worker owns one `FCGX_Request` and loops around `FCGX_Accept_r` with no lock held:
/// with nginx's `fastcgi_keep_conn`, libfcgi reads a kept connection's next request on the
/// thread that accepted it, so a shared accept lock would let one idle connection stall all.
public final class FastCGIServer: Sendable {
    /// Handles one request; called on a worker thread, many at once.
    public typealias Handler = @Sendable (FastCGIRequest, ResponseWriter) -> Void

    public static let defaultMaxBodySize = 10 * 1024 * 1024

    let socket: ListeningSocket
    let threads: Int
    let maxBodySize: Int
    /// How long requests in flight may run on after a stop signal.
    let stopTimeout: DispatchTimeInterval
    let logger: Logger
    let handler: Handler
    let workers = WorkerStates()
    let stopRequested = DispatchSemaphore(value: 0)
    let workerFinished = DispatchSemaphore(value: 0)

    public init(
        socket: ListeningSocket, threads: Int = 8, maxBodySize: Int = defaultMaxBodySize,
        stopTimeout: DispatchTimeInterval = .seconds(4), logger: Logger, handler: @escaping Handler
    ) {
        self.socket = socket
        self.threads = max(1, threads)
        self.maxBodySize = maxBodySize
        self.stopTimeout = stopTimeout
        self.logger = logger
        self.handler = handler
    }

    /// Blocks SIGTERM and SIGINT in the calling thread and every thread it starts afterwards, so
    /// that they reach only the server's signal thread. Call it before anything starts threads.
    public static func blockStopSignals() {
        var signals = stopSignals()
        pthread_sigmask(SIG_BLOCK, &signals, nil)
    }

    /// Serves until SIGTERM or SIGINT, lets requests in flight finish (up to `stopTimeout`), returns.
    /// Throws when accepting fails for good.
    public func run() throws(FastCGIError) {
        Self.blockStopSignals()
        // A browser that went away must show up as a failed write, not kill the process.
        // Set before FCGX_Init, which installs its own SIGPIPE handler only over the default.
        signal(SIGPIPE, SIG_IGN)
        guard FCGX_Init() == 0 else { throw FastCGIError("libfcgi failed to initialise") }
        startThread(named: "fastcgi-signals") { self.waitForStopSignal() }
        for index in 0..<threads {
            startThread(named: "fastcgi-\(index)") { self.work(index) }
        }
        logger.info("serving FastCGI", metadata: ["listener": "\(socket)", "threads": "\(threads)"])
        stopRequested.wait()
        stopAccepting()
        waitForWorkers()
        if let failure = workers.failure { throw failure }
    }
}

// MARK: - Workers

extension FastCGIServer {
    private func work(_ index: Int) {
        var request = FCGX_Request()
        FCGX_InitRequest(&request, socket.fd, 0)
        // libfcgi leaves a kept connection open in `ipcFd`; a stop ends its reads to wake this worker.
        while workers.waitForRequest(worker: index, keptConnection: request.ipcFd) {
            let status = FCGX_Accept_r(&request)
            workers.markBusy(worker: index)
            guard status == 0 else {
                if shouldRetryAccept(failedWith: status) { continue } else { break }
            }
            serve(request)
            FCGX_Finish_r(&request)
        }
        FCGX_Free(&request, 1)
        workerFinished.signal()
    }

    private func serve(_ request: FCGX_Request) {
        let params = readParams(request.envp)
        let output = ResponseWriter(output: request.out)
        let declaredLength = params["CONTENT_LENGTH"].flatMap { Int($0) }
        switch readBody(from: request.in, declaredLength: declaredLength, limit: maxBodySize) {
        case .complete(let body):
            handler(FastCGIRequest(params: params, body: body), output)
        case .tooLarge:
            handler(FastCGIRequest(params: params, body: nil), output)
            output.flush()
            discardRemainingInput(request.in)
        case .incomplete:
            logger.info(
                "connection failed while reading the body; nginx gave up on the request",
                metadata: ["uri": "\(params["REQUEST_URI"] ?? "")"])
        }
    }

    /// Resource shortages pass; anything else (or a stop) ends the worker.
    private func shouldRetryAccept(failedWith status: Int32) -> Bool {
        guard !workers.stopping else { return false }
        let code = -status
        if [EMFILE, ENFILE, ENOBUFS, ENOMEM].contains(code) {
            logger.warning("accept failed; retrying", metadata: ["error": "\(String(cString: strerror(code)))"])
            usleep(100_000)
            return true
        }
        requestStop(failure: code > 0 ? .system("accept failed", errno: code) : FastCGIError("accept failed (\(status))"))
        return false
    }
}

// MARK: - Stopping

extension FastCGIServer {
    private static func stopSignals() -> sigset_t {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        return signals
    }

    private func waitForStopSignal() {
        var signals = Self.stopSignals()
        var received: Int32 = 0
        guard sigwait(&signals, &received) == 0 else { return }
        logger.info("stopping", metadata: ["signal": "\(received == SIGTERM ? "SIGTERM" : "SIGINT")"])
        requestStop(failure: nil)
    }

    private func requestStop(failure: FastCGIError?) {
        if workers.recordStop(failure: failure) { stopRequested.signal() }
    }

    private func stopAccepting() {
        FCGX_ShutdownPending()
        // On Linux this wakes every thread blocked in accept(); later accepts fail at once.
        shutdown(socket.fd, Int32(SHUT_RDWR))
        workers.wakeIdleConnections()
    }

    private func waitForWorkers() {
        let deadline = DispatchTime.now() + stopTimeout
        for finished in 0..<threads {
            guard workerFinished.wait(timeout: deadline) == .success else {
                logger.warning(
                    "requests still running at the stop deadline; exiting anyway",
                    metadata: ["workers": "\(threads - finished)"])
                return
            }
        }
        logger.info("stopped")
    }

    private func startThread(named name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.start()
    }
}

/// What the workers and the stopping thread share. One lock, never held across a blocking call.
final class WorkerStates: @unchecked Sendable {  // every stored property is guarded by `lock`
    private let lock = NSLock()
    private var stopRequested = false
    private var stopFailure: FastCGIError?
    /// The kept connection each idle worker is blocked reading, by worker index.
    private var idleConnections: [Int: KeptConnection] = [:]

    /// A kept connection, known by inode too: its fd number may be reused once libfcgi closes it.
    struct KeptConnection {
        let fd: Int32
        let inode: ino_t
    }

    var stopping: Bool { lock.withLock { stopRequested } }
    var failure: FastCGIError? { lock.withLock { stopFailure } }

    /// Records the worker as waiting for its next request; false once the server is stopping.
    func waitForRequest(worker: Int, keptConnection fd: Int32) -> Bool {
        lock.withLock {
            guard !stopRequested else { return false }
            idleConnections[worker] = fd >= 0 ? socketInode(fd).map { KeptConnection(fd: fd, inode: $0) } : nil
            return true
        }
    }

    func markBusy(worker: Int) {
        lock.withLock { idleConnections[worker] = nil }
    }

    /// True for the first stop request only; from then on no worker takes a new request.
    func recordStop(failure: FastCGIError?) -> Bool {
        lock.withLock {
            guard !stopRequested else { return false }
            stopRequested = true
            stopFailure = failure
            return true
        }
    }

    /// Ends the read of every idle kept connection (EOF), so its worker sees the stop. Writes stay
    /// open: a request that arrived just now still gets its answer.
    func wakeIdleConnections() {
        lock.withLock {
            for connection in idleConnections.values where socketInode(connection.fd) == connection.inode {
                shutdown(connection.fd, Int32(SHUT_RD))
            }
        }
    }

    private func socketInode(_ fd: Int32) -> ino_t? {
        var info = stat()
        return fstat(fd, &info) == 0 ? info.st_ino : nil
    }
}
