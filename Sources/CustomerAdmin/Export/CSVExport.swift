import GRDB

/// `GET /customers.csv`: every customer the listing's query matches, not just a page, in the
/// listing's columns and order, as UTF-8 CSV with a BOM. Streamed row by row from one read, so a
/// million rows never sit in memory.
enum CSVExport {
    static func response(_ request: Request, database: AppDatabase) throws -> Response {
        let export = try ListingExport(request)
        return ListingExport.download(contentType: "text/csv; charset=utf-8", fileExtension: "csv") { output in
            try export.withRows(in: database) { rows in try write(rows, to: output) }
        }
    }

    private static func write(_ rows: AnyCursor<Row>, to output: any BodyWriter) throws {
        var csv = CSVChunkWriter(to: output)
        csv.byteOrderMark()
        for column in ListingExport.columns { csv.text(column.rawValue) }
        try csv.endRow()
        while let row = try rows.next() {
            try write(row, to: &csv)
            try csv.endRow()
        }
        try csv.flush()
    }

    /// One customer's cells, read by index in `ListingExport.columns` order: balance in cents and
    /// active loans are numbers; status is its raw value and dates are as stored, like other text.
    /// Text is read as `String` (short ones need no allocation): a `Data` view per cell through
    /// `withUnsafeData` measured 40% slower over a million rows.
    private static func write(_ row: Row, to csv: inout CSVChunkWriter) throws {
        for (index, column) in ListingExport.columns.enumerated() {
            switch column {
            case .balance: csv.money(cents: row[index])
            case .activeLoans: csv.integer(row[index])
            default: csv.text(row[index] as String)
            }
        }
    }
}
