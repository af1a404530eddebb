import CXlsxWriter
import Foundation

/// A one-sheet Excel workbook written by libxlsxwriter to `path` in constant-memory mode: each row
/// goes to a temporary file (in `XLSXTemporaryFiles`' folder) as soon as the next one starts, so memory
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
        temporaryDirectory = strdup(try XLSXTemporaryFiles.folder())
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

/// Workbooks being built, and libxlsxwriter's row files, live in a folder of this process's own:
/// made mode 0700 on first use (no other local user can list or read a customer list there), its
/// files made 0600, and the whole folder removed by `remove()` when the responder stops.
public enum XLSXTemporaryFiles {
    private static let state = FolderState()

    /// The folder's path, made on the first call.
    static func folder() throws -> String {
        try state.path()
    }

    /// A new empty file in the folder, mode 0600 whatever the umask; libxlsxwriter's `fopen`
    /// truncates it and keeps the mode.
    static func newFile(named name: String) throws -> String {
        let path = try folder() + "/" + name
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw XLSXError("cannot create \(path): \(String(cString: strerror(errno)))") }
        close(fd)
        return path
    }

    /// Removes the folder and everything in it; the next use makes a new one.
    public static func remove() {
        state.remove()
    }

    private final class FolderState: @unchecked Sendable {  // `made` is guarded by `lock`
        private let lock = NSLock()
        private var made: String?

        func path() throws -> String {
            try lock.withLock {
                if let made { return made }
                var template = Array(
                    (FileManager.default.temporaryDirectory.path + "/customer-admin-\(getpid())-XXXXXX").utf8CString)
                // mkdtemp makes it 0700.
                guard let path = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
                    throw XLSXError("cannot make a private temporary folder: \(String(cString: strerror(errno)))")
                }
                made = String(cString: path)
                return made!
            }
        }

        func remove() {
            lock.withLock {
                if let made { try? FileManager.default.removeItem(atPath: made) }
                made = nil
            }
        }
    }
}
