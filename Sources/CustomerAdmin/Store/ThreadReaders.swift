import Foundation
import GRDB

/// One object per thread, made on the thread's first use and released when the thread ends.
final class ThreadLocal<Value: AnyObject>: @unchecked Sendable {
    private let key: pthread_key_t
    private let make: @Sendable () throws -> Value

    init(_ make: @escaping @Sendable () throws -> Value) {
        self.make = make
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<AnyObject>.fromOpaque(pointer).release() }
        }
        self.key = key
    }

    deinit {
        if let pointer = pthread_getspecific(key) { Unmanaged<AnyObject>.fromOpaque(pointer).release() }
        pthread_key_delete(key)
    }

    /// This thread's value.
    func current() throws -> Value {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<AnyObject>.fromOpaque(pointer).takeUnretainedValue() as! Value
        }
        let value = try make()
        pthread_setspecific(key, Unmanaged<AnyObject>.passRetained(value).toOpaque())
        return value
    }
}

/// One read-only connection per thread, opened on the thread's first read, with the thread's memo of
/// data. A `DatabasePool` hands its readers out through locks every request contends for: under 16
/// concurrent listings the responder spent more time switching threads than reading. A connection
/// of its own never waits. A thread that ends closes its connection.
final class ThreadReaders: Sendable {
    final class Reader {
        let connection: DatabaseQueue
        let memo = StoreMemo<AnyHashable, Any>()

        init(_ connection: DatabaseQueue) { self.connection = connection }

        /// The version this connection sees now.
        func version() throws -> StoreVersion {
            try connection.inDatabase(version(_:))
        }

        /// The version `db` (this connection) sees; inside a read transaction, the one its snapshot has.
        func version(_ db: Database) throws -> StoreVersion {
            let dataVersion = try Int.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
            return StoreVersion(connection: ObjectIdentifier(self), dataVersion: dataVersion)
        }
    }

    private let readers: ThreadLocal<Reader>

    init(path: String, configuration: Configuration) {
        var readOnly = configuration
        readOnly.readonly = true
        let opened = readOnly
        readers = ThreadLocal { Reader(try DatabaseQueue(path: path, configuration: opened)) }
    }

    /// This thread's connection and memo.
    func current() throws -> Reader { try readers.current() }
}
