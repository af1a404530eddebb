/// The standard directories the catalog's choice fields use. An admin adds entries to most on the
/// Directories page (`DirectoryLists`); the staff directory is the store's logins.
extension Field.Directory {
    public static let genders = Field.Directory("genders", [("female", "Female"), ("male", "Male")])
    public static let maritalStatuses = Field.Directory(
        "marital_statuses",
        [("single", "Single"), ("married", "Married"), ("partnership", "Civil partnership"), ("divorced", "Divorced"), ("widowed", "Widowed")])
    public static let educations = Field.Directory(
        "educations",
        [("primary", "Primary"), ("secondary", "Secondary"), ("vocational", "Vocational"), ("bachelor", "Bachelor's degree"),
         ("master", "Master's degree"), ("doctorate", "Doctorate")])
    /// Seed 002: the roles a customer takes in the institution's business.
    public static let customerTypes = Field.Directory(
        "customer_types",
        [("borrower", "Borrower"), ("guarantor", "Guarantor"), ("pledgor", "Pledgor"), ("policyholder", "Policyholder"),
         ("depositor", "Depositor"), ("agent", "Agent")])
    public static let legalForms = Field.Directory(
        "legal_forms",
        [("llc", "Limited liability company"), ("jsc", "Joint-stock company"), ("partnership", "Partnership"),
         ("sole_trader", "Sole trader"), ("cooperative", "Cooperative"), ("nonprofit", "Non-profit organisation")])
    public static let infoSources = Field.Directory(
        "info_sources",
        [("branch", "Branch"), ("website", "Website"), ("agent", "Agent"), ("referral", "Referral"), ("advertising", "Advertising"),
         ("social_media", "Social media"), ("other", "Other")])
    public static let fundsOrigins = Field.Directory(
        "funds_origins",
        [("salary", "Salary"), ("business", "Business income"), ("savings", "Savings"), ("pension", "Pension"),
         ("inheritance", "Inheritance"), ("property_sale", "Sale of property"), ("other", "Other")])
    public static let reputations = Field.Directory(
        "reputations", [("positive", "Positive"), ("neutral", "Neutral"), ("negative", "Negative")])
    public static let reliabilities = Field.Directory(
        "reliabilities", [("reliable", "Reliable"), ("watch", "Under watch"), ("unreliable", "Unreliable")])
    public static let addressKinds = Field.Directory(
        "address_kinds", [("registration", "Registration"), ("actual", "Actual residence"), ("additional", "Additional")])
    public static let relationships = Field.Directory(
        "relationships",
        [("spouse", "Spouse"), ("parent", "Parent"), ("child", "Child"), ("sibling", "Sibling"), ("relative", "Other relative"),
         ("friend", "Friend"), ("colleague", "Colleague")])

    /// Identity documents (the main ID's type, further documents): the stored value is the name as
    /// issued, so each country's own documents keep their own names; the label says where it is from.
    public static let idTypes = Field.Directory(
        "id_types",
        [("Passport", "Passport"), ("National ID card", "National ID card"), ("Driving licence", "Driving licence"),
         ("Residence permit", "Residence permit"), ("Certificate of incorporation", "Certificate of incorporation"),
         ("Voter's card", "Voter's card (The Gambia)"),
         ("C.C.", "C.C. – cédula de ciudadanía (Colombia)"), ("Cédula de extranjería", "Cédula de extranjería (Colombia)"),
         ("Pasaporte", "Pasaporte (Colombia)"), ("Licencia de conducción", "Licencia de conducción (Colombia)"),
         ("NIT", "NIT – company tax number (Colombia)"),
         ("Паспорт", "Паспорт – internal passport (Russia)"), ("Загранпаспорт", "Загранпаспорт – passport for travel (Russia)"),
         ("Водительское удостоверение", "Водительское удостоверение – driving licence (Russia)"),
         ("СНИЛС", "СНИЛС – pension insurance number (Russia)"), ("ОГРН", "ОГРН – company registration number (Russia)"),
         ("Carte de identitate", "Carte de identitate (Romania)"), ("Pașaport", "Pașaport (Romania)"),
         ("Permis de conducere", "Permis de conducere (Romania)"), ("Permis de ședere", "Permis de ședere (Romania)"),
         ("Certificat de înregistrare", "Certificat de înregistrare – company registration (Romania)")])

    /// Countries by their common English names, as the store holds them ("The Gambia", "Russia").
    public static let countries = Field.Directory("countries", values: [
        "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Antigua and Barbuda", "Argentina", "Armenia", "Australia",
        "Austria", "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados", "Belarus", "Belgium", "Belize", "Benin",
        "Bhutan", "Bolivia", "Bosnia and Herzegovina", "Botswana", "Brazil", "Brunei", "Bulgaria", "Burkina Faso", "Burundi",
        "Cabo Verde", "Cambodia", "Cameroon", "Canada", "Central African Republic", "Chad", "Chile", "China", "Colombia",
        "Comoros", "Congo", "Costa Rica", "Côte d'Ivoire", "Croatia", "Cuba", "Cyprus", "Czechia",
        "Democratic Republic of the Congo", "Denmark", "Djibouti", "Dominica", "Dominican Republic", "Ecuador", "Egypt",
        "El Salvador", "Equatorial Guinea", "Eritrea", "Estonia", "Eswatini", "Ethiopia", "Fiji", "Finland", "France", "Gabon",
        "Georgia", "Germany", "Ghana", "Greece", "Grenada", "Guatemala", "Guinea", "Guinea-Bissau", "Guyana", "Haiti",
        "Honduras", "Hong Kong", "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy",
        "Jamaica", "Japan", "Jordan", "Kazakhstan", "Kenya", "Kiribati", "Kosovo", "Kuwait", "Kyrgyzstan", "Laos", "Latvia",
        "Lebanon", "Lesotho", "Liberia", "Libya", "Liechtenstein", "Lithuania", "Luxembourg", "Madagascar", "Malawi",
        "Malaysia", "Maldives", "Mali", "Malta", "Marshall Islands", "Mauritania", "Mauritius", "Mexico", "Micronesia",
        "Moldova", "Monaco", "Mongolia", "Montenegro", "Morocco", "Mozambique", "Myanmar", "Namibia", "Nauru", "Nepal",
        "Netherlands", "New Zealand", "Nicaragua", "Niger", "Nigeria", "North Korea", "North Macedonia", "Norway", "Oman",
        "Pakistan", "Palau", "Palestine", "Panama", "Papua New Guinea", "Paraguay", "Peru", "Philippines", "Poland",
        "Portugal", "Puerto Rico", "Qatar", "Romania", "Russia", "Rwanda", "Saint Kitts and Nevis", "Saint Lucia",
        "Saint Vincent and the Grenadines", "Samoa", "San Marino", "São Tomé and Príncipe", "Saudi Arabia", "Senegal",
        "Serbia", "Seychelles", "Sierra Leone", "Singapore", "Slovakia", "Slovenia", "Solomon Islands", "Somalia",
        "South Africa", "South Korea", "South Sudan", "Spain", "Sri Lanka", "Sudan", "Suriname", "Sweden", "Switzerland",
        "Syria", "Taiwan", "Tajikistan", "Tanzania", "Thailand", "The Gambia", "Timor-Leste", "Togo", "Tonga",
        "Trinidad and Tobago", "Tunisia", "Turkey", "Turkmenistan", "Tuvalu", "Uganda", "Ukraine", "United Arab Emirates",
        "United Kingdom", "United States", "Uruguay", "Uzbekistan", "Vanuatu", "Vatican City", "Venezuela", "Vietnam", "Yemen",
        "Zambia", "Zimbabwe"
    ])

    /// The staff logins, for the fields that name an employee (the customer manager, the risk officer).
    public static let staff = Field.Directory("staff", [], upkeep: .staffPage)
}
