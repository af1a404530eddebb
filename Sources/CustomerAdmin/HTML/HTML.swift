/// Markup built from trusted literals and escaped values.
///
/// Literals are `StaticString`, so only code can add markup; every interpolated string is escaped;
/// `HTML` and `[HTML]` nest as they are. There is deliberately no catch-all interpolation: an
/// Optional or an arbitrary value does not compile until the caller decides how to show it.
/// Raw markup enters only through `HTML(trusted:)`, which is easy to grep for.
public struct HTML: Sendable, Equatable, CustomStringConvertible {
    public private(set) var rendered: String

    /// Markup the caller vouches for (e.g. an inline SVG literal). Never user data.
    public init(trusted markup: String) { rendered = markup }

    public static let empty = HTML(trusted: "")

    public var description: String { rendered }

    /// Text content: escaped.
    public init(text: some StringProtocol) { rendered = HTML.escape(text) }

    public static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension HTML: ExpressibleByStringInterpolation {
    public init(stringLiteral value: StaticString) {
        rendered = value.description
    }

    public init(stringInterpolation: Interpolation) {
        rendered = stringInterpolation.rendered
    }

    public struct Interpolation: StringInterpolationProtocol {
        var rendered = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            rendered.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: StaticString) {
            rendered += literal.description
        }

        public mutating func appendInterpolation(_ text: some StringProtocol) {
            rendered += HTML.escape(text)
        }

        public mutating func appendInterpolation(_ number: Int) {
            rendered += String(number)
        }

        public mutating func appendInterpolation(_ html: HTML) {
            rendered += html.rendered
        }

        public mutating func appendInterpolation(_ parts: [HTML]) {
            for part in parts { rendered += part.rendered }
        }
    }
}

extension HTML {
    /// `<tag attr>` lists and conditional pieces read better with these.
    public static func join(_ parts: [HTML], separator: HTML = .empty) -> HTML {
        HTML(trusted: parts.map(\.rendered).joined(separator: separator.rendered))
    }

    /// Markup only when the condition holds.
    public static func when(_ condition: Bool, _ html: @autoclosure () -> HTML) -> HTML {
        condition ? html() : .empty
    }

    /// `checked`, `selected`, `required`…: a boolean attribute that is present or absent.
    public static func attribute(_ name: StaticString, if condition: Bool) -> HTML {
        condition ? HTML(trusted: " \(name)") : .empty
    }
}
