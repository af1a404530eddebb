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
/// Each worker owns one `FCGX_Request` at a time and loops around `FCGX_Accept_r` with no lock held:
/// with nginx's `fastcgi_keep_conn`, libfcgi reads a kept connection's next request on the
/// thread that accepted it, so a shared accept lock would let one idle connection stall all.
/// A request the `lane` admits goes to the lane's threads, and the worker takes a fresh one.
///
/// Stopping never touches the listening socket: it may be inherited (spawn-fcgi, systemd socket
/// activation) and must keep working for the next process. Idle workers are woken by a signal
/// instead (see `wakeIdleWorkers`); busy ones finish their request, up to `stopGrace`.
public final class FastCGIServer: Sendable {
    /// Handles one request; called on a worker thread, many at once.
    public typealias Handler = @Sendable (FastCGIRequest, ResponseWriter) -> Void

    public static let defaultMaxBodySize = 10 * 1024 * 1024
    public static let defaultStopGrace = 30

    let socket: ListeningSocket
    let threads: Int
    /// Requests served off the workers (nil: every request on the worker that accepted it).
    let lane: WaitingLane?
    let laneQueue: LaneQueue
    let maxBodySize: Int
    /// How long requests in flight (a large download among them) may run on after a stop signal.
    let stopGrace: DispatchTimeInterval
    let logger: Logger
    let handler: Handler
    let workers = WorkerStates()
    let stopRequested = DispatchSemaphore(value: 0)
    let workerFinished = DispatchSemaphore(value: 0)

    public init(
        socket: ListeningSocket, threads: Int = 8, lane: WaitingLane? = nil, maxBodySize: Int = defaultMaxBodySize,
        stopGrace: DispatchTimeInterval = .seconds(defaultStopGrace), logger: Logger, handler: @escaping Handler
    ) {
        self.socket = socket
        self.threads = max(1, threads)
        self.lane = lane
        laneQueue = LaneQueue(workers: self.threads)
        self.maxBodySize = maxBodySize
        self.stopGrace = stopGrace
        self.logger = logger
        self.handler = handler
    }

    /// Blocks SIGTERM and SIGINT in the calling thread and every thread it starts afterwards, so
    /// that they reach only the server's signal thread. Call it before anything starts threads.
    public static func blockStopSignals() {
        var signals = stopSignals()
        pthread_sigmask(SIG_BLOCK, &signals, nil)
    }

    /// Serves until SIGTERM or SIGINT, lets requests in flight finish (up to `stopGrace`), returns.
    /// Throws when accepting fails for good.
    public func run() throws(FastCGIError) {
        Self.blockStopSignals()
        // A browser that went away must show up as a failed write, not kill the process.
        // Set before FCGX_Init, which installs its own SIGPIPE handler only over the default.
        signal(SIGPIPE, SIG_IGN)
        guard FCGX_Init() == 0 else { throw FastCGIError("libfcgi failed to initialise") }
        Self.installWakeHandler()
        startThread(named: "fastcgi-signals") { self.waitForStopSignal() }
        for index in 0..<threads {
            startThread(named: "fastcgi-\(index)") { self.work(index) }
        }
        for index in 0..<(lane?.threads ?? 0) {
            startThread(named: "fastcgi-lane-\(index)") { self.serveLane() }
        }
        logger.info(
            "serving FastCGI", metadata: ["listener": "\(socket)", "threads": "\(threads)", "lane threads": "\(lane?.threads ?? 0)"])
        stopRequested.wait()
        waitForWorkers()
        if let failure = workers.failure { throw failure }
    }
}

// MARK: - Workers

extension FastCGIServer {
    private func work(_ index: Int) {
        var request = newRequest()
        workers.register(worker: index, thread: pthread_self())
        // Idle (and so wakeable) from here until FCGX_Accept_r has a request: blocked in accept(),
        // or reading a kept connection's next request.
        while workers.waitForRequest(worker: index) {
            let status = FCGX_Accept_r(request)
            workers.markBusy(worker: index)
            guard status == 0 else {
                if shouldRetryAccept(failedWith: status) { continue } else { break }
            }
            let params = readParams(request.pointee.envp)
            // A kept connection's next request is read by the thread that accepted it, so it stays here.
            if let lane, request.pointee.keepConnection == 0, lane.admits(params) {
                laneQueue.add(AcceptedRequest(request: request, params: params))
                request = newRequest()
                continue
            }
            serve(request.pointee, params: params)
            FCGX_Finish_r(request)
        }
        FCGX_Free(request, 1)
        request.deallocate()
        workers.unregister(worker: index)
        laneQueue.workerFinished()
        workerFinished.signal()
    }

    /// A lane thread: serves handed-over requests in turn until the workers are done and none is left.
    private func serveLane() {
        while let accepted = laneQueue.next() {
            serve(accepted.request.pointee, params: accepted.params)
            FCGX_Finish_r(accepted.request)  // closes the connection: the lane takes none that is kept
            accepted.request.deallocate()
        }
        workerFinished.signal()
    }

    /// A request for one accept; an interrupted accept() fails instead of being retried: that is
    /// how a stop wakes the worker.
    private func newRequest() -> UnsafeMutablePointer<FCGX_Request> {
        let request = UnsafeMutablePointer<FCGX_Request>.allocate(capacity: 1)
        request.initialize(to: FCGX_Request())
        FCGX_InitRequest(request, socket.fd, FCGI_FAIL_ACCEPT_ON_INTR)
        return request
    }

    private func serve(_ request: FCGX_Request, params: [String: String]) {
        let output = ResponseWriter(output: request.out, connection: request.ipcFd)
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

    /// Resource shortages and stray signals pass; anything else (or a stop) ends the worker.
    private func shouldRetryAccept(failedWith status: Int32) -> Bool {
        guard !workers.stopping else { return false }
        let code = -status
        if code == EINTR { return true }
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

    /// Waits up to `stopGrace` for every worker and lane thread to finish. Idle workers are woken again
    /// and again: one that was about to enter accept() when the last signal came would otherwise sleep on.
    private func waitForWorkers() {
        let deadline = DispatchTime.now() + stopGrace
        let threads = threads + (lane?.threads ?? 0)
        var finished = 0
        while finished < threads {
            workers.wakeIdleWorkers()
            if workerFinished.wait(timeout: min(deadline, .now() + .milliseconds(50))) == .success {
                finished += 1
            } else if DispatchTime.now() >= deadline {
                logger.warning(
                    "requests still running at the end of the stop grace; exiting anyway",
                    metadata: ["workers": "\(threads - finished)"])
                return
            }
        }
        logger.info("stopped")
    }

    /// The signal that wakes an idle worker: its handler does nothing, and it is installed without
    /// SA_RESTART, so the worker's accept() or read() fails with EINTR and, with
    /// FCGI_FAIL_ACCEPT_ON_INTR, FCGX_Accept_r returns instead of retrying. (Not FCGX_ShutdownPending:
    /// libfcgi 2.4 then spins forever in OS_Accept when the signal lands while it checks a fresh unix
    /// connection, as it retries with the descriptor it has just closed.)
    static let wakeSignal = SIGUSR2

    private static func installWakeHandler() {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { _ in }
        #else
        action.__sigaction_u.__sa_handler = { _ in }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(wakeSignal, &action, nil)
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
    /// Each running worker's thread, by worker index; removed before the thread ends.
    private var threads: [Int: pthread_t] = [:]
    /// Workers waiting for a request (not serving one): only these may be interrupted by a signal.
    private var idle: Set<Int> = []

    var stopping: Bool { lock.withLock { stopRequested } }
    var failure: FastCGIError? { lock.withLock { stopFailure } }

    func register(worker: Int, thread: pthread_t) {
        lock.withLock { threads[worker] = thread }
    }

    func unregister(worker: Int) {
        lock.withLock {
            threads[worker] = nil
            idle.remove(worker)
        }
    }

    /// Records the worker as waiting for its next request; false once the server is stopping.
    func waitForRequest(worker: Int) -> Bool {
        lock.withLock {
            guard !stopRequested else { return false }
            idle.insert(worker)
            return true
        }
    }

    func markBusy(worker: Int) {
        lock.withLock { _ = idle.remove(worker) }
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

    /// Interrupts the blocking accept() or read of every idle worker. A busy worker is never
    /// signalled: an interrupted write would cut its response short.
    func wakeIdleWorkers() {
        lock.withLock {
            for worker in idle {
                if let thread = threads[worker] { pthread_kill(thread, FastCGIServer.wakeSignal) }
            }
        }
    }
}
