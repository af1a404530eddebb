import CHaru
import Foundation

/// A PDF document made by libharu, kept in memory and handed out as bytes.
///
/// Every libharu error goes to an error handler that only records it (libharu's own default
/// handler is none, and its demos `longjmp` out); each call's status is then checked and the
/// recorded error thrown as a `PDFError`, so a failure never aborts the responder.
final class HaruDocument {
    private let handle: HPDF_Doc
    private let errors: ErrorRecord

    init() throws {
        let errors = ErrorRecord()
        let handler: HPDF_Error_Handler = { code, detail, userData in
            guard let userData else { return }
            Unmanaged<ErrorRecord>.fromOpaque(userData).takeUnretainedValue().record(code, detail)
        }
        guard let handle = HPDF_New(handler, Unmanaged.passUnretained(errors).toOpaque()) else {
            throw PDFError("libharu cannot create a document (out of memory)")
        }
        self.handle = handle
        self.errors = errors
        try check(HPDF_SetCompressionMode(handle, UInt32(HPDF_COMP_ALL)))
        try check(HPDF_UseUTFEncodings(handle))
        try check(HPDF_SetCurrentEncoder(handle, "UTF-8"))
    }

    deinit {
        HPDF_Free(handle)
    }

    /// A TrueType font embedded in the document (only the glyphs used), addressed in UTF-8.
    func embedFont(at path: String) throws -> HaruFont {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw PDFError("the font \(path) is missing (Debian package fonts-dejavu-core)")
        }
        guard let name = HPDF_LoadTTFontFromFile(handle, path, HPDF_TRUE),
            let font = HPDF_GetFont(handle, name, "UTF-8")
        else { throw failure("cannot load the font \(path)") }
        return HaruFont(font)
    }

    /// Title, author, creator and creation date, as PDF readers show them under "Properties".
    func describe(title: String, author: String, creator: String, created: Date) throws {
        try check(HPDF_SetInfoAttr(handle, HPDF_INFO_TITLE, title))
        try check(HPDF_SetInfoAttr(handle, HPDF_INFO_AUTHOR, author))
        try check(HPDF_SetInfoAttr(handle, HPDF_INFO_CREATOR, creator))
        let utc = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: created)
        var date = HPDF_Date()
        date.year = Int32(utc.year ?? 1970)
        date.month = Int32(utc.month ?? 1)
        date.day = Int32(utc.day ?? 1)
        date.hour = Int32(utc.hour ?? 0)
        date.minutes = Int32(utc.minute ?? 0)
        date.seconds = Int32(utc.second ?? 0)
        date.ind = CChar(UInt8(ascii: "Z"))
        try check(HPDF_SetInfoDateAttr(handle, HPDF_INFO_CREATION_DATE, date))
    }

    /// A new A4 page at the end of the document.
    func addPage(landscape: Bool) throws -> HaruPage {
        guard let page = HPDF_AddPage(handle) else { throw failure("cannot add a page") }
        try check(HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, landscape ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT))
        return HaruPage(page, document: self)
    }

    /// The finished file: libharu writes it to its memory stream, which is read out in one piece.
    func bytes() throws -> [UInt8] {
        try check(HPDF_SaveToStream(handle))
        let size = HPDF_GetStreamSize(handle)
        try check(HPDF_ResetStream(handle))
        var length = size
        var status = HPDF_STATUS(HPDF_OK)
        let bytes = [UInt8](unsafeUninitializedCapacity: Int(size)) { buffer, count in
            status = HPDF_ReadFromStream(handle, buffer.baseAddress, &length)
            count = Int(min(length, size))
        }
        // Reading up to the stream's end may say so instead of OK.
        guard status == HPDF_OK || status == HPDF_STREAM_EOF, length == size else {
            throw failure("cannot read the PDF out of memory (\(length) of \(size) bytes)")
        }
        return bytes
    }

    /// Throws the error libharu recorded when `status` is not `HPDF_OK`.
    func check(_ status: HPDF_STATUS) throws {
        guard status != HPDF_OK else { return }
        throw failure("libharu failed")
    }

    private func failure(_ what: String) -> PDFError {
        PDFError(what + errors.description)
    }

    private final class ErrorRecord: CustomStringConvertible {
        private var code: HPDF_STATUS = 0
        private var detail: HPDF_STATUS = 0

        /// The first error is the cause; later ones are its consequences.
        func record(_ code: HPDF_STATUS, _ detail: HPDF_STATUS) {
            guard self.code == 0 else { return }
            self.code = code
            self.detail = detail
        }

        var description: String {
            code == 0 ? "" : " (libharu error 0x" + String(code, radix: 16) + ", detail \(detail))"
        }
    }
}

/// An embedded font and the widths of its glyphs, in points at size 1. libharu measures without
/// kerning, so the width of a text is the sum of its characters' widths; each character is asked
/// of libharu once and kept.
final class HaruFont {
    let handle: HPDF_Font
    private var asciiWidths = [Float](repeating: -1, count: 128)
    private var otherWidths: [UInt32: Float] = [:]

    init(_ handle: HPDF_Font) {
        self.handle = handle
    }

    func width(of text: some StringProtocol) -> Float {
        var total: Float = 0
        for scalar in text.unicodeScalars { total += width(of: scalar) }
        return total
    }

    func width(of character: Character) -> Float {
        var total: Float = 0
        for scalar in character.unicodeScalars { total += width(of: scalar) }
        return total
    }

    private func width(of scalar: Unicode.Scalar) -> Float {
        let value = scalar.value
        if value < 128 {
            if asciiWidths[Int(value)] < 0 { asciiWidths[Int(value)] = measure(scalar) }
            return asciiWidths[Int(value)]
        }
        if let known = otherWidths[value] { return known }
        let measured = measure(scalar)
        otherWidths[value] = measured
        return measured
    }

    private func measure(_ scalar: Unicode.Scalar) -> Float {
        let utf8 = Array(String(scalar).utf8)
        let width = utf8.withUnsafeBufferPointer { HPDF_Font_TextWidth(handle, $0.baseAddress, HPDF_UINT32($0.count)) }
        return Float(width.width) / 1000
    }
}

/// One page: text is drawn between `beginText` and `endText`, shapes outside them (PDF's rule,
/// which libharu enforces). Coordinates are PDF points from the bottom left corner.
struct HaruPage {
    private let handle: HPDF_Page
    private let document: HaruDocument

    init(_ handle: HPDF_Page, document: HaruDocument) {
        self.handle = handle
        self.document = document
    }

    var width: Float { HPDF_Page_GetWidth(handle) }
    var height: Float { HPDF_Page_GetHeight(handle) }

    func fillRectangle(x: Float, y: Float, width: Float, height: Float, gray: Float) throws {
        try document.check(HPDF_Page_SetGrayFill(handle, gray))
        try document.check(HPDF_Page_Rectangle(handle, x, y, width, height))
        try document.check(HPDF_Page_Fill(handle))
    }

    func line(fromX: Float, toX: Float, y: Float, gray: Float, width: Float) throws {
        try document.check(HPDF_Page_SetGrayStroke(handle, gray))
        try document.check(HPDF_Page_SetLineWidth(handle, width))
        try document.check(HPDF_Page_MoveTo(handle, fromX, y))
        try document.check(HPDF_Page_LineTo(handle, toX, y))
        try document.check(HPDF_Page_Stroke(handle))
    }

    func beginText() throws {
        try document.check(HPDF_Page_SetGrayFill(handle, 0))
        try document.check(HPDF_Page_BeginText(handle))
    }

    func endText() throws {
        try document.check(HPDF_Page_EndText(handle))
    }

    func setFont(_ font: HaruFont, size: Float) throws {
        try document.check(HPDF_Page_SetFontAndSize(handle, font.handle, size))
    }

    /// `text` must hold no NUL (C would end the string there); `PDFReport` removes control characters.
    func text(_ text: String, x: Float, baseline: Float) throws {
        try document.check(HPDF_Page_TextOut(handle, x, baseline, text))
    }
}

/// A PDF that could not be made, with libharu's error code when it was libharu that failed.
struct PDFError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = "PDF report: " + description
    }
}
