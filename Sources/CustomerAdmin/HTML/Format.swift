/// How numbers and dates read on every page and export.
public enum Format {
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
