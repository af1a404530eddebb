import Foundation
import GRDB

/// One page of the listing with everything the page shows around it, read in one snapshot.
public struct CustomerListing: Sendable {
    public var filter: CustomerFilter
    public var customers: [Customer]
    /// The store's fields; the table shows `columns`.
    public var catalog: FieldCatalog
    /// The table's columns in order: the section's standard ones or the user's choice.
    public var columns: [Field]
    public var total: CustomerTotal
    /// The page actually shown: the requested one clamped to the pages that exist.
    public var page: Int
    public var pageCount: Int
    /// Store-wide totals per section, for the tabs.
    public var sectionTotals: [CustomerFilter.Section: Int]
    /// True when counting or reading the page took longer than the store's `listingBudget`: no rows,
    /// the page says how to narrow the list instead.
    public var overBudget = false

    /// 1-based positions of the first and last row shown (0, 0 when empty).
    public var shownRange: (first: Int, last: Int) {
        guard !customers.isEmpty else { return (0, 0) }
        let first = (page - 1) * filter.perPage + 1
        return (first, first + customers.count - 1)
    }
}

extension AppDatabase {
    /// The listing and the store version it was read at, so a cache of pages can tell when to read again.
    func versionedListing(
        _ filter: CustomerFilter, columns: [Field], today: Date
    ) throws -> (version: StoreVersion?, value: CustomerListing) {
        let budget = listingBudget
        return try versionedRead { db in
            try Self.listing(CustomerQuery(filter, catalog: catalog, today: today), columns: columns, db, budget: budget)
        }
    }

    /// A lower `countLimit` lets tests reach the paths of uncounted lists with a small store.
    func listing(_ filter: CustomerFilter, today: Date, countLimit: Int) throws -> CustomerListing {
        let budget = listingBudget
        return try reader.read { db in
            try Self.listing(
                CustomerQuery(filter, catalog: catalog, today: today, countLimit: countLimit),
                columns: catalog.columns(for: filter.section), db, budget: budget)
        }
    }

    /// The count and the page within `budget`. Past it the listing comes back empty and marked
    /// `overBudget`; it is kept like any other, so asking again costs nothing until the store changes.
    private static func listing(_ query: CustomerQuery, columns: [Field], _ db: Database, budget: Duration) throws -> CustomerListing {
        let filter = query.filter
        let sectionTotals = try Self.sectionTotals(db)
        do {
            return try db.withTimeBudget(budget) {
                let total = try query.total(db)
                // `reachable` is at most the store's size or the deepest count: no overflow below.
                let pageCount = max(1, (total.reachable + filter.perPage - 1) / filter.perPage)
                let page = min(filter.page, pageCount)
                let customers = try Self.page(query, db, page: page, total: total)
                var shown = filter
                shown.page = page
                return CustomerListing(
                    filter: shown, customers: customers, catalog: query.catalog, columns: columns, total: total, page: page,
                    pageCount: pageCount, sectionTotals: sectionTotals)
            }
        } catch is OverTimeBudget {
            return CustomerListing(
                filter: filter, customers: [], catalog: query.catalog, columns: columns, total: .exact(0), page: 1, pageCount: 1,
                sectionTotals: sectionTotals, overBudget: true)
        }
    }

    /// How many customers match, counted no further than `limit` (then `.moreThan`), for a download
    /// about to start: ten listing budgets, as it runs once per file. Past them, `OverTimeBudget`.
    public func matchCount(_ filter: CustomerFilter, countingUpTo limit: Int) throws -> CustomerTotal {
        var whole = filter
        whole.page = 1
        let budget = listingBudget * 10
        return try reader.read { db in
            try db.withTimeBudget(budget) { try CustomerQuery(whole, catalog: catalog, countLimit: limit).total(db) }
        }
    }

    /// Pages past the middle of an exactly counted list are read from its far end, so "last" stays
    /// cheap; a list too long to count is first tried by walking IDs.
    private static func page(_ query: CustomerQuery, _ db: Database, page: Int, total: CustomerTotal) throws -> [Customer] {
        let perPage = query.filter.perPage
        let offset = (page - 1) * perPage
        switch total {
        case .exact(let count) where offset > count / 2:
            let limit = min(perPage, count - offset)
            return limit > 0 ? try query.customers(db, offsetFromEnd: count - offset - limit, limit: limit) : []
        case .moreThan:
            if let walked = try query.customersInIDWindow(db, offset: offset, limit: perPage) { return walked }
        case .exact:
            break
        }
        return try query.customers(db, offset: offset, limit: perPage)
    }

    private static func sectionTotals(_ db: Database) throws -> [CustomerFilter.Section: Int] {
        var totals: [CustomerFilter.Section: Int] = [.pre: 0, .customers: 0, .all: 0]
        for (status, count) in try totalsByStatus(db) {
            totals[status.isPreCustomer ? .pre : .customers, default: 0] += count
            totals[.all, default: 0] += count
        }
        return totals
    }
}
