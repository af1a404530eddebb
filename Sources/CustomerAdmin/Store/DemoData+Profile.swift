import Foundation
import GRDB

/// The demo profile beyond name, contacts and the main ID (issue 11, points 1 and 6): personal
/// data, employment, additional information, service information, AML/CFT and risk status as
/// customer fields, and the repeatable groups (representatives, further documents, addresses, bank
/// accounts, relatives) as rows. Drawn from sequences of their own, so every value the demo gave
/// before these fields existed stays what it was. A lead (newbie) has little; a customer has most.
extension DemoData {
    func fillProfile(_ customer: inout Customer, _ country: DemoCountry, index: Int) {
        guard catalog["reliability_status"] != nil else { return }
        var random = SplitMix64(seed: 0x9F0F_11E5_0000_0003 &+ UInt64(index) &* 0xD1B5_4A32_D192_ED03)
        let local = DemoProfileCountry.of(country.name)
        let complete = customer.status != .newbie
        let isPerson = customer.kind == .individual
        let joined = String(customer.createdAt.prefix(10))
        if isPerson {
            if complete || random.chance(0.3) {
                customer[text: "gender"] = random.chance(0.5) ? "female" : "male"
                customer[text: "birth_place"] = random.pick(country.places).city
                customer[text: "citizenship"] = random.chance(0.95) ? local.citizenship : random.pick(DemoProfileCountry.otherCitizenships)
            }
            if complete {
                customer[text: "marital_status"] = random.pick(["single", "married", "married", "married", "partnership", "divorced", "widowed"])
                customer[text: "education"] = random.pick(["secondary", "secondary", "vocational", "bachelor", "bachelor", "master", "primary", "doctorate"])
                fillEmployment(&customer, local, &random)
                customer[integer: "dependents"] = Int64(random.pick([0, 0, 1, 1, 2, 2, 3, 4, 5]))
                customer[integer: "criminal_record"] = random.chance(0.01) ? 1 : 0
            }
        } else {
            customer[text: "legal_form"] = random.pick(["llc", "llc", "llc", "jsc", "partnership", "sole_trader", "cooperative", "nonprofit"])
            customer[text: "registration_number"] = customer[text: "id_number"].isEmpty ? local.registration(&random) : customer[text: "id_number"]
            let founded = max(0, (Int(customer.createdAt.prefix(4)) ?? 2020) - 1 - random.below(30))
            customer[text: "registration_date"] = String(founded).leftPadded(to: 4) + "-" + String(1 + random.below(12)).leftPadded(to: 2) + "-" + String(1 + random.below(28)).leftPadded(to: 2)
        }
        if complete {
            customer[text: "customer_type"] = isPerson
                ? random.pick(["borrower", "borrower", "policyholder", "policyholder", "guarantor", "depositor", "pledgor", "agent"])
                : random.pick(["borrower", "policyholder", "pledgor", "depositor"])
            customer[text: "tin"] = customer[text: "national_id"].isEmpty || local.separateTIN ? local.tin(&random) : customer[text: "national_id"]
            fillIssue(&customer, local, &random)
            fillFinances(&customer, local, isPerson: isPerson, &random)
            fillAML(&customer, &random)
            customer[text: "joined_on"] = joined
            customer[text: "info_source"] = random.pick(["branch", "branch", "website", "agent", "referral", "advertising", "social_media", "other"])
            if random.chance(0.3) { customer[text: "agent"] = random.pick(local.agents) }
            if customer.status == .closed { customer[text: "terminated_on"] = String(customer.updatedAt.prefix(10)) }
            if !customer[text: "personal_data_accepted_on"].isEmpty, random.chance(0.8) {
                customer[text: "credit_bureau_consent_on"] = customer[text: "personal_data_accepted_on"]
            }
        } else if random.chance(0.5) {
            customer[text: "info_source"] = random.pick(["website", "social_media", "advertising", "referral"])
        }
        fillRisk(&customer, &random)
    }

    private func fillEmployment(_ customer: inout Customer, _ local: DemoProfileCountry, _ random: inout SplitMix64) {
        guard random.chance(0.8) else { return }
        customer[text: "employer"] = random.pick(local.employers)
        customer[text: "job_position"] = random.pick(Self.positions)
        let years = 1 + random.below(20)
        let since = max(0, now / 86_400 - Int64(years * 365 + random.below(365)))
        customer[text: "employed_since"] = CivilDate(days: since).text
        customer[text: "work_phone"] = local.workPhone(&random)
        if random.chance(0.3) { customer[text: "work_phone_other"] = local.workPhone(&random) }
        if random.chance(0.6) { customer[text: "work_contact"] = random.pick(local.contactPeople) + " (HR)" }
        customer[integer: "monthly_income"] = local.amount(450, spread: 0.6, &random)
    }

    private func fillIssue(_ customer: inout Customer, _ local: DemoProfileCountry, _ random: inout SplitMix64) {
        guard !customer[text: "id_number"].isEmpty else { return }
        customer[text: "id_issuer"] = random.pick(local.issuers)
        let issued = now / 86_400 - Int64(30 + random.below(3_600))
        customer[text: "id_issued_on"] = CivilDate(days: issued).text
        if customer.kind == .individual { customer[text: "id_expires_on"] = CivilDate(days: issued + 3_652).text }
    }

    private func fillFinances(_ customer: inout Customer, _ local: DemoProfileCountry, isPerson: Bool, _ random: inout SplitMix64) {
        let income = isPerson ? max(customer[integer: "monthly_income"], local.amount(300, spread: 0.5, &random)) : local.amount(25_000, spread: 1.0, &random)
        customer[integer: "average_monthly_income"] = income
        customer[integer: "average_monthly_expenses"] = income * Int64(40 + random.below(50)) / 100
        if random.chance(0.25) {
            customer[integer: "additional_income"] = income * Int64(5 + random.below(40)) / 100
            customer[text: "additional_income_source"] = random.pick(["Rent of a flat", "Freelance work", "Pension", "Interest on deposits", "Family support", "Market stall"])
        }
        if random.chance(0.5) {
            customer[text: "property"] = isPerson
                ? random.pick(["Flat", "House", "Car", "Flat and car", "House and land", "Land plot"])
                : random.pick(["Office building", "Warehouse", "Vehicle fleet", "Production equipment", "Land"])
        }
        if random.chance(0.2) {
            customer[text: "existing_loans"] = random.pick(["Mortgage at another bank", "Car loan", "Consumer loan", "Credit card", "Microloan"])
        }
        if random.chance(0.08) { customer[text: "active_guarantees"] = random.pick(["Guarantor for a relative's loan", "Guarantor for a business partner"]) }
        if random.chance(0.02) { customer[text: "lawsuits"] = random.pick(["Debt recovery claim, settled", "Labour dispute as claimant", "Contract dispute, pending"]) }
    }

    private func fillAML(_ customer: inout Customer, _ random: inout SplitMix64) {
        customer[text: "beneficial_owner"] =
            customer.kind == .individual || random.chance(0.3)
            ? "The customer" : [customer.firstName, customer.lastName].filter { !$0.isEmpty }.joined(separator: " ")
        if customer[text: "beneficial_owner"].isEmpty { customer[text: "beneficial_owner"] = "The customer" }
        customer[text: "funds_origin"] = customer.kind == .individual
            ? random.pick(["salary", "salary", "salary", "savings", "pension", "business", "inheritance", "property_sale"])
            : random.pick(["business", "business", "business", "other"])
        customer[text: "business_reputation"] = random.chance(0.9) ? "positive" : random.chance(0.8) ? "neutral" : "negative"
        customer[integer: "foreign_pep"] = random.chance(0.005) ? 1 : 0
        customer[integer: "terrorism_or_laundering"] = customer.status == .blocked && random.chance(0.05) ? 1 : 0
    }

    /// Blocked customers are mostly on a list and unreliable; a few others are on the red list.
    private func fillRisk(_ customer: inout Customer, _ random: inout SplitMix64) {
        let blocked = customer.status == .blocked
        if blocked ? random.chance(0.6) : random.chance(0.02) { customer[integer: "red_list"] = 1 }
        if blocked ? random.chance(0.4) : random.chance(0.003) { customer[integer: "black_list"] = 1 }
        guard customer.status != .newbie else { return }
        let listed = customer[integer: "red_list"] == 1 || customer[integer: "black_list"] == 1
        customer[text: "reliability_status"] = customer[integer: "black_list"] == 1 ? "unreliable" : listed ? "watch" : random.chance(0.95) ? "reliable" : "watch"
        if listed || random.chance(0.3) { customer[text: "risk_officer"] = random.pick(Self.riskOfficers) }
        if customer[integer: "black_list"] == 1 {
            customer[text: "risk_comments"] = random.pick(["Fraudulent documents at application", "Loan written off after 180 days overdue"])
        } else if customer[integer: "red_list"] == 1 {
            customer[text: "risk_comments"] = random.pick(["Three payments over 30 days late in 2024", "Restructured loan; watch repayments", "Guarantor defaulted"])
        }
    }

    private static let positions = [
        "Accountant", "Teacher", "Nurse", "Driver", "Engineer", "Sales manager", "Shop assistant", "Civil servant", "Doctor",
        "Electrician", "Cashier", "Software developer", "Mechanic", "Farmer", "Lawyer", "Security guard", "Chef", "Director",
    ]
    /// Staff user names, as for the relationship officers.
    static let riskOfficers = ["k.jobe", "l.castro", "o.ivanova", "v.marin"]

    // MARK: - Groups

    /// The items of every group a customer gets, each with its group; a pure function of the
    /// customer and its index, like the customer.
    func groupItems(for customer: Customer, index: Int) -> [(group: FieldGroup, values: [FieldValue])] {
        guard customer.status != .newbie || customer.kind == .legalEntity else { return [] }
        var random = SplitMix64(seed: 0x6A0B_17E5_0000_0004 &+ UInt64(index) &* 0xD1B5_4A32_D192_ED03)
        let local = DemoProfileCountry.of(customer[text: "country"])
        var items: [(FieldGroup, [String: String])] = []
        func add(_ name: String, _ values: [String: String]) {
            if let group = catalog.group(named: name) { items.append((group, values)) }
        }
        let country = DemoCountry.all.first { $0.name == customer[text: "country"] } ?? DemoCountry.all[0]
        let isPerson = customer.kind == .individual
        // Representatives: a company's director (and sometimes an attorney); a few people have a guardian.
        if !isPerson {
            add("representatives", [
                "full_name": random.pick(country.givenNames(.male)) + " " + country.lastName(&random, .male),
                "position": random.pick(["Director", "General manager", "Managing partner"]),
                "basis": "Articles of association", "powers": "Signs contracts and credit agreements without limit",
                "valid_from": customer[text: "registration_date"], "phone": country.phone(&random),
            ])
            if random.chance(0.3) {
                add("representatives", [
                    "full_name": random.pick(country.givenNames(.female)) + " " + country.lastName(&random, .female),
                    "position": "Chief accountant", "basis": "Power of attorney No. " + String(random.number(1...300)),
                    "powers": "Signs payment orders up to " + Format.money(local.amount(10_000, spread: 0, &random)) + " " + local.currency,
                    "valid_from": CivilDate(days: now / 86_400 - Int64(random.below(700))).text,
                    "valid_to": CivilDate(days: now / 86_400 + Int64(30 + random.below(700))).text, "phone": country.phone(&random),
                ])
            }
        } else if random.chance(0.02) {
            add("representatives", [
                "full_name": random.pick(country.givenNames(.female)) + " " + customer.lastName, "position": "Guardian",
                "basis": "Court decision No. " + random.digits(5), "powers": "Acts for the customer in all financial matters",
                "valid_from": CivilDate(days: now / 86_400 - Int64(random.below(2_000))).text, "phone": country.phone(&random),
            ])
        }
        guard customer.status != .newbie else { return items.map { ($0.0, values($0.0, $0.1)) } }
        // A person's further documents: a driving licence or a foreign passport now and then.
        if isPerson {
            for _ in 0..<random.pick([0, 0, 1, 1, 2]) {
                let issued = now / 86_400 - Int64(30 + random.below(3_000))
                add("documents", [
                    "type": random.pick(local.otherDocuments), "series": random.chance(0.5) ? random.digits(2) : "",
                    "number": random.digits(7), "issuer": random.pick(local.issuers),
                    "issued_on": CivilDate(days: issued).text, "expires_on": CivilDate(days: issued + 3_652).text,
                ])
            }
        }
        // Addresses besides the residence: most have a registration address, some an actual one.
        if !customer[text: "city"].isEmpty {
            for kind in ["registration", "actual", "additional"] where random.chance(kind == "registration" ? 0.7 : kind == "actual" ? 0.25 : 0.08) {
                let place = random.pick(country.places)
                add("addresses", [
                    "kind": kind, "address_line": country.street(&random), "city": place.city, "region": place.region,
                    "postal_code": place.postalPrefix.isEmpty ? "" : place.postalPrefix + random.digits(6 - place.postalPrefix.count),
                    "country": country.name,
                ])
            }
        }
        for position in 0..<(isPerson ? random.pick([0, 1, 1, 1, 2]) : random.pick([1, 1, 2, 3])) {
            let bank = random.pick(local.banks)
            add("bank_accounts", [
                "bank": bank.name, "bic": bank.bic, "account_number": local.account(bank, &random),
                "currency": position == 0 || random.chance(0.7) ? local.currency : random.pick(["USD", "EUR"]),
                "opened_on": CivilDate(days: now / 86_400 - Int64(random.below(3_000))).text,
            ])
        }
        if isPerson {
            for _ in 0..<random.pick([0, 1, 1, 2, 2, 3]) {
                let sex: DemoCountry.Sex = random.chance(0.5) ? .female : .male
                let relationship = random.pick(["spouse", "parent", "child", "sibling", "relative", "friend", "colleague"])
                add("contacts", [
                    "full_name": random.pick(country.givenNames(sex)) + " " + (relationship == "friend" || relationship == "colleague" ? country.lastName(&random, sex) : customer.lastName),
                    "relationship": relationship,
                    "birth_date": CivilDate(days: now / 86_400 - Int64(6_600 + random.below(20_000))).text,
                    "phone": country.phone(&random), "other_phone": random.chance(0.2) ? country.phone(&random) : "",
                    "address": random.chance(0.5) ? catalog["address"].map(customer.shown) ?? "" : "",
                    "workplace": random.chance(0.6) ? random.pick(local.employers) : "",
                ])
            }
        }
        return items.map { ($0.0, values($0.0, $0.1)) }
    }

    /// A group's values in field order from text by name; the rest empty.
    private func values(_ group: FieldGroup, _ text: [String: String]) -> [FieldValue] {
        group.fields.map { field in text[field.name].map(FieldValue.text) ?? .empty(field.type) }
    }
}

/// What the profile's demo values look like in one country: banks, issuers, employers, money.
struct DemoProfileCountry: Sendable {
    struct Bank: Sendable {
        let name: String
        let bic: String
    }

    let citizenship: String
    let currency: String
    let perDollar: Double
    let separateTIN: Bool
    let issuers: [String]
    let otherDocuments: [String]
    let employers: [String]
    let contactPeople: [String]
    let agents: [String]
    let banks: [Bank]
    let phonePrefix: String
    let accountDigits: Int

    func amount(_ dollars: Double, spread: Double, _ random: inout SplitMix64) -> Int64 {
        Int64(min(dollars * exp(spread * random.normal()) * perDollar, 1e11) * 100)
    }

    func tin(_ random: inout SplitMix64) -> String { random.digits(10) }

    func registration(_ random: inout SplitMix64) -> String { "REG-" + random.digits(8) }

    func workPhone(_ random: inout SplitMix64) -> String { phonePrefix + random.digits(3) + " " + random.digits(4) }

    func account(_ bank: Bank, _ random: inout SplitMix64) -> String { random.digits(accountDigits) }

    static func of(_ country: String) -> DemoProfileCountry {
        switch country {
        case "Colombia": colombia
        case "Russia": russia
        case "Romania": romania
        default: gambia
        }
    }

    static let otherCitizenships = ["Senegalese", "Venezuelan", "Ukrainian", "Moldovan", "Nigerian", "Spanish", "German"]

    static let gambia = DemoProfileCountry(
        citizenship: "Gambian", currency: "GMD", perDollar: 70, separateTIN: true,
        issuers: ["Gambia Immigration Department, Banjul", "Gambia Immigration Department, Brikama", "Registrar of Companies"],
        otherDocuments: ["Driving licence", "Voter's card", "Residence permit"],
        employers: ["Gamtel", "Gambia Ports Authority", "NAWEC", "Trust Bank Gambia", "Ministry of Education", "Africell Gambia", "Royal Victoria Teaching Hospital"],
        contactPeople: ["Awa Jallow", "Lamin Ceesay", "Fatou Sanneh", "Omar Touray"],
        agents: ["Kombo Insurance Brokers", "Banjul Agency Ltd", "M. Darboe (agent)"],
        banks: [Bank(name: "Trust Bank Gambia", bic: "TBGMGMGM"), Bank(name: "Ecobank Gambia", bic: "ECOCGMGM"), Bank(name: "Guaranty Trust Bank Gambia", bic: "GTBIGMGM")],
        phonePrefix: "+220 4", accountDigits: 12)

    static let colombia = DemoProfileCountry(
        citizenship: "Colombian", currency: "COP", perDollar: 4_000, separateTIN: false,
        issuers: ["Registraduría Nacional del Estado Civil", "Cámara de Comercio de Bogotá", "Cancillería de Colombia"],
        otherDocuments: ["Licencia de conducción", "Cédula de extranjería", "Pasaporte"],
        employers: ["Ecopetrol", "Grupo Éxito", "Bancolombia", "Alcaldía de Medellín", "Avianca", "Universidad Nacional de Colombia", "Cementos Argos"],
        contactPeople: ["Laura Gómez", "Andrés Restrepo", "Diana Castro", "Julián Ospina"],
        agents: ["Seguros Andinos Agencia", "Corredores del Valle S.A.S.", "J. Zuluaga (agente)"],
        banks: [Bank(name: "Bancolombia", bic: "COLOCOBM"), Bank(name: "Banco de Bogotá", bic: "BBOGCOBB"), Bank(name: "Davivienda", bic: "CAFECOBB")],
        phonePrefix: "+57 601 ", accountDigits: 11)

    static let russia = DemoProfileCountry(
        citizenship: "Russian", currency: "RUB", perDollar: 90, separateTIN: false,
        issuers: ["ГУ МВД России по г. Москве", "ОУФМС России по Санкт-Петербургу", "МВД по Республике Татарстан", "ФНС России"],
        otherDocuments: ["Водительское удостоверение", "Загранпаспорт", "СНИЛС"],
        employers: ["ПАО Сбербанк", "ОАО РЖД", "ПАО Газпром", "Школа № 57", "ГБУЗ ГКБ № 1", "ООО Яндекс", "ПАО Ростелеком"],
        contactPeople: ["Ольга Иванова", "Дмитрий Соколов", "Елена Петрова", "Сергей Кузнецов"],
        agents: ["ООО Страховой брокер Альфа", "ИП Морозов А. В.", "Агентство Надёжный полис"],
        banks: [Bank(name: "ПАО Сбербанк", bic: "044525225"), Bank(name: "Банк ВТБ (ПАО)", bic: "044525187"), Bank(name: "АО Альфа-Банк", bic: "044525593")],
        phonePrefix: "+7 495 ", accountDigits: 20)

    static let romania = DemoProfileCountry(
        citizenship: "Romanian", currency: "RON", perDollar: 4.6, separateTIN: false,
        issuers: ["SPCLEP București Sector 1", "SPCLEP Cluj-Napoca", "SPCLEP Iași", "Oficiul Național al Registrului Comerțului"],
        otherDocuments: ["Permis de conducere", "Pașaport", "Permis de ședere"],
        employers: ["Dacia Renault", "Banca Transilvania", "eMAG", "Primăria Cluj-Napoca", "Spitalul Universitar", "Orange România", "Petrom"],
        contactPeople: ["Ioana Popescu", "Andrei Ionescu", "Maria Dobre", "Mihai Stan"],
        agents: ["Broker Asigurări Carpați SRL", "Agent D. Marin", "Asigurări Dunărea SRL"],
        banks: [Bank(name: "Banca Transilvania", bic: "BTRLRO22"), Bank(name: "BCR", bic: "RNCBROBU"), Bank(name: "ING Bank România", bic: "INGBROBU")],
        phonePrefix: "+40 21 ", accountDigits: 16)
}

// MARK: - Seeding the groups

extension AppDatabase {
    /// Adds the demo group items (representatives, documents, addresses, bank accounts, relatives)
    /// of the customers numbered `first` and up, in one transaction: all or nothing. Each customer's
    /// items follow from the customer as the demo made it (`DemoData.customer(at: number - 1)`).
    public func addDemoGroups(customersFrom first: Int64, now: Date = Date()) throws {
        let data = DemoData(now: now, catalog: catalog)
        try writer.write { db in
            let last = try Int64.fetchOne(db, sql: "SELECT max(id) FROM customers") ?? 0
            guard first <= last else { return }
            for number in first...last {
                let customer = data.customer(at: Int(number - 1))
                for item in data.groupItems(for: customer, index: Int(number - 1)) {
                    try Self.insert(item.values, into: item.group, customer: number, db)
                }
            }
        }
    }
}
