/// The listing's columns per section, as ordered lists of catalog field names (seeds 001, 003, 004);
/// the downloads of a section use the same ones. A per-user choice, being such a list too, can take
/// a section's place.
public struct ListingColumns: Sendable, Hashable {
    public var sections: [CustomerFilter.Section: [String]]
    /// Headings that differ from the field's label in a section (the seeds call the ID of someone
    /// not yet onboarded "Pre-customer ID").
    public var headings: [CustomerFilter.Section: [String: String]]

    public init(sections: [CustomerFilter.Section: [String]], headings: [CustomerFilter.Section: [String: String]] = [:]) {
        self.sections = sections
        self.headings = headings
    }

    public func names(for section: CustomerFilter.Section) -> [String] { sections[section] ?? ["customer_id"] }

    public func heading(_ field: Field, in section: CustomerFilter.Section) -> String {
        headings[section]?[field.name] ?? field.label
    }

    public static let standard = ListingColumns(
        sections: [
            .pre: ["customer_id", "display_name", "phone", "created_at", "updated_at", "id_type", "email"],
            .customers: [
                "customer_id", "display_name", "status", "active_loans", "email", "phone", "national_id", "created_at",
                "updated_at", "personal_data_accepted_on", "commercial_approval_on",
            ],
            .all: [
                "customer_id", "display_name", "status", "active_loans", "phone", "email", "national_id", "balance",
                "created_at", "updated_at", "relationship_officer", "address",
            ],
        ],
        headings: [.pre: ["customer_id": "Pre-customer ID"]])
}
