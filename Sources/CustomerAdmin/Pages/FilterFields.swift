/// The "Advanced search" disclosure of the listing: every filter of the URL contract in one grid.
enum FilterFields {
    static func advanced(_ filter: CustomerFilter) -> HTML {
        let open = HTML.attribute("open", if: hasAdvancedFilter(filter) || filter.problems.keys.contains { $0 != "q" })
        return """
            <details class="advanced"\(open)>
              <summary>Advanced search</summary>
              <div class="filter-grid">
                \(range("Customer ID", from: ("id_from", filter.idFrom.map { CustomerID(number: $0).description } ?? ""),
                        to: ("id_to", filter.idTo.map { CustomerID(number: $0).description } ?? ""), filter: filter,
                        placeholder: "CUST0000001"))
                \(text("name", "Name", filter.name, filter: filter))
                \(text("phone", "Phone", filter.phone, filter: filter, help: "Digits are enough: 7701234"))
                \(text("address", "Address keywords", filter.address, filter: filter))
                \(range("Balance", from: ("balance_min", filter.balanceMin.map(Format.plainMoney) ?? ""),
                        to: ("balance_max", filter.balanceMax.map(Format.plainMoney) ?? ""), filter: filter,
                        placeholder: "0.00", inputMode: "decimal"))
                \(dayRange("created", "Date created", filter.created, filter: filter))
                \(dayRange("modified", "Date modified", filter.modified, filter: filter))
                \(statusChoice(filter))
                \(kindChoice(filter))
                \(loansChoice(filter))
                \(listChoice(filter))
              </div>
              <div class="filter-actions">
                <button type="submit" class="primary">Apply filters</button>
                <a href="\(ListingPage.url(filter.cleared))">Clear all</a>
              </div>
            </details>
            """
    }

    static func problem(_ field: String, _ filter: CustomerFilter) -> HTML {
        guard let message = filter.problems[field] else { return .empty }
        return "<p class=\"field-problem\" id=\"\(field)-problem\" role=\"alert\">\(message)</p>"
    }

    private static func hasAdvancedFilter(_ filter: CustomerFilter) -> Bool {
        var withoutText = filter
        withoutText.text = ""
        return withoutText.isFiltered
    }

    private static func text(
        _ name: String, _ label: String, _ value: String, filter: CustomerFilter, help: String? = nil
    ) -> HTML {
        let helpText: HTML = help.map { "<small class=\"help\">\($0)</small>" } ?? .empty
        return """
            <div class="field">
              <label for="f-\(name)">\(label)</label>
              <input type="text" id="f-\(name)" name="\(name)" value="\(value)"\(ListingPage.describedBy(name, filter))>
              \(helpText)\(problem(name, filter))
            </div>
            """
    }

    private static func range(
        _ label: String, from: (name: String, value: String), to: (name: String, value: String),
        filter: CustomerFilter, placeholder: String, inputMode: String = "text"
    ) -> HTML {
        """
        <fieldset class="field range">
          <legend>\(label)</legend>
          <label for="f-\(from.name)">from</label>
          <input type="text" inputmode="\(inputMode)" id="f-\(from.name)" name="\(from.name)" value="\(from.value)" placeholder="\(placeholder)"\(ListingPage.describedBy(from.name, filter))>
          <label for="f-\(to.name)">to</label>
          <input type="text" inputmode="\(inputMode)" id="f-\(to.name)" name="\(to.name)" value="\(to.value)" placeholder="\(placeholder)"\(ListingPage.describedBy(to.name, filter))>
          \(problem(from.name, filter))\(problem(to.name, filter))
        </fieldset>
        """
    }

    /// A preset (today, last 7 days…) or a custom range of days.
    private static func dayRange(_ name: String, _ label: String, _ range: DayRange, filter: CustomerFilter) -> HTML {
        let presets = DayRange.Preset.allCases.map { preset -> HTML in
            "<option value=\"\(preset.rawValue)\"\(HTML.attribute("selected", if: range.preset == preset))>\(preset.label)</option>"
        }
        return """
            <fieldset class="field range days">
              <legend>\(label)</legend>
              <select id="f-\(name)" name="\(name)" aria-label="\(label): period"\(ListingPage.describedBy(name, filter))>
                <option value="">Any time</option>
                <option value="custom"\(HTML.attribute("selected", if: range.preset == nil && !range.isEmpty))>Custom range</option>
                \(presets)
              </select>
              <label for="f-\(name)_from">from</label>
              <input type="date" id="f-\(name)_from" name="\(name)_from" value="\(range.from ?? "")"\(ListingPage.describedBy(name + "_from", filter))>
              <label for="f-\(name)_to">to</label>
              <input type="date" id="f-\(name)_to" name="\(name)_to" value="\(range.to ?? "")"\(ListingPage.describedBy(name + "_to", filter))>
              \(problem(name, filter))\(problem(name + "_from", filter))\(problem(name + "_to", filter))
            </fieldset>
            """
    }

    /// One box per status; the lending seeds' Enabled / Disabled / Blocked are groups of them.
    private static func statusChoice(_ filter: CustomerFilter) -> HTML {
        let boxes = Status.allCases.map { status -> HTML in
            """
            <label class="check"><input type="checkbox" name="status" value="\(status.rawValue)"\(HTML.attribute("checked", if: filter.statuses.contains(status)))> \(Components.statusBadge(status))</label>
            """
        }
        let groups = StatusGroup.allCases.map { group -> HTML in
            var target = filter.cleared
            target.statuses = group.statuses
            return "<a href=\"\(ListingPage.url(target))\">\(group.label)</a>"
        }
        return """
            <fieldset class="field statuses">
              <legend>Status</legend>
              <div class="checks">\(boxes)</div>
              <p class="help">Lending view: \(HTML.join(groups, separator: " · "))</p>
              \(problem("status", filter))
            </fieldset>
            """
    }

    private static func kindChoice(_ filter: CustomerFilter) -> HTML {
        let options = Customer.Kind.allCases.map { kind -> HTML in
            "<option value=\"\(kind.rawValue)\"\(HTML.attribute("selected", if: filter.kind == kind))>\(kind.label)</option>"
        }
        return """
            <div class="field">
              <label for="f-kind">Kind</label>
              <select id="f-kind" name="kind"><option value="">Any kind</option>\(options)</select>
            </div>
            """
    }

    private static func listChoice(_ filter: CustomerFilter) -> HTML {
        let options = CustomerFilter.FlagList.allCases.map { list -> HTML in
            "<option value=\"\(list.rawValue)\"\(HTML.attribute("selected", if: filter.list == list))>\(list.label)</option>"
        }
        return """
            <div class="field">
              <label for="f-list">Red or black list</label>
              <select id="f-list" name="list"><option value="">Any</option>\(options)</select>
            </div>
            """
    }

    private static func loansChoice(_ filter: CustomerFilter) -> HTML {
        let choices: [(CustomerFilter.ActiveLoans, String)] = [(.none, "None"), (.some, "More than none")]
        let options = choices.map { value, label -> HTML in
            "<option value=\"\(value.rawValue)\"\(HTML.attribute("selected", if: filter.activeLoans == value))>\(label)</option>"
        }
        return """
            <div class="field">
              <label for="f-active_loans">Active loans</label>
              <select id="f-active_loans" name="active_loans"><option value="">Any</option>\(options)</select>
            </div>
            """
    }
}
