import CustomerAdmin

extension FuzzTarget {
    /// `Parameters(urlEncoded:)`: decodes or refuses with a 400; what it decodes encodes back to
    /// plain ASCII that decodes to the same pairs.
    static let query = FuzzTarget(name: "query", covers: "the query decoder, Parameters(urlEncoded:)") { bytes in
        guard let parameters = decodedQuery(bytes) else { return }
        let encoded = parameters.encoded
        require(encoded.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "encoded query is plain ASCII: \(encoded)")
        require(parameters.pairs.allSatisfy { !$0.name.isEmpty }, "no pair without a name")
        require((try? Parameters(urlEncoded: encoded)) == parameters, "decoded, encoded, decoded again: the same pairs for \(encoded)")
    }

    /// `CustomerFilter(_ query:)`: any decoded query gives a filter within its bounds, and the
    /// filter's canonical query reads back as the same filter.
    static let filter = FuzzTarget(name: "filter", covers: "the customer filter parser, CustomerFilter(_ query:)") { bytes in
        guard let parameters = decodedQuery(bytes) else { return }
        let filter = CustomerFilter(parameters)
        require(filter.page >= 1, "page at least 1: \(filter.page)")
        require(CustomerFilter.pageSizes.contains(filter.perPage), "a known page size: \(filter.perPage)")
        require(filter.text.count <= CustomerFilter.maximumTextLength, "q cut to its maximum")
        require(ordered(filter.idFrom, filter.idTo) && ordered(filter.balanceMin, filter.balanceMax), "ranges in order")
        require(ordered(filter.created.from, filter.created.to) && ordered(filter.modified.from, filter.modified.to), "day ranges in order")
        let canonical = filter.parameters
        let again = CustomerFilter(canonical)
        require(again.parameters == canonical, "the canonical query reads back the same: \(canonical.encoded) → \(again.parameters.encoded)")
        require(again.problems.isEmpty, "the canonical query has no problems: \(canonical.encoded) → \(again.problems)")
        _ = filter.isFiltered
    }

    /// Bytes as a query string, decoded; nil when refused (a 400, the only refusal allowed).
    static func decodedQuery(_ bytes: [UInt8]) -> Parameters? {
        do {
            return try Parameters(urlEncoded: text(bytes))
        } catch {
            require(error.status == 400, "a refused query is a 400: \(error)")
            return nil
        }
    }

    private static func ordered<Value: Comparable>(_ low: Value?, _ high: Value?) -> Bool {
        guard let low, let high else { return true }
        return low <= high
    }
}
