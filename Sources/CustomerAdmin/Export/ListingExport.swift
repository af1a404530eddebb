import Foundation
import GRDB

/// What the CSV and Excel downloads share: the listing's filter taken from the request, the listing's
/// columns for its section (the user's choice where made), and every matching row read in one transaction while the file is being sent.
struct ListingExport: Sendable {
    let filter: CustomerFilter
    /// The section's listing columns in order, `customer_id` first; `withRows` reads them in this
    /// order, so exporters address cells by index (`row[0]`), which spares a name lookup per cell.
    let columns: [Field]

    /// Reads the query now, so malformed input is a 400 page before any byte of the file is sent.
    /// `chosen` is the user's columns per section: a download has the columns of the list it came from.
    init(_ request: Request, catalog: FieldCatalog, chosen: [CustomerFilter.Section: [String]] = [:]) throws {
        filter = CustomerFilter(try request.query())
        columns = catalog.columns(for: filter.section, chosen: chosen[filter.section]).filter { $0.uses.contains(.exportable) }
    }

    /// A download named after today (UTC), e.g. `customers-2026-11-22.csv`. `produce` runs while the
    /// body is sent; what it throws can no longer change the status: the responder logs it and aborts
    /// the connection, so the browser reports the download as failed.
    static func download(
        contentType: String, fileExtension: String, _ produce: @escaping @Sendable (any BodyWriter) throws -> Void
    ) -> Response {
        .download(contentType: contentType, fileName: "customers-\(StoreDate.day(Date())).\(fileExtension)", produce)
    }

    /// The turn writing this download needs from `downloads` (none for a small one), taken before any
    /// byte is sent so that a refusal is still a 429 page. A list not countable in time is large.
    func turn(from downloads: LargeDownloads, database: AppDatabase) throws -> LargeDownloads.Turn? {
        let total: CustomerTotal?
        do {
            total = try database.matchCount(filter, countingUpTo: downloads.largeRows)
        } catch is OverTimeBudget {
            total = nil
        }
        return try downloads.turn(for: total)
    }

    /// Gives `body` a cursor over the matching rows, in the listing's order. Call it inside the
    /// stream closure: the read transaction then lasts as long as the sending and not a moment
    /// before, and since a long reader holds back WAL checkpoints, a download that never starts
    /// never opens one.
    func withRows<T>(in database: AppDatabase, _ body: (AnyCursor<Row>) throws -> T) throws -> T {
        try database.reader.read { db in
            try body(try CustomerQuery(filter, catalog: database.catalog).rows(db, columns: columns))
        }
    }
}
