import Foundation

/// A printed table of already-formatted values: a title and some lines of facts above it (the
/// filter in words, who exported it, as of when), a header row repeated on every page, "Page N of M"
/// below. Columns get the width of their content when the table fits, else a share of the page;
/// values too wide for their cell wrap onto more lines, at spaces or else between characters, so
/// nothing is cut. Landscape when the columns do not fit portrait A4 even at their narrowest.
///
/// Text is set in DejaVu Sans, embedded, so any Latin, Greek, Cyrillic or Hebrew name prints;
/// right-to-left words are put in display order (no Arabic shaping).
public struct PDFReport: Sendable {
    public enum Alignment: Sendable {
        case leading
        /// For numbers, so that their digits line up.
        case trailing
    }

    public struct Column: Sendable {
        public var header: String
        public var alignment: Alignment

        public init(_ header: String, alignment: Alignment = .leading) {
            self.header = header
            self.alignment = alignment
        }
    }

    public var title: String
    /// The exporting user, also the document's author.
    public var author: String
    public var created: Date
    public var facts: [String]
    public var columns: [Column]
    /// One string per column; missing cells are empty, extra ones ignored.
    public var rows: [[String]]

    public init(title: String, author: String, created: Date, facts: [String], columns: [Column], rows: [[String]]) {
        self.title = title
        self.author = author
        self.created = created
        self.facts = facts
        self.columns = columns
        self.rows = rows
    }

    static let regularFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    static let boldFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

    /// The PDF file. Laid out in full first, so every footer knows the number of pages.
    public func pdf() throws -> [UInt8] {
        let document = try HaruDocument()
        let fonts = ReportFonts(
            regular: try document.embedFont(at: Self.regularFontPath),
            bold: try document.embedFont(at: Self.boldFontPath))
        let layout = ReportLayout(self, fonts: fonts)
        try document.describe(
            title: printable(title), author: printable(author), creator: "customer-admin", created: created)
        for index in layout.pages.indices {
            try layout.draw(page: index, on: document.addPage(landscape: layout.landscape))
        }
        return try document.bytes()
    }
}

private struct ReportFonts {
    let regular: HaruFont
    let bold: HaruFont
}

/// Sizes in PDF points (1/72 inch).
private enum Metrics {
    static let a4Short: Float = 595.276
    static let a4Long: Float = 841.89
    static let margin: Float = 36
    static let titleSize: Float = 14
    static let factSize: Float = 9
    static let cellSize: Float = 8
    static let footerSize: Float = 8
    /// Line height as a multiple of the font size.
    static let leading: Float = 1.25
    static let cellPaddingX: Float = 3
    static let cellPaddingY: Float = 2
    /// A column narrower than this on its own keeps its width; wider ones are never squeezed
    /// below it, unless there are so many columns that even landscape cannot hold them.
    static let minimumColumnWidth: Float = 64
    /// The most of the table's width one column asks for while others have less than they want.
    static let maximumShare: Float = 0.4
    static let footerHeight: Float = 2 * footerSize
    static let cellLine = cellSize * leading
}

/// Where everything goes: the column widths, every value wrapped into lines, and which rows (or,
/// for a row taller than a page, which lines of it) go on which page.
private struct ReportLayout {
    /// Part of a row on a page: all of it, or for a row taller than a page, some of its lines.
    struct Slice {
        let row: Int
        let lines: Range<Int>
        /// Distance of the slice's top from the page's top.
        let top: Float
        var height: Float { Float(lines.count) * Metrics.cellLine + 2 * Metrics.cellPaddingY }
    }

    let fonts: ReportFonts
    let landscape: Bool
    let pageWidth: Float
    let pageHeight: Float
    let alignments: [PDFReport.Alignment]
    let columnWidths: [Float]
    let titleLines: [String]
    let factLines: [String]
    let headerCells: [[String]]
    /// Per row, per column, the lines of the value.
    let cells: [[[String]]]
    /// Where the header row starts: below the title and facts on the first page, at the margin after.
    let firstHeaderTop: Float
    let headerHeight: Float
    let pages: [[Slice]]

    init(_ report: PDFReport, fonts: ReportFonts) {
        self.fonts = fonts
        let columnCount = report.columns.count
        let headers = report.columns.map { printable($0.header) }
        let values = report.rows.map { row in
            (0..<columnCount).map { $0 < row.count ? printable(row[$0]) : "" }
        }
        alignments = report.columns.map(\.alignment)

        let natural = (0..<columnCount).map { column in
            let header = fonts.bold.width(of: headers[column])
            let widest = values.reduce(header) { max($0, fonts.regular.width(of: $1[column])) }
            return widest * Metrics.cellSize + 2 * Metrics.cellPaddingX
        }
        let minimum = natural.map { min($0, Metrics.minimumColumnWidth) }
        landscape = minimum.reduce(0, +) > Metrics.a4Short - 2 * Metrics.margin
        pageWidth = landscape ? Metrics.a4Long : Metrics.a4Short
        pageHeight = landscape ? Metrics.a4Short : Metrics.a4Long
        let tableWidth = pageWidth - 2 * Metrics.margin
        columnWidths = Self.share(tableWidth, natural: natural, minimum: minimum)

        let textWidths = columnWidths.map { $0 - 2 * Metrics.cellPaddingX }
        titleLines = wrap(printable(report.title), font: fonts.bold, size: Metrics.titleSize, width: tableWidth)
        factLines = report.facts.flatMap {
            wrap(printable($0), font: fonts.regular, size: Metrics.factSize, width: tableWidth)
        }
        headerCells = headers.indices.map {
            wrap(headers[$0], font: fonts.bold, size: Metrics.cellSize, width: textWidths[$0])
        }
        cells = values.map { row in
            row.indices.map { wrap(row[$0], font: fonts.regular, size: Metrics.cellSize, width: textWidths[$0]) }
        }

        firstHeaderTop = Metrics.margin
            + Float(titleLines.count) * Metrics.titleSize * Metrics.leading
            + Float(factLines.count) * Metrics.factSize * Metrics.leading + Metrics.factSize
        headerHeight = Float(headerCells.map(\.count).max() ?? 1) * Metrics.cellLine + 2 * Metrics.cellPaddingY
        pages = Self.paginate(
            lineCounts: cells.map { $0.map(\.count).max() ?? 1 },
            firstTop: firstHeaderTop + headerHeight,
            top: Metrics.margin + headerHeight,
            bottom: pageHeight - Metrics.margin - Metrics.footerHeight)
    }

    /// Natural widths when they fit. Else no column may want more than `maximumShare` of the width
    /// at first (one long address must not squeeze every other column to its minimum): each column
    /// gets its minimum plus a part of the rest in proportion to how much more it wants, and what
    /// is left once every column has what it wants goes to the long ones. With too many columns
    /// for even their minimums, the minimums shrink alike.
    static func share(_ available: Float, natural: [Float], minimum: [Float]) -> [Float] {
        let naturalSum = natural.reduce(0, +)
        if naturalSum <= available { return natural }
        let wanted = natural.map { min($0, available * Metrics.maximumShare) }
        let wantedSum = wanted.reduce(0, +)
        if wantedSum <= available {
            return zip(wanted, natural).map { $0 + (available - wantedSum) * ($1 - $0) / (naturalSum - wantedSum) }
        }
        let minimumSum = minimum.reduce(0, +)
        if minimumSum >= available { return minimum.map { $0 * available / minimumSum } }
        return zip(minimum, wanted).map { $0 + (available - minimumSum) * ($1 - $0) / (wantedSum - minimumSum) }
    }

    /// Rows in order, each whole on one page. A row taller than a whole page is the exception: it
    /// starts on the current page if that is still empty, else on a new one, and continues on the
    /// next pages, each part under the header row.
    static func paginate(lineCounts: [Int], firstTop: Float, top: Float, bottom: Float) -> [[Slice]] {
        let padding = 2 * Metrics.cellPaddingY
        func linesFitting(below y: Float) -> Int { Int((bottom - y - padding) / Metrics.cellLine) }
        let linesPerPage = max(1, linesFitting(below: top))
        var pages: [[Slice]] = [[]]
        var y = firstTop
        func newPage() {
            pages.append([])
            y = top
        }
        for (row, count) in lineCounts.enumerated() {
            let tallerThanAPage = count > linesPerPage
            if count > linesFitting(below: y), !(tallerThanAPage && pages[pages.count - 1].isEmpty) { newPage() }
            var start = 0
            while true {
                let slice = Slice(row: row, lines: start..<min(count, start + max(1, linesFitting(below: y))), top: y)
                pages[pages.count - 1].append(slice)
                y += slice.height
                start = slice.lines.upperBound
                if start >= count { break }
                newPage()
            }
        }
        return pages
    }

    // MARK: - Drawing

    func draw(page index: Int, on page: HaruPage) throws {
        let left = Metrics.margin
        let tableWidth = columnWidths.reduce(0, +)
        let slices = pages[index]
        let headerTop = index == 0 ? firstHeaderTop : Metrics.margin
        // Shapes first: PDF allows none inside a text object.
        try page.fillRectangle(
            x: left, y: pageHeight - headerTop - headerHeight, width: tableWidth, height: headerHeight, gray: 0.88)
        for slice in slices {
            try page.line(fromX: left, toX: left + tableWidth, y: pageHeight - slice.top - slice.height, gray: 0.75, width: 0.4)
        }

        try page.beginText()
        var y = Metrics.margin
        if index == 0 {
            try page.setFont(fonts.bold, size: Metrics.titleSize)
            for line in titleLines {
                y += Metrics.titleSize * Metrics.leading
                try page.text(visualOrder(line), x: left, baseline: pageHeight - y + Metrics.titleSize * 0.25)
            }
            try page.setFont(fonts.regular, size: Metrics.factSize)
            for line in factLines {
                y += Metrics.factSize * Metrics.leading
                try page.text(visualOrder(line), x: left, baseline: pageHeight - y + Metrics.factSize * 0.25)
            }
        }
        try drawRow(headerCells, lines: 0..<(headerCells.map(\.count).max() ?? 1), top: headerTop, font: fonts.bold, on: page)
        for slice in slices {
            try drawRow(cells[slice.row], lines: slice.lines, top: slice.top, font: fonts.regular, on: page)
        }
        let footer = "Page \(index + 1) of \(pages.count)"
        try page.setFont(fonts.regular, size: Metrics.footerSize)
        try page.text(
            footer, x: pageWidth - Metrics.margin - fonts.regular.width(of: footer) * Metrics.footerSize,
            baseline: Metrics.margin)
        try page.endText()
    }

    private func drawRow(_ row: [[String]], lines: Range<Int>, top: Float, font: HaruFont, on page: HaruPage) throws {
        try page.setFont(font, size: Metrics.cellSize)
        var x = Metrics.margin
        for (column, cellLines) in row.enumerated() {
            let width = columnWidths[column]
            // Leading is the right edge for a value written right to left.
            let alignedRight = alignments[column] == .trailing || startsRightToLeft(cellLines)
            for lineIndex in lines where lineIndex < cellLines.count {
                let line = cellLines[lineIndex]
                let lineTop = top + Metrics.cellPaddingY + Float(lineIndex - lines.lowerBound) * Metrics.cellLine
                let baseline = pageHeight - lineTop - Metrics.cellLine + Metrics.cellSize * 0.3
                let lineX = alignedRight
                    ? x + width - Metrics.cellPaddingX - font.width(of: line) * Metrics.cellSize
                    : x + Metrics.cellPaddingX
                try page.text(visualOrder(line), x: lineX, baseline: baseline)
            }
            x += width
        }
    }
}

// MARK: - Text

/// The text with what cannot be printed taken out: line breaks and tabs become spaces, other control
/// and format characters (NUL, escape, bidirectional overrides) are dropped; unassigned code points
/// and those beyond the Basic Multilingual Plane (emoji: libharu's UTF-8 encoder knows 16 bits only,
/// and DejaVu has none of them) become U+FFFD, so the reader sees that something was there.
/// NUL in particular would end the text early on its way to C.
func printable(_ text: String) -> String {
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator:
            if scalar.properties.isWhitespace { result.append(" ") }
        case .format:
            continue
        case .unassigned, .surrogate, .privateUse:
            result.append("\u{FFFD}")
        default:
            result.append(scalar.value > 0xFFFF ? "\u{FFFD}" : scalar)
        }
    }
    return String(result)
}

/// Lines no wider than `width` points: words go on a line while they fit; a word wider than a whole
/// line is split between characters. Nothing is dropped but the spaces where lines break.
func wrap(_ text: String, font: HaruFont, size: Float, width: Float) -> [String] {
    // A hair over, so that a column given exactly its text's width is not undone by rounding.
    let limit = width / size + 0.001
    if font.width(of: text) <= limit { return [text] }
    let space = font.width(of: " ")
    var lines: [String] = []
    var line = ""
    var lineWidth: Float = 0
    func endLine() {
        lines.append(line)
        line = ""
        lineWidth = 0
    }
    for word in text.split(separator: " ") {
        let wordWidth = font.width(of: word)
        if !line.isEmpty {
            if lineWidth + space + wordWidth <= limit {
                line += " " + word
                lineWidth += space + wordWidth
                continue
            }
            endLine()
        }
        if wordWidth <= limit {
            line = String(word)
            lineWidth = wordWidth
            continue
        }
        for character in word {
            let characterWidth = font.width(of: character)
            if !line.isEmpty, lineWidth + characterWidth > limit { endLine() }
            line.append(character)
            lineWidth += characterWidth
        }
    }
    if !line.isEmpty || lines.isEmpty { lines.append(line) }
    return lines
}

/// A line as it is seen, for a PDF draws glyphs left to right: runs of right-to-left words
/// (Hebrew, Arabic) are reversed, and in a line whose first letter is right-to-left the order of
/// the runs is reversed too. A simplification of the Unicode bidirectional algorithm that suits names and
/// addresses; left-to-right text is returned as it is.
func visualOrder(_ line: String) -> String {
    guard line.unicodeScalars.contains(where: isRightToLeft) else { return line }
    let words = line.split(separator: " ", omittingEmptySubsequences: false)
    // The line's direction is that of its first letter.
    let rightToLeftLine = startsRightToLeft([line])
    // Runs of words of one direction; a word without letters (digits, punctuation) joins the run
    // before it, or at the start the line's direction.
    var runs: [(rightToLeft: Bool, words: [Substring])] = []
    for word in words {
        let direction = strongDirection(word) ?? runs.last?.rightToLeft ?? rightToLeftLine
        if let last = runs.indices.last, runs[last].rightToLeft == direction {
            runs[last].words.append(word)
        } else {
            runs.append((direction, [word]))
        }
    }
    let shown = runs.map { run in
        run.rightToLeft
            // Numbers read left to right even among right-to-left words.
            ? run.words.reversed().map { strongDirection($0) == true ? String($0.reversed()) : String($0) }
                .joined(separator: " ")
            : run.words.joined(separator: " ")
    }
    return (rightToLeftLine ? shown.reversed() : shown).joined(separator: " ")
}

/// Whether the first letter of the lines is Hebrew or Arabic.
private func startsRightToLeft(_ lines: [String]) -> Bool {
    lines.lazy.compactMap { strongDirection($0[...]) }.first ?? false
}

/// True for right to left, false for left to right, nil for a word without letters.
private func strongDirection(_ word: Substring) -> Bool? {
    for scalar in word.unicodeScalars {
        if isRightToLeft(scalar) { return true }
        if scalar.properties.isAlphabetic { return false }
    }
    return nil
}

/// Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms.
private func isRightToLeft(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF: true
    default: false
    }
}
