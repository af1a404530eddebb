/// How people, companies, documents, phones and addresses look in one country of the demo data.
struct DemoCountry: Sendable {
    enum Sex { case female, male }

    struct Place {
        let city: String
        let region: String
        /// The first digits of the city's postal codes; empty where the country has none (The Gambia).
        let postalPrefix: String
    }

    struct Identity {
        let nationalID: String
        let idType: String
        let idNumber: String
    }

    typealias Make = @Sendable (inout SplitMix64) -> String

    let name: String
    let women: [String]
    let men: [String]
    let middleNameShare: Double
    let middleName: @Sendable (inout SplitMix64, Sex) -> String
    let lastName: @Sendable (inout SplitMix64, Sex) -> String
    let company: Make
    let companyDomain: String
    let mailDomains: [String]
    let phone: Make
    let places: [Place]
    let street: Make
    let personIdentity: @Sendable (inout SplitMix64, CivilDate, Sex) -> Identity
    let companyIdentity: @Sendable (inout SplitMix64) -> Identity

    func givenNames(_ sex: Sex) -> [String] { sex == .female ? women : men }

    static let all = [gambia, colombia, russia, romania]
}

// MARK: - The Gambia

extension DemoCountry {
    private static let gambianWomen = [
        "Binta", "Fatou", "Isatou", "Mariama", "Awa", "Haddy", "Aminata", "Kaddy", "Ndey", "Jainaba",
        "Sainabou", "Fatoumata", "Oumie", "Nyima", "Kumba", "Adama", "Ramatoulie", "Hawa", "Amie", "Rohey",
    ]
    private static let gambianMen = [
        "Lamin", "Ebrima", "Modou", "Ousman", "Alieu", "Musa", "Momodou", "Babucarr", "Sainey", "Omar",
        "Abdoulie", "Bakary", "Yusupha", "Kebba", "Saikou", "Buba", "Ebou", "Sheriff", "Alagie", "Famara",
    ]
    private static let gambianSurnames = [
        "Singhateh", "Ceesay", "Jallow", "Sanneh", "Bah", "Touray", "Darboe", "Jammeh", "Njie", "Sowe",
        "Camara", "Barry", "Jobe", "Sarr", "Manneh", "Saidy", "Faal", "Drammeh", "Bojang", "Colley",
        "Jatta", "Badjie", "Gaye", "Mbye", "Secka", "Kinteh", "Fofana", "Sillah", "Conteh", "Cham",
    ]

    static let gambia = DemoCountry(
        name: "The Gambia",
        women: gambianWomen,
        men: gambianMen,
        middleNameShare: 0.15,
        middleName: { random, sex in random.pick(sex == .female ? gambianWomen : gambianMen) },
        lastName: { random, _ in random.pick(gambianSurnames) },
        company: { random in
            switch random.below(3) {
            case 0: random.pick(gambianSurnames) + " & Sons Ltd"
            case 1: random.pick(["Kombo", "Banjul", "Kairaba", "Senegambia", "Brikama", "Gambia River"]) + " "
                + random.pick(["Trading", "Fisheries", "Agro", "Hardware", "Transport", "Microfinance", "Cashew"]) + " Ltd"
            default: random.pick(gambianSurnames) + " Brothers Enterprise Ltd"
            }
        },
        companyDomain: "gm",
        mailDomains: ["gmail.com", "yahoo.com", "qcell.gm", "gamtel.gm"],
        phone: { random in
            "+220 " + String(random.pick([2, 3, 5, 6, 7, 9])) + random.digits(2) + "-" + random.digits(4)
        },
        places: [
            Place(city: "Banjul", region: "Banjul", postalPrefix: ""),
            Place(city: "Serekunda", region: "Kanifing", postalPrefix: ""),
            Place(city: "Bakau", region: "Kanifing", postalPrefix: ""),
            Place(city: "Brikama", region: "West Coast", postalPrefix: ""),
            Place(city: "Sukuta", region: "West Coast", postalPrefix: ""),
            Place(city: "Farafenni", region: "North Bank", postalPrefix: ""),
            Place(city: "Soma", region: "Lower River", postalPrefix: ""),
            Place(city: "Janjanbureh", region: "Central River", postalPrefix: ""),
            Place(city: "Basse Santa Su", region: "Upper River", postalPrefix: ""),
        ],
        street: { random in
            let street = random.pick([
                "Kairaba Avenue", "Independence Drive", "Liberation Avenue", "Bertil Harding Highway",
                "Sayerr Jobe Avenue", "Mosque Road", "Garba Jahumpa Road", "Pipeline Road", "Atlantic Road",
            ])
            return random.chance(0.5) ? String(random.number(1...250)) + " " + street : "Compound " + String(random.number(1...90)) + ", " + street
        },
        personIdentity: { random, _, _ in
            let nationalID = random.digits(9)
            return random.chance(0.75)
                ? Identity(nationalID: nationalID, idType: "National ID card", idNumber: nationalID)
                : Identity(nationalID: nationalID, idType: "Passport", idNumber: "PA" + random.digits(7))
        },
        companyIdentity: { random in
            Identity(
                nationalID: "1" + random.digits(9), idType: "Certificate of incorporation",
                idNumber: "C" + String(random.number(1995...2024)) + "/" + random.digits(5))
        })
}

// MARK: - Colombia

extension DemoCountry {
    private static let colombianSurnames = [
        "Gómez", "Peña", "Muñoz", "Rodríguez", "García", "Martínez", "López", "González", "Hernández", "Sánchez",
        "Ramírez", "Pérez", "Díaz", "Torres", "Rojas", "Vargas", "Moreno", "Gutiérrez", "Jiménez", "Castro",
        "Ortiz", "Restrepo", "Osorio", "Cárdenas", "Zuluaga", "Valencia", "Londoño", "Quintero", "Ospina", "Becerra",
    ]

    static let colombia = DemoCountry(
        name: "Colombia",
        women: [
            "María", "Ana", "Laura", "Valentina", "Daniela", "Natalia", "Carolina", "Paula", "Juliana", "Luisa",
            "Sofía", "Catalina", "Diana", "Ángela", "Mónica", "Lucía", "Marcela", "Adriana", "Gloria", "Yolanda",
        ],
        men: [
            "Andrés", "Santiago", "Sebastián", "Alejandro", "Carlos", "Luis", "Jorge", "Camilo", "Felipe", "Julián",
            "Diego", "Mateo", "Nicolás", "Óscar", "Hernán", "Juan", "Fabián", "Iván", "Mauricio", "Jhon",
        ],
        middleNameShare: 0.35,
        middleName: { random, sex in
            random.pick(sex == .female
                ? ["José", "Fernanda", "Alejandra", "Camila", "Isabel", "Lucía", "Andrea"]
                : ["Carlos", "David", "Felipe", "Andrés", "José", "Antonio", "Esteban"])
        },
        // Most Colombians carry both surnames, father's then mother's.
        lastName: { random, _ in
            random.chance(0.7)
                ? random.pick(colombianSurnames) + " " + random.pick(colombianSurnames) : random.pick(colombianSurnames)
        },
        company: { random in
            switch random.below(4) {
            case 0: "Inversiones " + random.pick(colombianSurnames) + " S.A.S."
            case 1: "Comercializadora " + random.pick(["Andina", "del Caribe", "del Pacífico", "El Dorado", "Los Andes"]) + " S.A.S."
            case 2: "Construcciones " + random.pick(colombianSurnames) + " y Cía. S.A.S."
            default: "Transportes " + random.pick(["Santa Fe", "Cafetera", "La Esperanza", "Antioqueña"]) + " S.A."
            }
        },
        companyDomain: "com.co",
        mailDomains: ["gmail.com", "hotmail.com", "outlook.com", "yahoo.es", "une.net.co"],
        phone: { random in
            "+57 3" + String(random.number(0...24)).leftPadded(to: 2) + " " + random.digits(3) + " " + random.digits(4)
        },
        places: [
            Place(city: "Bogotá", region: "Bogotá D.C.", postalPrefix: "110"),
            Place(city: "Medellín", region: "Antioquia", postalPrefix: "050"),
            Place(city: "Cali", region: "Valle del Cauca", postalPrefix: "760"),
            Place(city: "Barranquilla", region: "Atlántico", postalPrefix: "080"),
            Place(city: "Cartagena de Indias", region: "Bolívar", postalPrefix: "130"),
            Place(city: "Bucaramanga", region: "Santander", postalPrefix: "680"),
            Place(city: "Pereira", region: "Risaralda", postalPrefix: "660"),
            Place(city: "Manizales", region: "Caldas", postalPrefix: "170"),
            Place(city: "Cúcuta", region: "Norte de Santander", postalPrefix: "540"),
            Place(city: "Pasto", region: "Nariño", postalPrefix: "520"),
        ],
        street: { random in
            let line = random.pick(["Calle", "Carrera", "Avenida Calle", "Transversal", "Diagonal"]) + " "
                + String(random.number(1...170)) + (random.chance(0.2) ? random.pick(["A", "B", "Bis"]) : "")
                + " # " + String(random.number(1...120)) + "-" + String(random.number(1...99))
            return random.chance(0.3) ? line + ", Apto " + String(random.number(101...1_204)) : line
        },
        personIdentity: { random, _, _ in
            let cedula = String(random.number(10_000_000...1_199_999_999))
            return random.chance(0.85)
                ? Identity(nationalID: cedula, idType: "C.C.", idNumber: groupedThousands(cedula))
                : Identity(nationalID: cedula, idType: "Pasaporte", idNumber: "AT" + random.digits(6))
        },
        companyIdentity: { random in
            let base = String(random.number(800_000_000...901_999_999))
            let nit = base + "-" + String(nitCheckDigit(base))
            return Identity(nationalID: nit, idType: "NIT", idNumber: groupedThousands(base) + "-" + String(nitCheckDigit(base)))
        })

    /// `1020456789` → `1.020.456.789`, as Colombian documents print numbers.
    private static func groupedThousands(_ digits: String) -> String {
        var grouped = ""
        for (position, digit) in digits.enumerated() {
            if position > 0, (digits.count - position) % 3 == 0 { grouped += "." }
            grouped.append(digit)
        }
        return grouped
    }

    /// DIAN's check digit for a NIT.
    private static func nitCheckDigit(_ digits: String) -> Int {
        let remainder = weightedSum(digits, weights: [41, 37, 29, 23, 19, 17, 13, 7, 3]) % 11
        return remainder > 1 ? 11 - remainder : remainder
    }
}

// MARK: - Russia

extension DemoCountry {
    /// Fathers' names with the patronymic each gives a son and a daughter.
    private static let russianPatronymics: [(male: String, female: String)] = [
        ("Иванович", "Ивановна"), ("Алексеевич", "Алексеевна"), ("Дмитриевич", "Дмитриевна"),
        ("Сергеевич", "Сергеевна"), ("Андреевич", "Андреевна"), ("Михайлович", "Михайловна"),
        ("Николаевич", "Николаевна"), ("Павлович", "Павловна"), ("Владимирович", "Владимировна"),
        ("Евгеньевич", "Евгеньевна"), ("Александрович", "Александровна"), ("Юрьевич", "Юрьевна"),
        ("Олегович", "Олеговна"), ("Игоревич", "Игоревна"), ("Викторович", "Викторовна"),
    ]

    /// Masculine forms; every one takes `-а` for a woman.
    private static let russianSurnames = [
        "Смирнов", "Иванов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров",
        "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
        "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев",
    ]

    static let russia = DemoCountry(
        name: "Russia",
        women: [
            "Ольга", "Анна", "Елена", "Мария", "Татьяна", "Наталья", "Ирина", "Светлана", "Екатерина", "Юлия",
            "Анастасия", "Дарья", "Ксения", "Людмила", "Марина", "Вера", "Галина", "Полина", "Софья", "Алёна",
        ],
        men: [
            "Иван", "Алексей", "Дмитрий", "Сергей", "Андрей", "Михаил", "Николай", "Павел", "Артём", "Владимир",
            "Евгений", "Александр", "Максим", "Юрий", "Олег", "Игорь", "Роман", "Константин", "Виктор", "Денис",
        ],
        middleNameShare: 0.75,
        middleName: { random, sex in
            let patronymic = random.pick(russianPatronymics)
            return sex == .female ? patronymic.female : patronymic.male
        },
        lastName: { random, sex in random.pick(russianSurnames) + (sex == .female ? "а" : "") },
        company: { random in
            random.pick(["ООО", "ООО", "ООО", "АО"]) + " «"
                + random.pick(["Ромашка", "Вектор", "Альянс", "Гарант", "Восток", "Меридиан", "Прогресс", "Сибирь", "Волга", "Агропром"])
                + (random.chance(0.4) ? "-" + random.pick(["Сервис", "Трейд", "Логистик", "Групп", "Плюс"]) : "") + "»"
        },
        companyDomain: "ru",
        mailDomains: ["mail.ru", "yandex.ru", "gmail.com", "rambler.ru", "bk.ru"],
        phone: { random in
            "+7 9" + random.digits(2) + " " + random.digits(3) + "-" + random.digits(2) + "-" + random.digits(2)
        },
        places: [
            Place(city: "Москва", region: "Москва", postalPrefix: "1"),
            Place(city: "Санкт-Петербург", region: "Санкт-Петербург", postalPrefix: "19"),
            Place(city: "Новосибирск", region: "Новосибирская область", postalPrefix: "630"),
            Place(city: "Екатеринбург", region: "Свердловская область", postalPrefix: "620"),
            Place(city: "Казань", region: "Республика Татарстан", postalPrefix: "420"),
            Place(city: "Нижний Новгород", region: "Нижегородская область", postalPrefix: "603"),
            Place(city: "Самара", region: "Самарская область", postalPrefix: "443"),
            Place(city: "Пермь", region: "Пермский край", postalPrefix: "614"),
            Place(city: "Краснодар", region: "Краснодарский край", postalPrefix: "350"),
            Place(city: "Воронеж", region: "Воронежская область", postalPrefix: "394"),
        ],
        street: { random in
            let line = random.pick(["ул. Ленина", "ул. Гагарина", "пр-т Мира", "ул. Советская", "ул. Садовая", "пер. Строителей", "ул. Пушкина", "наб. Волжская"])
                + ", д. " + String(random.number(1...150))
            return random.chance(0.6) ? line + ", кв. " + String(random.number(1...320)) : line
        },
        personIdentity: { random, _, _ in
            let inn = withCheckDigits(
                String(random.pick([77, 78, 54, 66, 16, 52, 63, 59, 23, 36])) + random.digits(8),
                [[7, 2, 4, 10, 3, 5, 9, 4, 6, 8], [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]])
            return random.chance(0.85)
                ? Identity(nationalID: inn, idType: "Паспорт", idNumber: random.digits(4) + " " + random.digits(6))
                : Identity(nationalID: inn, idType: "Загранпаспорт", idNumber: random.digits(2) + " " + random.digits(7))
        },
        companyIdentity: { random in
            let inn = withCheckDigits(String(random.pick([77, 78, 54, 66, 16])) + random.digits(7), [[2, 4, 10, 3, 5, 9, 4, 6, 8]])
            let ogrn = "1" + random.digits(11)
            return Identity(nationalID: inn, idType: "ОГРН", idNumber: ogrn + String(Int(ogrn)! % 11 % 10))
        })

    /// Appends one INN check digit per weight list, each over all digits so far.
    private static func withCheckDigits(_ digits: String, _ weightLists: [[Int]]) -> String {
        weightLists.reduce(digits) { partial, weights in partial + String(weightedSum(partial, weights: weights) % 11 % 10) }
    }
}

// MARK: - Romania

extension DemoCountry {
    private static let romanianWomen = [
        "Ioana", "Maria", "Elena", "Ana", "Andreea", "Cristina", "Mihaela", "Alexandra", "Gabriela", "Roxana",
        "Ramona", "Simona", "Diana", "Irina", "Raluca", "Oana", "Bianca", "Larisa", "Ștefania", "Mădălina",
    ]
    private static let romanianMen = [
        "Ștefan", "Andrei", "Alexandru", "Mihai", "Ion", "Gheorghe", "Vasile", "Constantin", "Florin", "Adrian",
        "Cristian", "Daniel", "Bogdan", "Radu", "Răzvan", "Sorin", "Cătălin", "Marius", "Ionuț", "Lucian",
    ]
    private static let romanianSurnames = [
        "Popescu", "Ionescu", "Mărginean", "Țiriac", "Popa", "Pop", "Radu", "Dumitru", "Stan", "Stoica",
        "Gheorghe", "Matei", "Ciobanu", "Rusu", "Munteanu", "Constantin", "Moldovan", "Lungu", "Neagu", "Șerban",
        "Căpraru", "Brătianu", "Dobre", "Toma", "Mocanu", "Florea", "Ardeleanu", "Țăranu", "Oprea", "Barbu",
    ]

    /// Romanian places with the county code a CNP carries and the series letters on its ID cards.
    private static let romanianPlaces: [(place: Place, county: String, series: String)] = [
        (Place(city: "București", region: "București", postalPrefix: "0"), "40", "RX"),
        (Place(city: "Cluj-Napoca", region: "Cluj", postalPrefix: "400"), "12", "CJ"),
        (Place(city: "Timișoara", region: "Timiș", postalPrefix: "300"), "35", "TM"),
        (Place(city: "Iași", region: "Iași", postalPrefix: "700"), "22", "MX"),
        (Place(city: "Constanța", region: "Constanța", postalPrefix: "900"), "13", "KT"),
        (Place(city: "Brașov", region: "Brașov", postalPrefix: "500"), "08", "BV"),
        (Place(city: "Craiova", region: "Dolj", postalPrefix: "200"), "16", "DX"),
        (Place(city: "Galați", region: "Galați", postalPrefix: "800"), "17", "GL"),
        (Place(city: "Sibiu", region: "Sibiu", postalPrefix: "550"), "32", "SB"),
        (Place(city: "Târgu Mureș", region: "Mureș", postalPrefix: "540"), "26", "MS"),
    ]

    static let romania = DemoCountry(
        name: "Romania",
        women: romanianWomen,
        men: romanianMen,
        middleNameShare: 0.25,
        middleName: { random, sex in random.pick(sex == .female ? romanianWomen : romanianMen) },
        lastName: { random, _ in random.pick(romanianSurnames) },
        company: { random in
            switch random.below(4) {
            case 0: random.pick(["Transilvania Trading", "Carpați Impex", "Dacia Service", "Danubius", "Bucovina Agro", "Someș Prod"]) + " SRL"
            case 1: random.pick(romanianSurnames) + " Construct SRL"
            case 2: random.pick(["Timiș", "Argeș", "Olt", "Mureș"]) + " Logistic S.A."
            default: random.pick(romanianSurnames) + " & Fiii SRL"
            }
        },
        companyDomain: "ro",
        mailDomains: ["yahoo.com", "gmail.com", "outlook.com", "yahoo.ro"],
        phone: { random in
            "+40 7" + String(random.number(20...99)) + " " + random.digits(3) + " " + random.digits(3)
        },
        places: romanianPlaces.map(\.place),
        street: { random in
            let line = random.pick([
                "Str. Mihai Eminescu", "Bd. Unirii", "Calea Victoriei", "Str. Ștefan cel Mare", "Aleea Trandafirilor",
                "Șos. Kiseleff", "Str. Avram Iancu", "Bd. Independenței",
            ]) + " nr. " + String(random.number(1...180))
            return random.chance(0.4)
                ? line + ", bl. " + random.pick(["A", "B", "C", "D", "E"]) + String(random.number(1...9))
                    + ", sc. " + String(random.number(1...4)) + ", ap. " + String(random.number(1...120))
                : line
        },
        personIdentity: { random, birth, sex in
            let origin = random.pick(romanianPlaces)
            let cnp = cnp(birth: birth, sex: sex, county: origin.county, serial: random.digits(3))
            return random.chance(0.8)
                ? Identity(nationalID: cnp, idType: "Carte de identitate", idNumber: origin.series + " " + random.digits(6))
                : Identity(nationalID: cnp, idType: "Pașaport", idNumber: "05" + random.digits(7))
        },
        companyIdentity: { random in
            let county = random.pick(romanianPlaces).county
            return Identity(
                nationalID: "RO" + String(random.number(1_000_000...49_999_999)), idType: "Certificat de înregistrare",
                idNumber: "J" + county + "/" + String(random.number(1...30_000)) + "/" + String(random.number(1995...2024)))
        })

    /// The 13-digit personal numeric code: sex and century, birth date, county, serial, check digit.
    private static func cnp(birth: CivilDate, sex: Sex, county: String, serial: String) -> String {
        let centuryAndSex = (birth.year >= 2000 ? 5 : 1) + (sex == .female ? 1 : 0)
        let body = String(centuryAndSex) + String(birth.year % 100).leftPadded(to: 2)
            + String(birth.month).leftPadded(to: 2) + String(birth.day).leftPadded(to: 2) + county + serial
        let check = weightedSum(body, weights: [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11
        return body + String(check == 10 ? 1 : check)
    }
}

/// Σ digit × weight, the core of every check digit here.
private func weightedSum(_ digits: String, weights: [Int]) -> Int {
    zip(digits.utf8, weights).reduce(0) { sum, pair in sum + Int(pair.0 - UInt8(ascii: "0")) * pair.1 }
}
