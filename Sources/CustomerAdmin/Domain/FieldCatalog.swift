/// Every customer field and profile tab, in order: the record's decoding and encoding, `import`,
/// the listing's columns and sorts, the downloads and the profile page read it; none of them lists
/// fields by hand. Adding a field is one entry here plus one migration adding its column.
///
/// A value, so the store can hold another one (tests, and later fields an administrator defines).
public struct FieldCatalog: Sendable, Hashable {
    public let fields: [Field]
    public let tabs: [ProfileTab]
    /// The listing's columns in each section, as field names.
    public let listing: ListingColumns
    /// The repeatable groups (several documents, addresses, ... per customer), each a table of its own.
    public let groups: [FieldGroup]
    private let positions: [String: Int]

    public init(fields: [Field], tabs: [ProfileTab], listing: ListingColumns, groups: [FieldGroup] = []) {
        self.fields = fields
        self.tabs = tabs
        self.listing = listing
        self.groups = groups
        var positions: [String: Int] = [:]
        for (index, field) in fields.enumerated() {
            precondition(positions[field.name] == nil, "the field \(field.name) is declared twice")
            positions[field.name] = index
        }
        self.positions = positions
    }

    public subscript(name: String) -> Field? { positions[name].map { fields[$0] } }

    /// Where a field sits in `fields` (and in a record's values).
    public func position(of name: String) -> Int? { positions[name] }

    /// The same catalog with `field` added at the end, and as the last column of the listing (and
    /// its downloads) in `sections`.
    public func adding(_ field: Field, listedIn sections: [CustomerFilter.Section] = []) -> FieldCatalog {
        var listing = listing
        for section in sections { listing.sections[section] = listing.names(for: section) + [field.name] }
        return FieldCatalog(fields: fields + [field], tabs: tabs, listing: listing, groups: groups)
    }

    public func fields(where use: Field.Uses) -> [Field] { fields.filter { $0.uses.contains(use) } }

    /// The field a `sort=` value names, where it is sortable.
    public func field(sortKey: String) -> Field? { fields.first { $0.sort?.key == sortKey } }

    /// The listing's (and its downloads') columns for a section, `customer_id` first.
    public func columns(for section: CustomerFilter.Section) -> [Field] {
        listing.names(for: section).compactMap { self[$0] }.filter { $0.uses.contains(.listable) }
    }

    /// A section's columns as a user chose them (`chosen`, field names in order), or its standard
    /// ones when nothing was chosen. Names that are not listable fields (one since removed from the
    /// catalog) and repeats are left out; `customer_id`, the row's link, always comes first.
    public func columns(for section: CustomerFilter.Section, chosen: [String]?) -> [Field] {
        guard let chosen else { return columns(for: section) }
        var seen: Set<String> = ["customer_id"]
        let rest = chosen.compactMap { self[$0] }.filter { $0.uses.contains(.listable) && seen.insert($0.name).inserted }
        return [self["customer_id"]].compactMap { $0 } + rest
    }
}

// MARK: - The standard catalog

extension FieldCatalog {
    public static let standard = FieldCatalog(
        fields: standardFields, tabs: standardTabs, listing: .standard, groups: standardGroups)

    /// DESIGN.md's profile tabs, in order.
    static let standardTabs: [ProfileTab] = [
        ProfileTab("profile", "Profile"), ProfileTab("documents", "Documents"), ProfileTab("addresses", "Addresses"),
        ProfileTab("employment", "Employment"), ProfileTab("additional", "Additional"), ProfileTab("contacts", "Contacts"),
        ProfileTab("service", "Service"), ProfileTab("aml", "AML"), ProfileTab("risk", "Risk"),
        ProfileTab("portfolio", "Portfolio"), ProfileTab("payments", "Payments"), ProfileTab("claims", "Claims"),
        ProfileTab("credits", "Credits"), ProfileTab("notes", "Notes"), ProfileTab("files", "Files"), ProfileTab("audit", "Audit"),
    ]

    private static let everyone: Set<Status> = Set(Status.allCases)
    /// Seed 000: a Prospect has its personal identifier, ID document and address, and so has every
    /// status reached through Prospect by data (a Blocked or Closed record may have come from Newbie).
    private static let identified: Set<Status> = [.prospect, .customer, .dormant]
    private static let searchedText: Field.Uses = [.searchable, .listable, .exportable, .importable, .audited]

    static let standardFields: [Field] = inserting(
        [("national_id", personalFields), ("address_line", documentFields), ("balance", employmentFields + additionalFields),
         ("created_at", serviceFields), ("version", amlFields + riskFields)],
        into: baseFields)

    /// `fields` with each group of further fields placed before the named field.
    private static func inserting(_ groups: [(before: String, fields: [Field])], into fields: [Field]) -> [Field] {
        var result: [Field] = []
        for field in fields {
            for group in groups where group.before == field.name { result += group.fields }
            result.append(field)
        }
        return result
    }

    /// The fields of the first releases, in their order; the profile's further fields go between them by tab.
    private static let baseFields: [Field] = [
        Field("customer_id", "Customer ID", tab: nil, storage: .key, maxLength: 11,
              uses: [.searchable, .listable, .exportable, .importable], sort: Field.Sort("id", "id")),
        Field("kind", "Kind", .choice(.kinds), tab: nil, requiredFor: everyone, maxLength: 20,
              uses: [.exportable, .importable, .audited]),
        Field("status", "Status", .choice(.statuses), tab: nil, requiredFor: everyone, maxLength: 20,
              uses: [.listable, .exportable, .importable, .audited], sort: Field.Sort("status", "status")),
        Field("display_name", "Name", tab: nil, storage: .generated, maxLength: 400,
              uses: [.searchable, .listable, .exportable], sort: Field.Sort("name", "display_name COLLATE NOCASE")),
        Field("first_name", "First name", kinds: .individual, tab: "profile", uses: searchedText),
        Field("middle_name", "Middle name", kinds: .individual, tab: "profile", uses: searchedText),
        Field("last_name", "Last name", kinds: .individual, tab: "profile", requiredFor: everyone, uses: searchedText),
        Field("company_name", "Company name", kinds: .legalEntity, tab: "profile", requiredFor: everyone, uses: searchedText),
        // Birth dates and identity documents: viewers read them on the profile, officers and above export them.
        Field("birth_date", "Birth date", .date, kinds: .individual, tab: "profile", maxLength: 10, exportRole: .officer),
        Field("national_id", "National ID", tab: "documents", requiredFor: identified, maxLength: 40, uses: searchedText,
              exportRole: .officer),
        Field("id_type", "ID type", .choice(.idTypes), tab: "documents", requiredFor: identified, maxLength: 40),
        Field("id_number", "ID number", tab: "documents", requiredFor: identified, maxLength: 40, uses: searchedText, exportRole: .officer),
        Field("address_line", "Address line", tab: "addresses", requiredFor: identified, uses: searchedText),
        Field("postal_code", "Postal code", tab: "addresses", maxLength: 20, uses: searchedText),
        Field("city", "City", tab: "addresses", requiredFor: identified, maxLength: 100, uses: searchedText),
        Field("region", "Region", tab: "addresses", maxLength: 100, uses: searchedText),
        Field("country", "Country", .choice(.countries), tab: "addresses", maxLength: 100, uses: searchedText),
        Field("address", "Address", tab: nil,
              storage: .composed(["address_line", "postal_code", "city", "region", "country"]), maxLength: 600,
              uses: [.searchable, .listable, .exportable]),
        Field("email", "E-mail", .email, tab: "contacts", maxLength: 254, uses: searchedText,
              sort: Field.Sort("email", "email COLLATE NOCASE")),
        Field("phone", "Phone", .phone, tab: "contacts", maxLength: 40, uses: searchedText, sort: Field.Sort("phone", "phone")),
        Field("balance", "Balance", .money, tab: "credits", maxLength: 20, sort: Field.Sort("balance", "balance")),
        // Kept by triggers on credits (the customer's credits in status active): read, never written.
        Field("active_loans", "Active loans", .count, tab: "credits", maxLength: 6, uses: [.listable, .exportable]),
        Field("relationship_officer", "Relationship officer", .choice(.staff), tab: "service", maxLength: 100),
        Field("created_at", "Date created", .timestamp, tab: "service", maxLength: 40,
              uses: [.listable, .exportable, .importable], sort: Field.Sort("created", "created_at")),
        Field("updated_at", "Date modified", .timestamp, tab: "service", maxLength: 40,
              uses: [.listable, .exportable, .importable], sort: Field.Sort("modified", "updated_at")),
        Field("version", "Version", .count, tab: nil, maxLength: 10, uses: []),
    ]
}
