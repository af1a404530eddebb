/// A field's value from text as other systems and people write it (`import` today, forms next),
/// by the field's value type. Every refusal names the field and the expected form.
enum FieldText {
    /// Length within the field's maximum (never above Excel's cell limit) and no control characters
    /// but tab and line breaks: NUL and the like end text early in SQLite's search and in C
    /// libraries, and nobody types them.
    static func check(_ text: String, _ field: Field) throws {
        if text.utf8.count > field.maxLength, text.count > field.maxLength {
            throw FieldProblem("\(field.name) is \(text.count) characters long; at most \(field.maxLength) fit")
        }
        if let control = text.unicodeScalars.first(where: isRefusedControl) {
            let code = String(control.value, radix: 16, uppercase: true)
            throw FieldProblem("\(field.name) holds the control character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code)")
        }
    }

    private static func isRefusedControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0x7F
    }

    /// The stored value of non-empty text; a choice must be in its directory as the store has it.
    static func value(_ text: String, _ field: Field, directories: DirectoryLists) throws -> FieldValue {
        switch field.type {
        case .text, .email, .phone:
            return .text(text)
        case .date:
            guard text.utf8.count == 10, let stored = timestamp(text) else { throw bad(field, text, "a real date YYYY-MM-DD") }
            return .text(String(stored.prefix(10)))
        case .timestamp:
            guard let stored = timestamp(text) else {
                throw bad(field, text, "YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or ISO 8601 like 2024-01-15T10:00:00Z or 2024-01-15T12:00:00+02:00")
            }
            return .text(stored)
        case .money:
            guard let cents = Money.cents(from: text) else { throw bad(field, text, "an amount like 1234.56 or -5") }
            return .integer(cents)
        case .count:
            guard text.utf8.count <= 6, text.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Int64(text) else {
                throw bad(field, text, "a whole number, 0 or more")
            }
            return .integer(count)
        case .yesNo:
            switch text.lowercased() {
            case "yes", "y", "true", "1": return .integer(1)
            case "no", "n", "false", "0": return .integer(0)
            default: throw bad(field, text, "yes or no")
            }
        case .choice(let directory):
            guard let value = directories.value(for: text, in: directory) else { throw bad(field, text, expected(directory, directories)) }
            return .text(value)
        }
    }

    /// A short list in full; a long one (countries) or the staff by where to find them.
    private static func expected(_ directory: Field.Directory, _ directories: DirectoryLists) -> String {
        switch directory.upkeep {
        case .staffPage:
            return "the active login of an officer or above; add one with `customer-admin staff add NAME --role officer`"
        case .directoriesPage:
            let entries = directories.entries(directory)
            return entries.count <= 12
                ? entries.map(\.value).joined(separator: ", ")
                : "an entry of the \(directory.name) directory, such as \(entries[0].value); the Directories page lists them"
        }
    }

    static func customerID(_ text: String) throws -> Int64? {
        if text.isEmpty { return nil }
        guard let id = CustomerID(text) else {
            throw FieldProblem("customer_id \"\(shown(text))\" is not valid (expected CUST and 7 digits, like CUST0000047)")
        }
        return id.number
    }

    /// A time as the store keeps it, `YYYY-MM-DD HH:MM:SS` in UTC, from a day (midnight), the store's
    /// own form, or ISO 8601: `T` or a space, minutes or seconds, a fraction (dropped), and `Z` or an
    /// offset (`+02:00`, `+0200`, `+02`) that is taken off. Nil when it is none of those or not a real time.
    static func timestamp(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + digits)] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += digits
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), skip(UInt8(ascii: "-")), let month = number(2), skip(UInt8(ascii: "-")),
            let day = number(2), let days = CivilDate.days(year: year, month: month, day: day)
        else { return nil }
        var seconds = 0
        if index < bytes.count {
            guard skip(UInt8(ascii: "T")) || skip(UInt8(ascii: " ")), let hour = number(2), hour < 24,
                skip(UInt8(ascii: ":")), let minute = number(2), minute < 60
            else { return nil }
            seconds = hour * 3_600 + minute * 60
            if skip(UInt8(ascii: ":")) {
                guard let second = number(2), second < 60 else { return nil }
                seconds += second
                if skip(UInt8(ascii: ".")) || skip(UInt8(ascii: ",")) {
                    let start = index
                    while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                    guard index > start else { return nil }
                }
            }
            if skip(UInt8(ascii: "Z")) {
                // UTC already
            } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let hours = number(2), hours <= 14 else { return nil }
                var minutes = 0
                if index < bytes.count {
                    _ = skip(UInt8(ascii: ":"))
                    guard let offsetMinutes = number(2), offsetMinutes < 60 else { return nil }
                    minutes = offsetMinutes
                }
                seconds -= sign * (hours * 3_600 + minutes * 60)
            }
            guard index == bytes.count else { return nil }
        }
        let utc = days * 86_400 + Int64(seconds)
        // An offset may not carry the time out of the years the store's four digits hold.
        guard let first = CivilDate.days(year: 1, month: 1, day: 1), let last = CivilDate.days(year: 9999, month: 12, day: 31),
            (first * 86_400)..<((last + 1) * 86_400) ~= utc
        else { return nil }
        return CivilDate.timestamp(seconds: utc)
    }

    static func bad(_ field: Field, _ text: String, _ expected: String) -> FieldProblem {
        FieldProblem("\(field.name) \"\(shown(text))\" is not valid (expected \(expected))")
    }

    private static func shown(_ text: String) -> String { text.count > 40 ? text.prefix(40) + "…" : text }
}

/// Why a text cannot be a field's value.
struct FieldProblem: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
