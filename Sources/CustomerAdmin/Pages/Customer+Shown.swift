/// How pages show a customer's fields.
extension Customer {
    /// The field as a page shows it: an ID as `CUST…`, a composed field from its parts, a choice by its label.
    public func shown(_ field: Field) -> String {
        switch field.storage {
        case .key: return customerID?.description ?? ""
        case .composed(let parts): return parts.map { self[text: $0] }.filter { !$0.isEmpty }.joined(separator: ", ")
        case .generated where field.name == "display_name": return displayName
        case .column, .generated: break
        }
        guard let position = catalog.position(of: field.name) else { return "" }
        let value = values[position]
        switch field.type {
        case .choice(let directory): return directory.label(for: value.text)
        case .money: return Format.money(value.integer)
        case .yesNo: return value.integer == 0 ? "No" : "Yes"
        default: return value.text
        }
    }
}
