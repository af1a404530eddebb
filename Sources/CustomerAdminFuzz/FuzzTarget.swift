import Foundation

/// One fuzz target: a name, what it covers, and a check of one input that stops the process (a
/// crash for libFuzzer) when the code under test crashes or a property fails.
struct FuzzTarget: Sendable {
    let name: String
    let covers: String
    let check: @Sendable ([UInt8]) -> Void

    static let all: [FuzzTarget] = [.query, .filter, .search, .listing, .money, .dates, .customerID, .csvImport]

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    static var list: String {
        all.map { "  \($0.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \($0.covers)" }.joined(separator: "\n")
    }
}

/// Stops with the failed property and the input's text, so libFuzzer (or the replayer) reports it.
/// Control characters are shown escaped (a NUL would end the message).
func require(_ holds: Bool, _ property: @autoclosure () -> String, file: StaticString = #file, line: UInt = #line) {
    guard !holds else { return }
    let shown = property().unicodeScalars.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }
    fatalError("property failed: \(shown.joined())", file: file, line: line)
}

/// Fuzzed bytes as the text a request or a form would carry (invalid UTF-8 repaired, as FastCGI's
/// parameters are).
func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// The first eight bytes as a number, for targets that also take numbers.
func number(_ bytes: [UInt8]) -> Int64 {
    bytes.prefix(8).reduce(0) { $0 << 8 | Int64($1) }
}
