import Foundation

/// How numbers and dates read on every page and export.
public enum Format {
    /// The zone staff read times in: the responder's own (`TZ` of the process, set to the office's
    /// zone by the operator); the store keeps UTC.
    public static let viewerZone = TimeZone.current

    /// A stored time (`YYYY-MM-DD HH:MM:SS`, UTC) in `zone`, to the minute, with the zone named:
    /// `2026-11-22 13:05 UTC+03:00`, `2026-11-22 10:05 UTC`. Text that is no stored time is shown as it is.
    public static func timestamp(_ stored: String, zone: TimeZone) -> String {
        guard let utc = FieldText.timestamp(stored), let days = StoreDate.parseDay(String(utc.prefix(10))) else { return stored }
        let clock = utc.dropFirst(11).split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3 else { return stored }
        let instant = days.addingTimeInterval(TimeInterval(clock[0] * 3_600 + clock[1] * 60 + clock[2]))
        let offset = zone.secondsFromGMT(for: instant)
        let local = CivilDate.timestamp(seconds: Int64(instant.timeIntervalSince1970) + Int64(offset))
        let sign = offset < 0 ? "-" : "+"
        let name = offset == 0
            ? "UTC" : "UTC\(sign)\(String(abs(offset) / 3_600).leftPadded(to: 2)):\(String(abs(offset) / 60 % 60).leftPadded(to: 2))"
        return String(local.prefix(16)) + " " + name
    }

    /// Counts: `56,789`.
    public static func count(_ value: Int) -> String {
        grouped(String(value.magnitude), separator: ",", negative: value < 0)
    }

    /// Money from minor units: `1 234 567.89` with narrow no-break spaces, so it never wraps.
    public static func money(_ cents: Int64) -> String {
        let whole = grouped(String(cents.magnitude / 100), separator: "\u{202F}", negative: cents < 0)
        return whole + "." + String(cents.magnitude % 100).leftPadded(to: 2)
    }

    /// Money for files: `-1234567.89`, no grouping, so spreadsheets read it as a number.
    public static func plainMoney(_ cents: Int64) -> String {
        (cents < 0 ? "-" : "") + String(cents.magnitude / 100) + "." + String(cents.magnitude % 100).leftPadded(to: 2)
    }

    /// The day part of a stored timestamp: `2026-11-22`.
    public static func day(_ timestamp: String) -> String { String(timestamp.prefix(10)) }

    private static func grouped(_ digits: String, separator: String, negative: Bool) -> String {
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += separator }
            out.append(digit)
        }
        return (negative ? "-" : "") + out
    }
}

extension String {
    /// `7` → `0000007` for `leftPadded(to: 7)`: fixed-width numbers in IDs, money and escapes.
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
