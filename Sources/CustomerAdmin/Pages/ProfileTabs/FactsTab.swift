/// A tab of the customer's own facts: the catalog fields of the tab for this kind of customer as a
/// definition list, then each repeatable group of the tab as a table (paged when long).
enum FactsTab {
    static func content(_ profile: ProfileVisit) throws -> HTML {
        let customer = profile.customer
        let catalog = customer.catalog
        let fields = catalog.fields.filter { $0.tab == profile.tab.name && $0.kinds.includes(customer.kind) }
        let groups = catalog.groups.filter { $0.tab == profile.tab.name && $0.kinds.includes(customer.kind) }
        let facts: HTML =
            fields.isEmpty ? .empty : """
                \(HTML.when(!groups.isEmpty, "<h3>\(heading(profile.tab.name))</h3>"))
                \(Components.facts(fields.map { ($0.label, "\(customer.shown($0))") }))
                """
        let tables = try groups.map { group -> HTML in
            let page = try profile.database.groupItems(group, customer: profile.number, profile.pageRequest())
            return """
                <h3>\(group.label)</h3>
                \(table(group, page.items))
                \(TabPager.render(page, what: group.label.lowercased(), url: profile.pageURL))
                """
        }
        guard !fields.isEmpty || !groups.isEmpty else { return ProductCells.empty("Nothing is recorded on this tab.") }
        return "\(facts)\(tables)"
    }

    /// What the facts of a tab are, above its groups' tables.
    private static func heading(_ tab: String) -> String {
        switch tab {
        case "profile": "Personal data"
        case "documents": "Main identity document"
        case "addresses": "Residence address"
        case "contacts": "Contact details"
        default: "Details"
        }
    }

    /// A group's items as a table, or its sentence for none.
    static func table(_ group: FieldGroup, _ items: [GroupItem]) -> HTML {
        guard !items.isEmpty else { return ProductCells.empty(group.none) }
        let headers = group.fields.map { ($0.label, numeric: $0.type == .money || $0.type == .count) }
        let rows = items.map { item -> HTML in
            let cells = zip(group.fields, item.values).map { field, value -> HTML in
                let text = field.shown(value)
                return "<td\(HTML.when(field.type == .money || field.type == .count, " class=\"num\""))>\(text.isEmpty ? "—" : text)</td>"
            }
            return "<tr>\(cells)</tr>\n"
        }
        return ProductCells.table(caption: group.label, headers: headers, rows: rows)
    }
}
