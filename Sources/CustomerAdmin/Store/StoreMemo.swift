/// Where the store stood when something was read: a thread's read-only connection and its
/// `PRAGMA data_version`, which moves with every commit made by any other connection or process.
/// Versions of two connections never compare equal, so a value kept under one is never taken for
/// the other's.
public struct StoreVersion: Hashable, Sendable {
    let connection: ObjectIdentifier
    let dataVersion: Int
}

/// Values kept while the store is unchanged: what staff ask for again and again (the listing's first
/// page, the signed-in staff member) costs one check instead of a read. One memo per thread, filled
/// from that thread's connection. Most recent entries first; the least recently used goes when it is full.
final class StoreMemo<Key: Hashable, Value> {
    let capacity: Int

    private struct Entry {
        /// Compared before the key: comparing two listing filters field by field costs more than hashing one.
        var hash: Int
        var key: Key
        var value: Value
    }

    private var version: StoreVersion?
    private var entries: [Entry] = []

    init(capacity: Int = 16) { self.capacity = capacity }

    /// The value kept for `key`, when the store is still at `version`.
    func value(for key: Key, at version: StoreVersion) -> Value? {
        guard version == self.version, let index = index(of: key, hash: key.hashValue) else { return nil }
        let entry = entries.remove(at: index)
        entries.insert(entry, at: 0)
        return entry.value
    }

    /// Keeps `value`, read from the store at `version`; entries of another version are dropped.
    func keep(_ value: Value, for key: Key, at version: StoreVersion) {
        if version != self.version {
            entries.removeAll(keepingCapacity: true)
            self.version = version
        }
        let hash = key.hashValue
        if let index = index(of: key, hash: hash) { entries.remove(at: index) }
        entries.insert(Entry(hash: hash, key: key, value: value), at: 0)
        if entries.count > capacity { entries.removeLast() }
    }

    private func index(of key: Key, hash: Int) -> Int? {
        entries.firstIndex { $0.hash == hash && $0.key == key }
    }
}
