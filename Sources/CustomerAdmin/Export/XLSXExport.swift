import CXlsxWriter
import Foundation
import GRDB

/// `GET /customers.xlsx`: the same rows and columns as the CSV download, as an Excel sheet with a
/// bold, frozen, filterable header, dates as dates and money as numbers.
///
/// libxlsxwriter writes to a path, so the sheet goes to a temporary file (in constant-memory mode,
/// private to this process: `XLSXTemporaryFiles`) and is then sent in chunks. Both happen inside the stream closure: memory stays flat, and the
/// read transaction and the file exist only while a download is actually being sent.
enum XLSXExport {
    static let contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// A list longer than a sheet holds is refused before the download starts, with a page that says
    /// so; once the file is on its way, the status can no longer tell. `rowLimit` is for tests.
    static func response(
        _ request: Request, database: AppDatabase, chosen: [CustomerFilter.Section: [String]] = [:],
        rowLimit: Int = XLSXWorkbook.lastRow, downloads: LargeDownloads
    ) throws -> Response {
        let export = try ListingExport(request, catalog: database.catalog, chosen: chosen)
        guard case .exact(let count) = try countWithinBudget(export.filter, database: database, rowLimit: rowLimit), count <= rowLimit else {
            throw HTTPError(
                422,
                "More than \(Format.count(rowLimit)) customers match, and an Excel sheet holds no more. Narrow the list, or download it as CSV.")
        }
        let turn = try downloads.turn(for: .exact(count))
        return ListingExport.download(contentType: contentType, fileExtension: "xlsx") { output in
            try withExtendedLifetime(turn) { try write(export, from: database, to: output) }
        }
    }

    private static func write(_ export: ListingExport, from database: AppDatabase, to output: any BodyWriter) throws {
        let path = try XLSXTemporaryFiles.newFile(named: "customers-\(UUID().uuidString).xlsx")
        defer { unlink(path) }
        try writeWorkbook(export, from: database, to: path)
        try send(URL(fileURLWithPath: path), to: output)
    }

    private static func countWithinBudget(_ filter: CustomerFilter, database: AppDatabase, rowLimit: Int) throws -> CustomerTotal {
        do {
            return try database.matchCount(filter, countingUpTo: rowLimit)
        } catch is OverTimeBudget {
            throw HTTPError(422, "This list is too broad to count in time. Narrow it (a section, a status, a date range, longer search words), or download it as CSV.")
        }
    }

    private static func writeWorkbook(_ export: ListingExport, from database: AppDatabase, to path: String) throws {
        let workbook = try XLSXWorkbook(path: path, sheetName: "Customers")
        let sheet = try CustomerSheet(workbook, columns: export.columns)
        let lastRow = try export.withRows(in: database) { rows in try sheet.write(rows) }
        try workbook.autofilter(lastRow: lastRow, lastColumn: export.columns.count - 1)
        try workbook.close()
    }

    private static func send(_ file: URL, to output: any BodyWriter) throws {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: 64 * 1024), !chunk.isEmpty {
            try chunk.withUnsafeBytes { try output.write($0) }
        }
    }
}

/// The customer sheet's layout: column widths and formats, the header, and one customer per row.
private struct CustomerSheet {
    let workbook: XLSXWorkbook
    let columns: [Field]
    let money: XLSXWorkbook.CellFormat?
    let timestamp: XLSXWorkbook.CellFormat?
    let day: XLSXWorkbook.CellFormat?

    init(_ workbook: XLSXWorkbook, columns: [Field]) throws {
        self.workbook = workbook
        self.columns = columns
        money = workbook.format(numberFormat: "#,##0.00")
        timestamp = workbook.format(numberFormat: "yyyy-mm-dd hh:mm")
        day = workbook.format(numberFormat: "yyyy-mm-dd")
        for (index, column) in columns.enumerated() {
            try workbook.setColumn(index, width: Self.width(column))
        }
        let bold = workbook.format(bold: true)
        for (index, column) in columns.enumerated() {
            try workbook.write(column.name, row: 0, column: index, format: bold)
        }
        workbook.freezeRows(1)
    }

    /// One customer per row below the header; returns the last row written.
    func write(_ rows: AnyCursor<Row>) throws -> Int {
        var row = 0
        while let customer = try rows.next() {
            row += 1
            guard row <= XLSXWorkbook.lastRow else {
                throw XLSXError("more than \(XLSXWorkbook.lastRow) customers match; Excel holds no more. Narrow the list or download CSV.")
            }
            try write(customer, at: row)
        }
        return row
    }

    /// Cells read by index in the columns' order. Text is always a string cell (no formula can
    /// run), so unlike CSV nothing needs neutralising; a date the store holds in an unexpected
    /// shape is kept as text rather than lost, and an empty one left blank.
    func write(_ customer: Row, at row: Int) throws {
        for (index, column) in columns.enumerated() {
            switch column.type {
            case .money:
                let cents: Int64 = customer[index]
                try workbook.write(Double(cents) / 100, row: row, column: index, format: money)
            case .count, .yesNo:
                let count: Int64 = customer[index]
                try workbook.write(Double(count), row: row, column: index)
            case .timestamp, .date:
                let stored: String = customer[index]
                if let date = Self.datetime(stored) {
                    try workbook.write(date, row: row, column: index, format: column.type == .date ? day : timestamp)
                } else if !stored.isEmpty {
                    try workbook.write(stored, row: row, column: index)
                }
            case .choice(let directory):
                // The label, as pages, the PDF and the CSV show it.
                try workbook.write(directory.label(for: customer[index]), row: row, column: index)
            default:
                try workbook.write(customer[index] as String, row: row, column: index)
            }
        }
    }

    /// The store's `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD`, read digit by digit (no formatter per cell).
    static func datetime(_ stored: String) -> lxw_datetime? {
        var bytes = Array(stored.utf8)
        if bytes.count == 10 { bytes += Array(" 00:00:00".utf8) }
        guard bytes.count == 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: " "), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
        else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int32(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1900...9999).contains(year), (1...12).contains(month), (1...31).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        return lxw_datetime(year: year, month: month, day: day, hour: hour, min: minute, sec: Double(second))
    }

    /// Characters wide enough for typical values, so the sheet opens readable.
    private static func width(_ column: Field) -> Double {
        switch column.type {
        case .money: 15
        case .count, .yesNo: 12
        case .timestamp: 17
        case .date: 12
        case .email: 30
        case .choice: 13
        case .phone: 18
        case .text: column.maxLength > 200 ? 40 : column.maxLength >= 200 ? 32 : 18
        }
    }
}
