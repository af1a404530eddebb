import Foundation
import Testing
@testable import CustomerAdmin

/// `PDFReport` read back the way a person (or a script) would: the text with poppler's `pdftotext`,
/// word positions with `pdftotext -bbox`, the document properties with `pdfinfo`. scripts/test
/// installs poppler-utils.
struct PDFReportTests {
    // MARK: - Values and properties

    @Test func valuesIncludingDiacriticsAndCyrillicAreInTheText() throws {
        let report = Self.report(
            columns: [.init("Name"), .init("City"), .init("Balance", alignment: .trailing)],
            rows: [
                ["Ștefan Popescu", "Brașov", "1,250.00"],
                ["Иван Петров", "Москва", "-17.50"],
                ["María Gómez", "Sevilla", "0.00"],
            ])
        let pdf = try PDFFile(report.pdf())

        let text = try pdf.text()
        for value in ["Ștefan Popescu", "Brașov", "Иван Петров", "Москва", "María Gómez", "1,250.00", "-17.50"] {
            #expect(text.contains(value), "missing \(value)")
        }
        for fact in report.facts { #expect(text.contains(fact)) }
        #expect(text.contains("Customers with a balance below zero"))
        #expect(text.contains("Page 1 of 1"))

        let info = try pdf.info()
        #expect(info["Title"] == report.title)
        #expect(info["Author"] == "Ștefan Ionescu")
        #expect(info["Creator"] == "customer-admin")
        #expect(info["CreationDate"]?.contains("2026") == true)
        #expect(info["Pages"] == "1")
        #expect(info["Page size"]?.hasPrefix("595.276 x 841.89") == true, "few columns print portrait")
    }

    @Test func numbersAreRightAligned() throws {
        let report = Self.report(
            columns: [.init("Customer"), .init("Balance", alignment: .trailing)],
            rows: [["Short", "1.00"], ["Longer name", "1,234,567.89"]])
        let words = try PDFFile(report.pdf()).words()
        let small = try #require(words.first { $0.text == "1.00" })
        let large = try #require(words.first { $0.text == "1,234,567.89" })
        #expect(abs(small.xMax - large.xMax) < 0.5, "right edges \(small.xMax) and \(large.xMax)")
        #expect(small.xMin > large.xMin)
    }

    // MARK: - Pages

    @Test func fiveHundredRowsOfTwelveFieldsRepeatTheHeaderAndCountThePages() throws {
        let report = Self.report(columns: Self.twelveColumns, rows: (1...500).map(Self.customerRow))
        let pdf = try PDFFile(report.pdf())

        let info = try pdf.info()
        #expect(info["Page size"]?.hasPrefix("841.89 x 595.276") == true, "twelve wide columns print landscape")
        let pageCount = try #require(Int(info["Pages"] ?? ""))
        #expect(pageCount > 5)

        let pages = try pdf.text().components(separatedBy: "\u{0C}").filter { !$0.isEmpty }
        #expect(pages.count == pageCount)
        for (index, page) in pages.enumerated() {
            for header in ["Customer", "Name", "Phone", "Balance", "E-mail", "Status"] {
                #expect(page.contains(header), "page \(index + 1) lacks the header \(header)")
            }
            #expect(page.contains("Page \(index + 1) of \(pageCount)"))
        }
        // Every row once, whole: its ID and its balance on the same page.
        let pagesOfWord = Dictionary(grouping: try pdf.words(), by: \.text).mapValues { $0.map(\.page) }
        for number in 1...500 {
            let row = Self.customerRow(number)
            #expect(pagesOfWord[row[0]]?.count == 1, "\(row[0]) is on pages \(pagesOfWord[row[0]] ?? [])")
            #expect(pagesOfWord[row[0]] == pagesOfWord[row[4]], "\(row[0]) apart from its balance \(row[4])")
        }
    }

    @Test func rowsOfManyLinesAreNeverSplitAcrossPages() throws {
        // Row r holds (r % 9) * 12 words in a narrow column: between 1 and 20-odd lines.
        let rows = (0..<120).map { row in
            ["R\(row)", (0..<max(1, row % 9 * 12)).map { "r\(row)w\($0)" }.joined(separator: " ")]
        }
        let pdf = try PDFFile(Self.report(columns: [.init("Row"), .init("Words")], rows: rows).pdf())
        #expect(Int(try pdf.info()["Pages"] ?? "") ?? 0 > 2)
        // "R7" and "r7w3" belong to row 7.
        var pagesOfRow: [Int: Set<Int>] = [:]
        var wordCount = 0
        for word in try pdf.words() {
            guard let first = word.text.first, first == "R" || first == "r",
                let row = Int(word.text.dropFirst().prefix { $0.isNumber })
            else { continue }
            pagesOfRow[row, default: []].insert(word.page)
            if first == "r" { wordCount += 1 }
        }
        for row in rows.indices {
            #expect(pagesOfRow[row]?.count == 1, "row \(row) is on pages \(pagesOfRow[row]?.sorted() ?? [])")
        }
        #expect(wordCount == rows.reduce(0) { $0 + $1[1].split(separator: " ").count })
    }

    @Test func noRowsOrNoColumnsStillMakeAPage() throws {
        let text = try PDFFile(Self.report(columns: Self.twelveColumns, rows: []).pdf()).text()
        #expect(text.contains("National ID"))
        #expect(text.contains("Page 1 of 1"))
        let bare = try PDFFile(Self.report(columns: [], rows: [[], ["ignored"]]).pdf()).text()
        #expect(bare.contains("Customers with a balance below zero"))
        #expect(bare.contains("Page 1 of 1"))
    }

    // MARK: - Wrapping

    @Test func aThreeHundredCharacterNameWrapsInsideItsCell() throws {
        let words = (1...30).map { "Word\($0)abcde" }  // 10 characters each
        let longName = words.joined(separator: " ")
        #expect(longName.count > 300)
        var rows = (1...3).map(Self.customerRow)
        rows[1][1] = longName
        let pdf = try PDFFile(Self.report(columns: Self.twelveColumns, rows: rows).pdf())

        let text = try pdf.text()
        for word in words { #expect(text.contains(word), "missing \(word)") }
        try pdf.expectEveryWordInside(column: "Name", nextColumn: "Phone", holding: Set(words))
        for word in try pdf.words() {
            #expect(word.xMin >= 35 && word.xMax <= word.pageWidth - 35, "\(word.text) outside the margins")
        }
    }

    @Test func aLongWordWithoutSpacesIsSplitBetweenCharactersNotCut() throws {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let longWord = String((0..<300).map { letters[$0 % 26] }) + "END"
        var rows = (1...2).map(Self.customerRow)
        rows[0][1] = longWord
        let pdf = try PDFFile(Self.report(columns: Self.twelveColumns, rows: rows).pdf())

        let pieces = try pdf.words().filter { ($0.text.count > 8 && longWord.contains($0.text)) || $0.text.hasSuffix("END") }
            .sorted { ($0.page, $0.yMin) < ($1.page, $1.yMin) }
        #expect(pieces.count > 3, "the word is split over several lines")
        #expect(pieces.map(\.text).joined() == longWord)
        try pdf.expectEveryWordInside(column: "Name", nextColumn: "Phone", holding: Set(pieces.map(\.text)))
    }

    @Test func rightToLeftTextStaysInItsCell() throws {
        let hebrew = "שרה לוי מרחוב הרצל בתל אביב יפו"
        let arabic = "محمد عبد الله من شارع الملك فيصل"
        var rows = (1...2).map(Self.customerRow)
        rows[0][1] = hebrew
        rows[1][1] = arabic
        let pdf = try PDFFile(Self.report(columns: Self.twelveColumns, rows: rows).pdf())
        let rightToLeft = try pdf.words().filter { $0.text.unicodeScalars.contains { $0.value >= 0x0590 && $0.value < 0x0700 } }
        #expect(rightToLeft.count >= 10)
        try pdf.expectEveryWordInside(column: "Name", nextColumn: "Phone", holding: Set(rightToLeft.map(\.text)))
        // Set from the right edge of the cell, where right-to-left text begins.
        let phone = try #require(try pdf.words().first { $0.text == "Phone" })
        let rightEdge = try #require(rightToLeft.map(\.xMax).max())
        #expect(abs(rightEdge - (phone.xMin - 6)) < 1, "right-to-left text ends at \(rightEdge), the cell at \(phone.xMin - 6)")
    }

    // MARK: - Speed

    /// Issue 10's target: 500 records of 12 fields in under 150 ms of server time (release build:
    /// `swift test -c release -Xswiftc -enable-testing --filter PDFReportTests`). A debug build only
    /// has to stay within ten times that.
    @Test func fiveHundredRowsOfTwelveFieldsTakeUnder150Milliseconds() throws {
        let report = Self.report(columns: Self.twelveColumns, rows: (1...500).map(Self.customerRow))
        // CPU time of this thread: what the export costs the server, whatever else the machine runs.
        func threadTime() -> Duration {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
        }
        var fastest = Duration.seconds(3600)
        var size = 0
        for _ in 1...3 {
            let start = threadTime()
            size = try report.pdf().count
            fastest = min(fastest, threadTime() - start)
        }
        #if DEBUG
            let limit = Duration.milliseconds(1500)
        #else
            let limit = Duration.milliseconds(150)
        #endif
        print("PDF report, 500 rows x 12 fields: \(fastest.formatted(.units(allowed: [.milliseconds]))) of CPU, \(size) bytes")
        #expect(fastest < limit)
    }

    // MARK: - Hostile input

    @Test func hostileValuesMakeAValidPDFWithTheTextShown() throws {
        let huge = (1...1_700).map { "v\(String(format: "%05d", $0))" }.joined(separator: " ")  // 11,899 characters
        let rows = [
            ["<script>alert(1)</script>", "%PDF-1.7 %%EOF", "endstream endobj"],
            [")", "\\", "(unbalanced \\) ( \\("],
            ["nul\u{0}byte", "esc\u{1B}[31mred", "bell\u{7}tab\tline\nbreak\r\u{202E}reversed"],
            ["emoji 🙂 and \u{10FFFF}", "", huge],
        ]
        let report = PDFReport(
            title: "Hostile \u{0}title )\\(", author: "mallory\u{0})", created: Date(),
            facts: ["Filter: name contains \")\\\u{0}\""],
            columns: [.init("A"), .init("B"), .init("C")], rows: rows)
        let pdf = try PDFFile(report.pdf())

        let info = try pdf.info()  // fails unless the file parses
        #expect(info["Author"] == "mallory)")
        #expect(info["Title"] == "Hostile title )\\(")
        #expect(Int(info["Pages"] ?? "") ?? 0 > 1, "the huge value continues on the next pages")
        let text = try pdf.text()
        for shown in ["<script>alert(1)</script>", "%PDF-1.7 %%EOF", "endstream endobj", "(unbalanced \\) ( \\(",
            "nulbyte", "esc[31mred", "belltab line break reversed", "emoji \u{FFFD} and \u{FFFD}"]
        {
            #expect(text.contains(shown), "missing \(shown)")
        }
        // The huge value is a row taller than a page: it continues, in order, over the next pages.
        let hugeWords = try pdf.words().filter { $0.text.first == "v" && $0.text.count == 6 }
        #expect(hugeWords.map(\.text) == huge.split(separator: " ").map(String.init))
        #expect(Set(hugeWords.map(\.page)).count > 1)
    }

    // MARK: - Failures

    @Test func libharuErrorsBecomeSwiftErrors() throws {
        let document = try HaruDocument()
        #expect(throws: PDFError.self) { try document.embedFont(at: "/nonexistent/font.ttf") }
        let notAFont = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-font-\(UUID()).ttf")
        try Data("%PDF not a font".utf8).write(to: notAFont)
        defer { try? FileManager.default.removeItem(at: notAFont) }
        let error = #expect(throws: PDFError.self) { try document.embedFont(at: notAFont.path) }
        #expect(error?.description.contains("libharu error 0x") == true)
    }

    @Test func printableDropsControlAndFormatCharacters() {
        #expect(printable("plain ASCII") == "plain ASCII")
        #expect(printable("a\u{0}b\u{1F}c\u{7F}d\u{9B}e") == "abcde")
        #expect(printable("line\nbreak\ttab\r\nend") == "line break tab  end")
        #expect(printable("\u{202E}Ștefan\u{200B}") == "Ștefan")
        #expect(printable("Иван") == "Иван")
    }

    @Test func rightToLeftWordsAreShownInVisualOrder() {
        #expect(visualOrder("Ștefan Popescu") == "Ștefan Popescu")
        #expect(visualOrder("שלום עולם") == "םלוע םולש")
        #expect(visualOrder("Dr. שרה לוי") == "Dr. יול הרש")
        #expect(visualOrder("שרה לוי Tel Aviv") == "Tel Aviv יול הרש")
        #expect(visualOrder("רחוב הרצל 12") == "12 לצרה בוחר")
        #expect(visualOrder("12 הרצל") == "לצרה 12")
    }

    // MARK: - Fixtures

    static let twelveColumns: [PDFReport.Column] = [
        .init("Customer ID"), .init("Name"), .init("Phone"), .init("Address"),
        .init("Balance", alignment: .trailing), .init("Date Created"), .init("Last Updated"),
        .init("Relationship Officer"), .init("E-mail"), .init("Status"), .init("National ID"), .init("Kind"),
    ]

    static func customerRow(_ number: Int) -> [String] {
        let names = ["Ștefan Popescu", "Иван Петров", "María Gómez", "Jean-Luc Dubois", "Ana Brașoveanu"]
        return [
            "C-\(String(format: "%06d", number))", names[number % names.count], "+40 721 \(100_000 + number)",
            "Strada Lungă \(number), Brașov 500\(number % 100)", "\(number * 37),\(String(format: "%03d", number % 1000)).50",
            "2026-01-\(String(format: "%02d", number % 28 + 1)) 09:05:00", "2026-11-30 14:05:09",
            "Elena Marinescu", "officer\(number)@bank.example", number % 3 == 0 ? "Prospect" : "Customer",
            "1\(String(format: "%012d", number * 7919))", number % 2 == 0 ? "Person" : "Legal entity",
        ]
    }

    static func report(columns: [PDFReport.Column], rows: [[String]]) -> PDFReport {
        PDFReport(
            title: "Customers with a balance below zero", author: "Ștefan Ionescu",
            created: Date(timeIntervalSince1970: 1_796_047_509),  // 2026-11-30 14:05:09 UTC
            facts: [
                "Filter: balance below 0, status Customer",
                "Exported by Ștefan Ionescu",
                "Reflects the system as of 2026-11-30 14:05:09 UTC",
            ],
            columns: columns, rows: rows)
    }
}

/// A PDF written to a temporary file for poppler's tools, removed with it.
final class PDFFile {
    struct Word {
        let page: Int
        let pageWidth: Double
        let xMin: Double
        let yMin: Double
        let xMax: Double
        let text: String
    }

    let url: URL

    init(_ bytes: [UInt8]) throws {
        #expect(bytes.starts(with: Array("%PDF-".utf8)))
        url = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString).pdf")
        try Data(bytes).write(to: url)
        if let keep = ProcessInfo.processInfo.environment["KEEP_PDF_DIR"] {
            try? Data(bytes).write(to: URL(fileURLWithPath: keep).appendingPathComponent("report-\(bytes.count).pdf"))
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// The text laid out as on the page; pages are separated by form feeds.
    func text() throws -> String {
        try run("pdftotext", ["-layout", "-enc", "UTF-8", url.path, "-"])
    }

    /// `pdfinfo`'s fields ("Title", "Pages", "Page size"...), as UTF-8.
    func info() throws -> [String: String] {
        var fields: [String: String] = [:]
        for line in try run("pdfinfo", ["-enc", "UTF-8", url.path]).split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// Every word with its box, in points from the page's top left. The lines look like
    /// `<page width="841.89" height="595.276">` and `<word xMin="39.0" yMin="98.4" xMax="64.8" yMax="107.7">Name</word>`,
    /// and a word's own quotes come as `&quot;`.
    func words() throws -> [Word] {
        let html = try run("pdftotext", ["-bbox", "-enc", "UTF-8", url.path, "-"])
        var words: [Word] = []
        var page = 0
        var pageWidth = 0.0
        for line in html.split(separator: "\n") {
            let parts = line.split(separator: "\"", omittingEmptySubsequences: false)
            if line.contains("<page "), parts.count > 1 {
                page += 1
                pageWidth = Double(parts[1]) ?? 0
            } else if line.contains("<word "), parts.count == 9 {
                let text = parts[8].dropFirst().dropLast("</word>".count)
                    .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
                words.append(Word(page: page, pageWidth: pageWidth, xMin: Double(parts[1])!, yMin: Double(parts[3])!,
                                  xMax: Double(parts[5])!, text: text))
            }
        }
        return words
    }

    /// Each of `holding` lies between the header `column`'s left edge and the header `nextColumn`'s
    /// left edge on the same page: in its cell, overlapping nothing to its right.
    func expectEveryWordInside(column: String, nextColumn: String, holding: Set<String>,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let words = try words()
        var checked = 0
        for word in words where holding.contains(word.text) {
            let left = try #require(words.first { $0.page == word.page && $0.text == column })
            let right = try #require(words.first { $0.page == word.page && $0.text == nextColumn })
            #expect(word.xMin >= left.xMin - 0.5 && word.xMax <= right.xMin - 1,
                    "\(word.text) spans \(word.xMin)...\(word.xMax), its cell \(left.xMin)..<\(right.xMin)",
                    sourceLocation: sourceLocation)
            checked += 1
        }
        #expect(checked >= holding.count, sourceLocation: sourceLocation)
    }

    private func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/" + tool)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PDFToolError(description: "\(tool) failed with status \(process.terminationStatus) on \(url.path)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

private struct PDFToolError: Error, CustomStringConvertible {
    let description: String
}
