import CFastCGI
import Foundation

/// Requests that wait their turn for one shared resource (the store's one writer), served by threads
/// of their own. Any worker accepts such a request, hands it here and goes back to accepting: however
/// many of them queue for the resource, they never hold the workers that every other request needs.
public struct WaitingLane: Sendable {
    /// How many of these requests are served at once (one can get ready while another holds the resource).
    public var threads: Int
    /// Which requests take the lane, by their FastCGI params.
    public var admits: @Sendable (_ params: [String: String]) -> Bool

    public init(threads: Int, admits: @escaping @Sendable (_ params: [String: String]) -> Bool) {
        self.threads = max(1, threads)
        self.admits = admits
    }
}

/// An accepted request waiting in the lane: its libfcgi state, owned by whoever holds this.
struct AcceptedRequest: @unchecked Sendable {  // one thread at a time: the worker hands it over, the lane serves and frees it
    let request: UnsafeMutablePointer<FCGX_Request>
    let params: [String: String]
}

/// The lane's queue: first in, first served. Ends (`next` returns nil) once empty after every worker
/// has finished, so no accepted request is dropped on a stop.
final class LaneQueue: @unchecked Sendable {  // every stored property is guarded by `changed`
    private let changed = NSCondition()
    private var waiting: [AcceptedRequest] = []
    private var head = 0
    private var workersLeft: Int

    init(workers: Int) { workersLeft = workers }

    func add(_ request: AcceptedRequest) {
        changed.withLock {
            waiting.append(request)
            changed.signal()
        }
    }

    /// The next request, waiting for one; nil when none can come any more.
    func next() -> AcceptedRequest? {
        changed.withLock {
            while head == waiting.count && workersLeft > 0 { changed.wait() }
            guard head < waiting.count else { return nil }
            let request = waiting[head]
            head += 1
            if head == waiting.count {
                waiting.removeAll(keepingCapacity: true)
                head = 0
            }
            return request
        }
    }

    func workerFinished() {
        changed.withLock {
            workersLeft -= 1
            changed.broadcast()
        }
    }
}
