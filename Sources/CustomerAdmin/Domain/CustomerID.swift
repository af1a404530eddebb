/// `CUST` and a 7-digit sequence number: the ID staff read out on the phone.
public struct CustomerID: Sendable, Hashable, CustomStringConvertible {
    public let number: Int64

    public init(number: Int64) { self.number = number }

    /// Accepts `CUST0000047` (any case) as written by `description`; nothing else, so
    /// `CUST00000047` is not a second spelling of the same customer.
    public init?(_ text: some StringProtocol) {
        let upper = text.uppercased()
        guard upper.hasPrefix("CUST") else { return nil }
        let digits = upper.dropFirst(4)
        guard (7...10).contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
            let number = Int64(digits), number > 0, Self(number: number).description == upper
        else { return nil }
        self.number = number
    }

    public var description: String { "CUST" + String(number).leftPadded(to: 7) }
}
