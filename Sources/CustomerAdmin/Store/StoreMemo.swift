/// Values read from the store and kept while the store is unchanged: what staff ask for again and
/// again (the listing's first page, the signed-in staff member) costs one check instead of a read
/// and a render. One memo per thread, tied to that thread's connection, whose `PRAGMA data_version`
/// moves with every commit made by any other connection or process. Most recent entries first; the
/// least recently used goes when it is full.
final class StoreMemo {
    static let capacity = 16

    private struct Entry {
        /// Compared before the key: comparing two listing filters field by field costs more than hashing one.
        var hash: Int
        var key: AnyHashable
        var value: Any
    }

    private var version: Int?
    private var entries: [Entry] = []

    /// The value kept for `key`, when the store is still at `version`.
    func value(for key: AnyHashable, at version: Int) -> Any? {
        guard version == self.version, let index = index(of: key, hash: key.hashValue) else { return nil }
        let entry = entries.remove(at: index)
        entries.insert(entry, at: 0)
        return entry.value
    }

    /// Keeps `value`, read from the store at `version`; entries of another version are dropped.
    func keep(_ value: Any, for key: AnyHashable, at version: Int) {
        if version != self.version {
            entries.removeAll(keepingCapacity: true)
            self.version = version
        }
        let hash = key.hashValue
        if let index = index(of: key, hash: hash) { entries.remove(at: index) }
        entries.insert(Entry(hash: hash, key: key, value: value), at: 0)
        if entries.count > Self.capacity { entries.removeLast() }
    }

    private func index(of key: AnyHashable, hash: Int) -> Int? {
        entries.firstIndex { $0.hash == hash && $0.key == key }
    }
}
