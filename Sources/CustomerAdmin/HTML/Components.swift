/// Small pieces several pages use.
enum Components {
    /// A status as a coloured badge that also carries its word (never colour alone).
    static func statusBadge(_ status: Status) -> HTML {
        "<span class=\"badge status-\(status.rawValue)\">\(status.label)</span>"
    }

    /// Facts as a definition list; empty values read "—".
    static func facts(_ rows: [(String, String)]) -> HTML {
        let items = rows.map { label, value -> HTML in
            "<div><dt>\(label)</dt><dd>\(value.isEmpty ? "—" : value)</dd></div>"
        }
        return "<dl class=\"facts\">\(items)</dl>"
    }
}
