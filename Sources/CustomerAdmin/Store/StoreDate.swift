import Foundation

/// Dates as the store keeps them: ISO text that sorts and compares as it reads.
public enum StoreDate {
    /// `YYYY-MM-DD HH:MM:SS` in UTC.
    public static func timestamp(_ date: Date) -> String {
        // Clamped to 0001-01-01 00:00:00 ... 9999-12-31 23:59:59, the times it can write.
        let seconds = min(max(date.timeIntervalSince1970.rounded(.down), -62_135_596_800), 253_402_300_799)
        return CivilDate.timestamp(seconds: Int64(seconds.isNaN ? 0 : seconds))
    }

    /// `YYYY-MM-DD` in UTC.
    public static func day(_ date: Date) -> String {
        String(timestamp(date).prefix(10))
    }

    /// Parses a real calendar day `YYYY-MM-DD` with a year from 0001 (so `2025-02-30` is refused,
    /// and so are signs: `+999-01-01` would compare as text before every stored date).
    public static func parseDay(_ text: String) -> Date? {
        let fields = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, fields.count == 3,
            fields.allSatisfy({ $0.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }),
            let year = Int(fields[0]), let month = Int(fields[1]), let day = Int(fields[2]),
            fields[0].count == 4, fields[1].count == 2, fields[2].count == 2,
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = utc.date(from: components),
            utc.dateComponents([.year, .month, .day], from: date) == DateComponents(year: year, month: month, day: day)
        else { return nil }
        return date
    }

    public static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
