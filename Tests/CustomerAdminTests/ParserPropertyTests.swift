import Foundation
import Testing
@testable import CustomerAdmin

/// The small parsers we wrote ourselves, fed random and hostile input: they round-trip what we
/// write and refuse the rest without crashing.
@Suite struct ParserPropertyTests {
    typealias SplitMix = ListingPropertyTests.SplitMix

    static let alphabet = Array("aZ09 -_.~+%&=?#/\\\"'<>\u{0}\u{7F}éșțжЖ€😀\n\t")

    static func randomText(_ rng: inout SplitMix, maxLength: Int = 24) -> String {
        String((0..<Int.random(in: 0...maxLength, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
    }

    @Test func queryEncodingRoundTrips() throws {
        var rng = SplitMix(state: 1)
        for _ in 0..<2_000 {
            var parameters = Parameters()
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                let name = "n" + Self.randomText(&rng, maxLength: 6)
                parameters.append(name, Self.randomText(&rng))
            }
            #expect(try Parameters(urlEncoded: parameters.encoded) == parameters)
        }
    }

    @Test func randomQueryBytesEitherDecodeOrAreABadRequest() {
        var rng = SplitMix(state: 2)
        let pieces = ["%", "%2", "%zz", "%ff", "%c3%a9", "%e2%82", "+", "=", "&", "a", "%00", "%25", "é"]
        for _ in 0..<5_000 {
            let raw = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            do {
                _ = try Parameters(urlEncoded: raw)
            } catch {
                #expect(error.status == 400)
            }
        }
    }

    @Test func invalidEscapesAndUTF8AreRefused() {
        for raw in ["q=%", "q=%4", "q=%zz", "q=%ff", "q=%c3", "%ed%a0%80=1"] {
            #expect(throws: HTTPError.self) { try Parameters(urlEncoded: raw) }
        }
    }

    @Test func moneyRoundTripsWhatWeWrite() {
        var rng = SplitMix(state: 3)
        for _ in 0..<5_000 {
            let cents = Int64.random(in: -999_999_999_999...999_999_999_999, using: &rng)
            #expect(Money.cents(from: Format.plainMoney(cents)) == cents)
        }
        #expect(Money.cents(from: "1 234,5") == 123_450)
        #expect(Money.cents(from: "+10") == 1_000)
    }

    @Test func moneyRefusesWhatIsNotAnAmount() {
        for text in ["", "-", ".", "1.", "1.234", "1e5", "12a", "--1", "1.2.3", "∞", "9999999999999999", "٣"] {
            #expect(Money.cents(from: text) == nil, "\(text)")
        }
        var rng = SplitMix(state: 4)
        for _ in 0..<5_000 { _ = Money.cents(from: Self.randomText(&rng)) }
    }

    @Test func customerIDsParseOnlyTheirFormat() {
        #expect(CustomerID("CUST0000047")?.number == 47)
        #expect(CustomerID("cust0000047")?.number == 47)
        #expect(CustomerID(number: 47).description == "CUST0000047")
        #expect(CustomerID("CUST12345678")?.number == 12_345_678, "past 9,999,999 the number just grows")
        for text in ["", "CUST", "CUST47", "CUST00000a7", "XCUST0000047", "CUST0000000", "CUST-000047", "CUST٠٠٠٠٠٤٧", "CUST00000047"] {
            #expect(CustomerID(text) == nil, "\(text)")
        }
        var rng = SplitMix(state: 5)
        for _ in 0..<2_000 {
            let number = Int64.random(in: 1...9_999_999, using: &rng)
            #expect(CustomerID(CustomerID(number: number).description)?.number == number)
        }
    }

    @Test func daysAreRealCalendarDays() {
        #expect(StoreDate.parseDay("2024-02-29") != nil)
        for text in ["2025-02-30", "2025-02-29", "2025-13-01", "2025-00-10", "2025-1-1", "20250101", "2025-01-01x", "", "२०२५-०१-०१"] {
            #expect(StoreDate.parseDay(text) == nil, "\(text)")
        }
        var day = StoreDate.parseDay("1990-01-01")!
        for _ in 0..<1_000 {
            #expect(StoreDate.parseDay(StoreDate.day(day)) == day)
            day = day.addingTimeInterval(86_400 * 17)
        }
    }

    /// The store's timestamps (written without `Calendar`) are Foundation's UTC reading of the instant,
    /// before 1970 and with fractions of a second too, and stay in years 1–9999 for any date.
    @Test func storeTimestampsAgreeWithFoundation() {
        var rng = SplitMix(state: 11)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        for _ in 0..<5_000 {
            // A fraction clear of whole seconds, where the two readings' floating point may differ.
            let seconds = Double(Int64.random(in: -3_000_000_000...7_000_000_000, using: &rng))
            let date = Date(timeIntervalSince1970: seconds + Double.random(in: 0.001...0.998, using: &rng))
            #expect(StoreDate.timestamp(date) == formatter.string(from: date), "\(date.timeIntervalSince1970)")
        }
        #expect(StoreDate.timestamp(.distantPast) == "0001-01-01 00:00:00")
        #expect(StoreDate.timestamp(Date(timeIntervalSince1970: 1e300)) == "9999-12-31 23:59:59")
    }

    /// ISO 8601 times in every accepted spelling agree with Foundation's reading of the same instant.
    @Test func isoTimestampsAgreeWithFoundation() throws {
        var rng = SplitMix(state: 3)
        let formatter = ISO8601DateFormatter()
        for _ in 0..<5_000 {
            let seconds = Int64.random(in: -2_000_000_000...7_000_000_000, using: &rng)
            let offsetMinutes = Int.random(in: -14 * 60...14 * 60, using: &rng)
            formatter.timeZone = TimeZone(secondsFromGMT: offsetMinutes * 60)!
            let iso = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))  // 2024-01-15T12:00:00+02:00 or Z
            let spellings = [
                iso, iso.replacingOccurrences(of: "T", with: " "),
                offsetMinutes == 0 ? iso : iso.replacingOccurrences(of: ":", with: "", options: [], range: iso.index(iso.endIndex, offsetBy: -3)..<iso.endIndex),
                iso.replacingOccurrences(of: "T", with: "T").replacingOccurrences(of: "Z", with: ".5Z"),
            ]
            let expected = CivilDate.timestamp(seconds: seconds)
            for spelling in spellings {
                #expect(FieldText.timestamp(spelling) == expected, "\(spelling)")
            }
        }
    }

    @Test func randomTimestampTextNeverCrashesAndIsStoreShapedWhenAccepted() {
        var rng = SplitMix(state: 4)
        let pieces = ["2024", "-", "01", "15", "T", " ", "Z", "+", "02", ":", "00", "99", ".", "123", "9999", "0000", "1", "é", "\u{0}"]
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...14, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            if let stored = FieldText.timestamp(text) {
                #expect(stored.utf8.count == 19 && stored.wholeMatch(of: /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/) != nil, "\(text) → \(stored)")
            }
        }
        #expect(FieldText.timestamp("2024-02-29T00:00:00Z") == "2024-02-29 00:00:00")
        #expect(FieldText.timestamp("2023-02-29") == nil)
        #expect(FieldText.timestamp("0001-01-01T00:30:00+01:00") == nil)
        #expect(FieldText.timestamp("9999-12-31T23:30:00-01:00") == nil)
    }
}
