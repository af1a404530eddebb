/// Small pieces several pages use.
enum Components {
    /// A status as a coloured badge that also carries its word (never colour alone).
    static func statusBadge(_ status: Status) -> HTML {
        "<span class=\"badge status-\(status.rawValue)\">\(status.label)</span>"
    }

    /// A badge per red or black list the customer is on, with its word (the listing and the profile).
    static func listBadges(_ customer: Customer) -> HTML {
        let badges = CustomerFilter.FlagList.allCases.filter(customer.isOn)
            .map { list -> HTML in " <span class=\"badge list-\(list.rawValue)\">\(list.label)</span>" }
        return HTML.join(badges)
    }

    /// Facts as a definition list; values may be markup (links, badges); empty values read "—".
    static func facts(_ rows: [(String, HTML)]) -> HTML {
        let items = rows.map { label, value -> HTML in
            "<div><dt>\(label)</dt><dd>\(value == .empty ? "—" : value)</dd></div>"
        }
        return "<dl class=\"facts\">\(items)</dl>"
    }
}
