/// Markup built from trusted literals and escaped values.
///
/// Literals are `StaticString`, so only code can add markup; every interpolated string is escaped;
/// `HTML` and `[HTML]` nest as they are. There is deliberately no catch-all interpolation: an
/// Optional or an arbitrary value does not compile until the caller decides how to show it.
/// Raw markup enters only through `HTML(trusted:)`, which is easy to grep for.
public struct HTML: Sendable, Equatable, CustomStringConvertible {
    /// UTF-8, as it goes on the wire: pages are built by appending bytes, the cheapest way there is
    /// (a listing page renders in a fraction of the time String concatenation took).
    public private(set) var bytes: [UInt8]

    public var rendered: String { String(decoding: bytes, as: UTF8.self) }

    /// Markup the caller vouches for (e.g. an inline SVG literal). Never user data.
    public init(trusted markup: String) { bytes = Array(markup.utf8) }

    public static let empty = HTML(trusted: "")

    public var description: String { rendered }

    /// Appends `text` with `& < > " '` replaced; the rest of UTF-8 passes through untouched, so a text
    /// without them is copied in one piece.
    static func escape(_ text: some StringProtocol, into out: inout [UInt8]) {
        var text = String(text)
        text.withUTF8 { utf8 in
            var clean = 0
            for (index, byte) in utf8.enumerated() {
                let entity: StaticString
                switch byte {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = "&#39;"
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[clean..<index]))
                entity.withUTF8Buffer { out.append(contentsOf: $0) }
                clean = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[clean...]))
        }
    }
}

extension HTML: ExpressibleByStringInterpolation {
    public init(stringLiteral value: StaticString) {
        bytes = value.withUTF8Buffer { Array($0) }
    }

    public init(stringInterpolation: Interpolation) {
        bytes = stringInterpolation.bytes
    }

    public struct Interpolation: StringInterpolationProtocol {
        var bytes: [UInt8] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            bytes.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: StaticString) {
            literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }

        public mutating func appendInterpolation(_ text: some StringProtocol) {
            HTML.escape(text, into: &bytes)
        }

        public mutating func appendInterpolation(_ number: Int) {
            bytes.append(contentsOf: String(number).utf8)
        }

        public mutating func appendInterpolation(_ html: HTML) {
            bytes.append(contentsOf: html.bytes)
        }

        public mutating func appendInterpolation(_ parts: [HTML]) {
            for part in parts { bytes.append(contentsOf: part.bytes) }
        }
    }
}

extension HTML {
    /// `<tag attr>` lists and conditional pieces read better with these.
    public static func join(_ parts: [HTML], separator: HTML = .empty) -> HTML {
        var joined = HTML.empty
        for (index, part) in parts.enumerated() {
            if index > 0 { joined.bytes.append(contentsOf: separator.bytes) }
            joined.bytes.append(contentsOf: part.bytes)
        }
        return joined
    }

    /// Markup only when the condition holds.
    public static func when(_ condition: Bool, _ html: @autoclosure () -> HTML) -> HTML {
        condition ? html() : .empty
    }

    /// `checked`, `selected`, `required`…: a boolean attribute that is present or absent.
    public static func attribute(_ name: StaticString, if condition: Bool) -> HTML {
        guard condition else { return .empty }
        var html: HTML = " "
        name.withUTF8Buffer { html.bytes.append(contentsOf: $0) }
        return html
    }
}
