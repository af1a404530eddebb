import Foundation

/// How national IDs and tax numbers look, and which calling code phones take, per country: one
/// table, with rules for the demo data's countries and a permissive fallback for every other.
struct CountryRule: Sendable {
    /// Names the store may hold for the country, lower case.
    var names: [String]
    /// Without the `+`: `220`.
    var callingCode: String?
    /// What the message says a national ID or TIN looks like here.
    var expected: String
    var accepts: @Sendable (String) -> Bool
}

enum IdentityRules {
    static let table: [CountryRule] = [
        CountryRule(
            names: ["the gambia", "gambia", "gm"], callingCode: "220",
            expected: "9 digits for a person, 10 for a company", accepts: { digits($0, 9...10) }),
        CountryRule(
            names: ["colombia", "co"], callingCode: "57",
            expected: "a cédula of 6 to 10 digits, or a NIT with its check digit after a hyphen",
            accepts: { text in
                let parts = text.split(separator: "-", omittingEmptySubsequences: false)
                return (parts.count == 1 && digits(text, 6...10)) || (parts.count == 2 && digits(parts[0], 6...10) && digits(parts[1], 1...1))
            }),
        CountryRule(
            names: ["russia", "russian federation", "россия", "ru"], callingCode: "7",
            expected: "an INN of 12 digits for a person or 10 for a company", accepts: { digits($0, 10...10) || digits($0, 12...12) }),
        CountryRule(
            names: ["romania", "românia", "ro"], callingCode: "40",
            expected: "a CNP of 13 digits, or RO and 2 to 10 digits for a company",
            accepts: { digits($0, 13...13) || ($0.hasPrefix("RO") && digits($0.dropFirst(2), 2...10)) }),
    ]

    /// Any other country: letters, digits and the separators people type, 2 to 40 characters.
    static let fallback = CountryRule(
        names: [], callingCode: nil, expected: "2 to 40 letters or digits (spaces, dots, hyphens and slashes allowed)",
        accepts: { text in
            (2...40).contains(text.count) && text.first.map { $0.isLetter || $0.isNumber } == true
                && text.allSatisfy { $0.isLetter || $0.isNumber || " .-/".contains($0) }
        })

    static func rule(for country: String) -> CountryRule {
        let name = country.trimmingCharacters(in: .whitespaces).lowercased()
        return table.first { $0.names.contains(name) } ?? fallback
    }

    private static func digits(_ text: some StringProtocol, _ count: ClosedRange<Int>) -> Bool {
        count.contains(text.utf8.count) && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}

/// Phone numbers: kept as typed, read as E.164 (`+2207701234`) to check them and compare them.
enum PhoneNumber {
    /// E.164 from a number as typed: `+` or `00` and the country code, or a national number when
    /// the country's calling code is known (a leading trunk `0` dropped); nil when it is not a phone.
    static func e164(_ typed: String, callingCode: String?) -> String? {
        var text = Substring(typed.trimmingCharacters(in: .whitespaces))
        var international = false
        if text.hasPrefix("+") {
            international = true
            text = text.dropFirst()
        } else if text.hasPrefix("00") {
            international = true
            text = text.dropFirst(2)
        }
        guard text.allSatisfy({ ($0.isASCII && $0.isNumber) || " -().\u{00A0}/".contains($0) }) else { return nil }
        var digits = text.filter { $0.isASCII && $0.isNumber }
        if !international {
            guard let callingCode else { return nil }
            while digits.hasPrefix("0") { digits.removeFirst() }
            digits = callingCode + digits
        }
        guard (8...15).contains(digits.count), digits.first != "0" else { return nil }
        return "+" + digits
    }
}

/// Names compared as people mistype them: case, diacritics, punctuation and word order set aside,
/// and a letter or two off still counts as the same name.
enum NameFolding {
    static func folded(_ name: String) -> String {
        let plain = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        let words = plain.split { !$0.isLetter }.map(String.init).sorted()
        return words.joined(separator: " ")
    }

    /// Equal when folded, or within one edit per 6 letters (at most 3).
    static func similar(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(folded(a)), Array(folded(b)))
        guard !x.isEmpty, !y.isEmpty, x.count <= 200, y.count <= 200 else { return false }
        let allowed = min(3, max(1, min(x.count, y.count) / 6))
        guard abs(x.count - y.count) <= allowed else { return false }
        var previous = Array(0...y.count)
        for i in 1...x.count {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count] <= allowed
    }
}
