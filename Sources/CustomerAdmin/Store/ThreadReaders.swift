import Foundation
import GRDB

/// One read-only connection per thread, opened on the thread's first read, with the thread's memo.
/// A `DatabasePool` hands its readers out through locks every request contends for: under 16
/// concurrent listings the responder spent more time switching threads than reading. A connection
/// of its own never waits.
final class ThreadReaders: Sendable {
    final class Reader {
        let connection: DatabaseQueue
        let memo = StoreMemo()

        init(_ connection: DatabaseQueue) { self.connection = connection }
    }

    private let path: String
    private let configuration: Configuration
    private let key: pthread_key_t

    init(path: String, configuration: Configuration) {
        var configuration = configuration
        configuration.readonly = true
        self.path = path
        self.configuration = configuration
        var key = pthread_key_t()
        // A thread that ends closes its connection.
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<Reader>.fromOpaque(pointer).release() }
        }
        self.key = key
    }

    deinit {
        if let pointer = pthread_getspecific(key) { Unmanaged<Reader>.fromOpaque(pointer).release() }
        pthread_key_delete(key)
    }

    /// This thread's connection and memo.
    func current() throws -> Reader {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<Reader>.fromOpaque(pointer).takeUnretainedValue()
        }
        let reader = Reader(try DatabaseQueue(path: path, configuration: configuration))
        pthread_setspecific(key, Unmanaged.passRetained(reader).toOpaque())
        return reader
    }
}
