import Foundation

/// Amounts as staff type them, kept as whole minor units (cents) so nothing is lost to rounding.
public enum Money {
    /// Parses `1234.56`, `-5`, `1 234,5`, `+10.00`; at most two decimals and 15 integer digits.
    public static func cents(from text: String) -> Int64? {
        let compact = text.filter { !$0.isWhitespace && $0 != "\u{202F}" && $0 != "_" }
        var body = Substring(compact)
        var negative = false
        if let sign = body.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        let parts = body.split(whereSeparator: { $0 == "." || $0 == "," }).map(String.init)
        guard (1...2).contains(parts.count), body.last != ".", body.last != ",",
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            parts[0].count <= 15
        else { return nil }
        let fraction = parts.count == 2 ? parts[1] : "0"
        guard fraction.count <= 2, let whole = Int64(parts[0]), let minor = Int64(fraction.padding(toLength: 2, withPad: "0", startingAt: 0))
        else { return nil }
        // 15 digits at most: under 10^17 cents, far from Int64's 9.2 × 10^18, so this cannot overflow.
        let value = whole * 100 + minor
        return negative ? -value : value
    }
}
