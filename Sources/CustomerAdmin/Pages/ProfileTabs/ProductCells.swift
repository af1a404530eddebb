/// The cells and small blocks the product tabs and the policy and credit pages share, so a
/// status, an amount or a link to a product reads the same everywhere.
enum ProductCells {
    /// A product status as a badge that carries its word; the tone only adds colour.
    static func badge(_ state: some ProductState) -> HTML {
        "<span class=\"badge tone-\(state.tone.rawValue)\">\(state.label)</span>"
    }

    /// `1 234.56 GMD`: `Format.money` and the currency code.
    static func money(_ cents: Int64, _ currency: String) -> HTML {
        "<span class=\"money\">\(Format.money(cents))&nbsp;\(currency)</span>"
    }

    /// A stored day as it is (`2026-11-22`), "—" when there is none.
    static func day(_ text: String) -> String { text.isEmpty ? "—" : text }

    static func policyLink(_ number: String) -> HTML {
        "<a class=\"mono\" href=\"/policies/\(Parameters.encode(number))\">\(number)</a>"
    }

    static func creditLink(_ number: String) -> HTML {
        "<a class=\"mono\" href=\"/credits/\(Parameters.encode(number))\">\(number)</a>"
    }

    static func link(_ kind: ProductKind, _ number: String) -> HTML {
        kind == .policy ? policyLink(number) : creditLink(number)
    }

    static func customerLink(_ id: CustomerID, tab: String? = nil) -> HTML {
        "<a class=\"mono\" href=\"\(customerPath(id, tab: tab))\">\(id.description)</a>"
    }

    static func customerPath(_ id: CustomerID, tab: String? = nil) -> String { ProfileTabs.path(id, tab: tab) }

    /// A yearly rate in hundredths of a percent: `12.50 %`.
    static func rate(_ hundredths: Int) -> String {
        "\(hundredths / 100).\(String(hundredths % 100).leftPadded(to: 2))\u{00A0}%"
    }

    static func yesNo(_ value: Bool) -> String { value ? "Yes" : "No" }

    /// A table of related records; `headers` name the columns, numeric ones marked `num`.
    static func table(caption: String, headers: [(String, numeric: Bool)], rows: [HTML]) -> HTML {
        let heads = headers.map { label, numeric -> HTML in
            "<th scope=\"col\"\(HTML.when(numeric, " class=\"num\""))>\(label)</th>"
        }
        return """
            <div class="table-wrap related-wrap">
            <table class="related">
              <caption class="visually-hidden">\(caption)</caption>
              <thead><tr>\(heads)</tr></thead>
              <tbody>
            \(rows)
              </tbody>
            </table>
            </div>
            """
    }

    /// A sentence in place of an empty list ("No claims").
    static func empty(_ sentence: String) -> HTML {
        "<p class=\"empty-related\">\(sentence)</p>"
    }

    /// A line under a list cut at a limit: "Showing the latest 500 of more than 10,000".
    static func cutNote(shown: Int, of total: BoundedCount, what: String) -> HTML {
        guard shown < total.value || !total.exact else { return .empty }
        return "<p class=\"note\">Showing \(Format.count(shown)) of \(TabPager.describe(total)) \(what).</p>"
    }
}
