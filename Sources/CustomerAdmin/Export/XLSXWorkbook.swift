import CXlsxWriter
import Foundation

/// A one-sheet Excel workbook written by libxlsxwriter to `path` in constant-memory mode: each row
/// goes to a temporary file (in the system's temporary folder) as soon as the next one starts, so memory
/// stays flat however many rows there are, but rows must be written top to bottom.
///
/// Only libxlsxwriter's non-variadic functions are used; Swift cannot call the variadic ones.
final class XLSXWorkbook {
    typealias CellFormat = UnsafeMutablePointer<lxw_format>

    /// Excel's last row index (1,048,576 rows in all).
    static let lastRow = Int(LXW_ROW_MAX) - 1

    private var workbook: UnsafeMutablePointer<lxw_workbook>?
    private let sheet: UnsafeMutablePointer<lxw_worksheet>
    private let temporaryDirectory: UnsafeMutablePointer<CChar>

    init(path: String, sheetName: String) throws {
        // Kept alive until the workbook is closed, in case the library keeps the pointer.
        temporaryDirectory = strdup(FileManager.default.temporaryDirectory.path)
        var options = lxw_workbook_options()
        options.constant_memory = UInt8(LXW_TRUE.rawValue)
        options.tmpdir = temporaryDirectory
        guard let workbook = workbook_new_opt(path, &options),
            let sheet = workbook_add_worksheet(workbook, sheetName)
        else {
            free(temporaryDirectory)
            throw XLSXError("cannot create the workbook at \(path)")
        }
        self.workbook = workbook
        self.sheet = sheet
    }

    deinit {
        // Not closed means something failed half-way: free it without writing the file.
        if let workbook { lxw_workbook_free(workbook) }
        free(temporaryDirectory)
    }

    // MARK: - Layout

    func format(bold: Bool = false, numberFormat: String? = nil) -> CellFormat? {
        guard let workbook, let format = workbook_add_format(workbook) else { return nil }
        if bold { format_set_bold(format) }
        if let numberFormat { format_set_num_format(format, numberFormat) }
        return format
    }

    /// Width in characters of the default font, and the format of cells written without one.
    func setColumn(_ column: Int, width: Double, format: CellFormat? = nil) throws {
        try check(worksheet_set_column(sheet, lxw_col_t(column), lxw_col_t(column), width, format))
    }

    /// Keeps the first `rows` rows in view while scrolling.
    func freezeRows(_ rows: Int) {
        worksheet_freeze_panes(sheet, lxw_row_t(rows), 0)
    }

    func autofilter(lastRow: Int, lastColumn: Int) throws {
        try check(worksheet_autofilter(sheet, 0, 0, lxw_row_t(lastRow), lxw_col_t(lastColumn)))
    }

    // MARK: - Cells

    /// Always a string cell, never a formula: text such as `=HYPERLINK(…)` is shown, not run.
    func write(_ text: String, row: Int, column: Int, format: CellFormat? = nil) throws {
        try check(worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(column), text, format))
    }

    func write(_ number: Double, row: Int, column: Int, format: CellFormat? = nil) throws {
        try check(worksheet_write_number(sheet, lxw_row_t(row), lxw_col_t(column), number, format))
    }

    func write(_ date: lxw_datetime, row: Int, column: Int, format: CellFormat?) throws {
        var date = date
        try check(worksheet_write_datetime(sheet, lxw_row_t(row), lxw_col_t(column), &date, format))
    }

    // MARK: - Finishing

    /// Assembles and zips the file at `path`; the workbook is unusable afterwards.
    func close() throws {
        guard let workbook else { return }
        self.workbook = nil
        try check(workbook_close(workbook))
    }

    private func check(_ error: lxw_error) throws {
        guard error != LXW_NO_ERROR else { return }
        throw XLSXError(String(cString: lxw_strerror(error)))
    }
}

/// A libxlsxwriter failure, with its own description.
struct XLSXError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = "Excel export: " + description
    }
}
