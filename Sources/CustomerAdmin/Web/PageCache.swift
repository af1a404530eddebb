import Foundation

/// Rendered pages kept between requests, so a page asked for again costs a check of the store's
/// version instead of a read and a render. Each thread keeps its own (the version it checks is its
/// own connection's), the last 16 pages, until anything commits to the store.
///
/// A kept page is shared by everyone with the same key, so the key names everything the page
/// depends on besides the store, the role included; what belongs to one user goes around it (the
/// layout with the user's name) or into its form slots (CSRF token, submission key).
final class PageCache: Sendable {
    struct Key: Hashable, Sendable {
        var page: Page
        var role: Role
        /// Days since 1970: date presets count back from today.
        var day: Int
        var filter: CustomerFilter
        /// The listing's columns by field name: a user's choice, or the section's standard ones.
        /// Users who chose the same share a page; nobody's name is in the key.
        var columns: [String]
    }

    enum Page: Hashable, Sendable {
        /// The listing's content inside the layout.
        case listing
        /// The listing's results region alone (`X-Fragment: results`, search as you type).
        case listingResults
    }

    private let memos = ThreadLocal { StoreMemo<Key, FormSlots>() }

    /// The page under `key`: kept, or read at a version with `read` and rendered with `render`.
    func page<Data>(
        _ key: Key, database: AppDatabase,
        read: (AppDatabase) throws -> (version: StoreVersion?, value: Data), render: (Data) -> HTML
    ) throws -> FormSlots {
        let memo = try memos.current()
        if let now = try database.currentVersion(), let kept = memo.value(for: key, at: now) { return kept }
        let (version, data) = try read(database)
        let page = FormSlots(render(data))
        if let version { memo.keep(page, for: key, at: version) }
        return page
    }
}
