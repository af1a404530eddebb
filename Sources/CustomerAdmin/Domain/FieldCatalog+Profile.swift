/// The profile's fields beyond name, contacts and the main ID (issue 11, point 1; seed 002's tabs):
/// personal data, legal-entity registration, the main ID document's issue, employment, additional
/// information, service information with the consents and the red and black lists, AML/CFT and
/// risk status; and the repeatable groups, each a table of its own.
extension FieldCatalog {
    private static let facts: Field.Uses = [.listable, .exportable, .importable, .audited]
    /// Long free text: not a listing column (it would make rows pages high), still exported and imported.
    private static let notes: Field.Uses = [.exportable, .importable, .audited]

    // MARK: - Single values (columns of `customers`)

    static let personalFields: [Field] = [
        Field("gender", "Gender", .choice(.genders), kinds: .individual, tab: "profile", maxLength: 20, uses: facts),
        Field("birth_place", "Place of birth", kinds: .individual, tab: "profile", maxLength: 100, uses: facts),
        Field("marital_status", "Marital status", .choice(.maritalStatuses), kinds: .individual, tab: "profile", maxLength: 20, uses: facts),
        Field("education", "Education", .choice(.educations), kinds: .individual, tab: "profile", maxLength: 20, uses: facts),
        Field("citizenship", "Citizenship", kinds: .individual, tab: "profile", maxLength: 100, uses: facts),
        Field("customer_type", "Customer type", .choice(.customerTypes), tab: "profile", maxLength: 20, uses: facts),
        Field("tin", "TIN", tab: "profile", maxLength: 20, uses: facts),
        Field("registration_number", "Registration number", kinds: .legalEntity, tab: "profile", maxLength: 40, uses: facts),
        Field("legal_form", "Legal form", .choice(.legalForms), kinds: .legalEntity, tab: "profile", maxLength: 20, uses: facts),
        Field("registration_date", "Registration date", .date, kinds: .legalEntity, tab: "profile", maxLength: 10, uses: facts),
    ]

    /// The main ID document's issue (its type and number are `id_type`, `id_number`).
    static let documentFields: [Field] = [
        Field("id_issuer", "ID issued by", tab: "documents", maxLength: 200, uses: facts),
        Field("id_issued_on", "ID issued on", .date, tab: "documents", maxLength: 10, uses: facts),
        Field("id_expires_on", "ID expires on", .date, tab: "documents", maxLength: 10, uses: facts),
    ]

    static let employmentFields: [Field] = [
        Field("employer", "Employer", kinds: .individual, tab: "employment", uses: facts),
        Field("job_position", "Position", kinds: .individual, tab: "employment", maxLength: 100, uses: facts),
        Field("employed_since", "Employed since", .date, kinds: .individual, tab: "employment", maxLength: 10, uses: facts),
        Field("work_phone", "Work phone", .phone, kinds: .individual, tab: "employment", maxLength: 40, uses: facts),
        Field("work_phone_other", "Other work phone", .phone, kinds: .individual, tab: "employment", maxLength: 40, uses: facts),
        Field("work_contact", "Contact person at work", kinds: .individual, tab: "employment", maxLength: 200, uses: facts),
        Field("monthly_income", "Monthly income", .money, kinds: .individual, tab: "employment", maxLength: 20, uses: facts),
    ]

    static let additionalFields: [Field] = [
        Field("dependents", "Dependents", .count, kinds: .individual, tab: "additional", maxLength: 2, uses: facts),
        Field("average_monthly_income", "Average monthly income", .money, tab: "additional", maxLength: 20, uses: facts),
        Field("average_monthly_expenses", "Average monthly expenses", .money, tab: "additional", maxLength: 20, uses: facts),
        Field("additional_income", "Additional income", .money, tab: "additional", maxLength: 20, uses: facts),
        Field("additional_income_source", "Source of additional income", tab: "additional", uses: facts),
        Field("property", "Property owned", tab: "additional", maxLength: 1_000, uses: notes),
        Field("existing_loans", "Existing loans elsewhere", tab: "additional", maxLength: 1_000, uses: notes),
        Field("active_guarantees", "Active guarantees", tab: "additional", maxLength: 1_000, uses: notes),
        Field("criminal_record", "Criminal record", .yesNo, kinds: .individual, tab: "additional", maxLength: 3, uses: facts),
        Field("lawsuits", "Lawsuits", tab: "additional", maxLength: 1_000, uses: notes),
    ]

    /// Service information (seed 002): the consents are days, '' while not given; a consent is given
    /// when it has its day, so a flag and its date can never disagree.
    static let serviceFields: [Field] = [
        Field("agent", "Agent", tab: "service", maxLength: 100, uses: facts),
        Field("info_source", "Heard of us through", .choice(.infoSources), tab: "service", maxLength: 20, uses: facts),
        Field("joined_on", "Joined on", .date, tab: "service", maxLength: 10, uses: facts),
        Field("terminated_on", "Relationship ended on", .date, tab: "service", maxLength: 10, uses: facts),
        Field("credit_bureau_consent_on", "Consent to credit-bureau transfer", .date, tab: "service", maxLength: 10, uses: facts),
        Field("personal_data_accepted_on", "Personal data acceptance", .date, tab: "service", maxLength: 10),
        Field("commercial_approval_on", "Commercial approval", .date, tab: "service", maxLength: 10),
        Field("red_list", "Red list", .yesNo, tab: "service", maxLength: 3, uses: facts, writePermission: .keepFlagLists),
        Field("black_list", "Black list", .yesNo, tab: "service", maxLength: 3, uses: facts, writePermission: .keepFlagLists),
        Field("service_comments", "Service comments", tab: "service", maxLength: 2_000, uses: notes),
    ]

    static let amlFields: [Field] = [
        Field("beneficial_owner", "Beneficial owner", tab: "aml", uses: facts),
        Field("funds_origin", "Origin of funds", .choice(.fundsOrigins), tab: "aml", maxLength: 20, uses: facts),
        Field("business_reputation", "Business reputation", .choice(.reputations), tab: "aml", maxLength: 20, uses: facts),
        Field("foreign_pep", "Foreign politically exposed person", .yesNo, tab: "aml", maxLength: 3, uses: facts),
        Field("terrorism_or_laundering", "Involved in terrorism financing or money laundering", .yesNo, tab: "aml", maxLength: 3, uses: facts),
    ]

    static let riskFields: [Field] = [
        Field("reliability_status", "Reliability status", .choice(.reliabilities), tab: "risk", maxLength: 20, uses: facts),
        Field("risk_officer", "Responsible employee", .choice(.staff), tab: "risk", maxLength: 100, uses: facts),
        Field("risk_comments", "Risk comments", tab: "risk", maxLength: 2_000, uses: notes),
    ]

    // MARK: - Repeatable groups (tables of their own)

    private static let items: Field.Uses = [.exportable, .importable, .audited]

    static let standardGroups: [FieldGroup] = [
        FieldGroup(
            "representatives", table: "customer_representatives", "Representatives", tab: "profile",
            none: "No legal representative.",
            fields: [
                Field("full_name", "Name", tab: "profile", requiredFor: Set(Status.allCases), uses: items),
                Field("position", "Position or relationship", tab: "profile", maxLength: 100, uses: items),
                Field("basis", "Acts on the basis of", tab: "profile", maxLength: 200, uses: items),
                Field("powers", "Powers", tab: "profile", maxLength: 1_000, uses: items),
                Field("valid_from", "Valid from", .date, tab: "profile", maxLength: 10, uses: items),
                Field("valid_to", "Valid to", .date, tab: "profile", maxLength: 10, uses: items),
                Field("phone", "Phone", .phone, tab: "profile", maxLength: 40, uses: items),
            ]),
        FieldGroup(
            "documents", table: "customer_documents", "Further identity documents", tab: "documents",
            none: "No further identity documents.",
            fields: [
                Field("type", "Type", .choice(.idTypes), tab: "documents", requiredFor: Set(Status.allCases), maxLength: 40, uses: items),
                Field("series", "Series", tab: "documents", maxLength: 20, uses: items),
                Field("number", "Number", tab: "documents", requiredFor: Set(Status.allCases), maxLength: 40, uses: items),
                Field("issuer", "Issued by", tab: "documents", uses: items),
                Field("issued_on", "Issued on", .date, tab: "documents", maxLength: 10, uses: items),
                Field("expires_on", "Expires on", .date, tab: "documents", maxLength: 10, uses: items),
            ]),
        FieldGroup(
            "addresses", table: "customer_addresses", "Further addresses", tab: "addresses",
            none: "No registration, actual or additional address besides the residence.",
            fields: [
                Field("kind", "Kind", .choice(.addressKinds), tab: "addresses", requiredFor: Set(Status.allCases), maxLength: 20, uses: items),
                Field("address_line", "Address line", tab: "addresses", uses: items),
                Field("postal_code", "Postal code", tab: "addresses", maxLength: 20, uses: items),
                Field("city", "City", tab: "addresses", maxLength: 100, uses: items),
                Field("region", "Region", tab: "addresses", maxLength: 100, uses: items),
                Field("country", "Country", .choice(.countries), tab: "addresses", maxLength: 100, uses: items),
            ]),
        FieldGroup(
            "bank_accounts", table: "customer_bank_accounts", "Bank details", tab: "addresses", none: "No bank accounts.",
            fields: [
                Field("bank", "Bank", tab: "addresses", requiredFor: Set(Status.allCases), maxLength: 100, uses: items),
                Field("bic", "BIC", tab: "addresses", maxLength: 11, uses: items),
                Field("account_number", "Account number", tab: "addresses", requiredFor: Set(Status.allCases), maxLength: 34, uses: items),
                Field("currency", "Currency", tab: "addresses", maxLength: 3, uses: items),
                Field("opened_on", "Opened on", .date, tab: "addresses", maxLength: 10, uses: items),
            ]),
        FieldGroup(
            "contacts", table: "customer_contacts", "Additional contacts", tab: "contacts", kinds: .individual,
            none: "No additional contacts.",
            fields: [
                Field("full_name", "Name", tab: "contacts", requiredFor: Set(Status.allCases), uses: items),
                Field("relationship", "Relationship", .choice(.relationships), tab: "contacts", maxLength: 20, uses: items),
                Field("birth_date", "Birth date", .date, tab: "contacts", maxLength: 10, uses: items),
                Field("phone", "Phone", .phone, tab: "contacts", maxLength: 40, uses: items),
                Field("other_phone", "Other phone", .phone, tab: "contacts", maxLength: 40, uses: items),
                Field("address", "Address", tab: "contacts", maxLength: 300, uses: items),
                Field("workplace", "Workplace", tab: "contacts", uses: items),
            ]),
    ]

    public func group(named name: String) -> FieldGroup? { groups.first { $0.name == name } }
}
