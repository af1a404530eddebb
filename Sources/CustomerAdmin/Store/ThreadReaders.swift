import Foundation
import GRDB

/// One read-only connection per thread, opened on the thread's first read. A `DatabasePool` hands
/// its readers out through locks every request contends for: under 16 concurrent listings the
/// responder spent more time switching threads than reading. A connection of its own never waits.
final class ThreadReaders: Sendable {
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
            if let pointer { Unmanaged<DatabaseQueue>.fromOpaque(pointer).release() }
        }
        self.key = key
    }

    deinit {
        if let pointer = pthread_getspecific(key) { Unmanaged<DatabaseQueue>.fromOpaque(pointer).release() }
        pthread_key_delete(key)
    }

    /// This thread's connection.
    func current() throws -> DatabaseQueue {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<DatabaseQueue>.fromOpaque(pointer).takeUnretainedValue()
        }
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        pthread_setspecific(key, Unmanaged.passRetained(connection).toOpaque())
        return connection
    }
}
