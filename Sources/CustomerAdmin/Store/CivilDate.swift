/// A calendar day from a day count, without `Calendar`, which is too slow for a million rows (and
/// for a timestamp inside a write transaction).
struct CivilDate {
    let year: Int
    let month: Int
    let day: Int

    /// Days since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    init(days: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
    }

    /// `YYYY-MM-DD`.
    var text: String { Self.format([year / 100, year % 100, month, day], separators: ["", "-", "-"]) }

    /// Days since 1970-01-01 of a real calendar day (Howard Hinnant's `days_from_civil`); nil for
    /// `2025-02-30` and the like.
    static func days(year: Int, month: Int, day: Int) -> Int64? {
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * Int64(month > 2 ? month - 3 : month + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let back = CivilDate(days: days)
        return back.year == year && back.month == month && back.day == day ? days : nil
    }

    /// `YYYY-MM-DD HH:MM:SS`, as the store writes times (years 1 to 9999).
    static func timestamp(seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let date = CivilDate(days: days)
        let time = Int(seconds - days * 86_400)
        return format(
            [date.year / 100, date.year % 100, date.month, date.day, time / 3_600, time / 60 % 60, time % 60],
            separators: ["", "-", "-", " ", ":", ":"])
    }

    /// Two-digit fields joined by one-character (or empty) separators.
    private static func format(_ pairs: [Int], separators: [String]) -> String {
        var text = ""
        for (position, pair) in pairs.enumerated() {
            if position > 0 { text += separators[position - 1] }
            text.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "0") + UInt8(pair / 10)))
            text.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "0") + UInt8(pair % 10)))
        }
        return text
    }
}
