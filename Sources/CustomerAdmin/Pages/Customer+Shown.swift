import Foundation

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
        return field.shown(values[position])
    }
}

extension Field {
    /// A stored value of this field as pages show it (a customer's or a group item's): a choice by
    /// its label, money with two decimals and thin-space thousands, yes/no in words, a time in the
    /// viewer's zone with the zone named (`Format.timestamp`); empty stays empty (pages show "—").
    public func shown(_ value: FieldValue, zone: TimeZone = Format.viewerZone) -> String {
        switch type {
        case .choice(let directory): return value.text.isEmpty ? "" : directory.label(for: value.text)
        case .money: return Format.money(value.integer)
        case .yesNo: return value.integer == 0 ? "No" : "Yes"
        case .timestamp: return Format.timestamp(value.text, zone: zone)
        default: return value.text
        }
    }
}
