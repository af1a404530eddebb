import Foundation

/// How many large downloads the responder writes at once. Writing a file of a million rows keeps a
/// worker thread and a core busy for seconds; a dozen started together would take every thread, and
/// nobody's page would be served until they were written. So a large download needs a turn, and one
/// that finds none gets a 429 page at once (a thread waiting for a turn would be a thread lost to
/// pages too). A small one needs no turn: it is written in milliseconds.
public final class LargeDownloads: @unchecked Sendable {
    /// Turns given out at once.
    public let capacity: Int
    /// Rows above which a download is large: 10,000 is about a tenth of a second of writing.
    let largeRows: Int
    /// Turns in use; guarded by `lock`.
    private var running = 0
    private let lock = NSLock()

    public init(capacity: Int, largeRows: Int = 10_000) {
        self.capacity = max(1, capacity)
        self.largeRows = largeRows
    }

    /// A quarter of the worker threads (at least one): the rest keep serving pages.
    public static func capacity(forThreads threads: Int) -> Int {
        max(1, threads / 4)
    }

    /// Held while one large file is written; the turn is given back when the download's body lets
    /// go of it: written, failed, or never sent (a HEAD).
    final class Turn: Sendable {
        private let downloads: LargeDownloads

        fileprivate init(_ downloads: LargeDownloads) {
            self.downloads = downloads
        }

        deinit { downloads.giveBack() }
    }

    /// The turn a download of `total` rows (as far as they were counted; nil: not countable in time)
    /// needs, none for a small one; a 429 page when every turn is taken.
    func turn(for total: CustomerTotal?) throws -> Turn? {
        if case .exact(let count) = total, count <= largeRows { return nil }
        return try take()
    }

    private func take() throws -> Turn {
        let taken = lock.withLock {
            guard running < capacity else { return false }
            running += 1
            return true
        }
        guard taken else {
            throw HTTPError(
                429,
                "\(Format.count(capacity)) large \(capacity == 1 ? "download is" : "downloads are") being written right now, the most at once. Try again in a few seconds, or narrow the list to \(Format.count(largeRows)) customers or fewer, which download at once.",
                retryAfter: 5)
        }
        return Turn(self)
    }

    /// Turns in use now.
    var inUse: Int { lock.withLock { running } }

    private func giveBack() {
        lock.withLock { running -= 1 }
    }
}
