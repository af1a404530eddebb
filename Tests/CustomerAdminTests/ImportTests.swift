import Foundation
import GRDB
import Testing
@testable import CustomerAdmin

/// `customer-admin import`: CSV in store column names, all rows or none.
@Suite struct ImportTests {
    let database: AppDatabase
    let now = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21 14:13:20 UTC

    init() throws {
        database = try AppDatabase.inMemory()
        // The files name him as relationship officer, a choice among the store's logins.
        try database.setStaff(Staff(userName: "m.gomez", role: .officer))
    }

    private func all() throws -> [Customer] {
        try database.reader.read { db in try Customer.orderByPrimaryKey().fetchAll(db) }
    }

    /// The error an import fails with; a failed expectation if it does not fail.
    private func failure(_ csv: String) -> CustomerImportError? {
        do {
            let imported = try database.importCustomers(csv: csv, now: now)
            Issue.record("imported \(imported) rows instead of failing")
        } catch let error as CustomerImportError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return nil
    }

    @Test func roundTripsAccentsCyrillicQuotesCommasAndLineBreaks() throws {
        let csv = """
            customer_id,kind,status,first_name,middle_name,last_name,company_name,email,phone,national_id,id_type,id_number,birth_date,address_line,city,region,postal_code,country,balance,active_loans,relationship_officer,created_at,updated_at
            ,individual,customer,María,José,"Gómez Peña",,mj@example.co,+57 310 555 1234,1020456789,C.C.,1.020.456.789,1984-02-29,"Calle 45 # 12-34, Apto 502",Bogotá,Bogotá D.C.,110111,Colombia,1234.56,2,m.gomez,2020-01-02 03:04:05,2024-05-06
            ,individual,prospect,Ольга,Ивановна,Кузнецова,,,+7 912 345-67-89,772345678901,Паспорт,4508 123456,,"ул. Ленина, д. 1
            кв. 2",Москва,Москва,101000,Russia,-5,0,,2021-01-01,
            ,legal_entity,newbie,,,,"Ceesay & Sons ""Trading"" Ltd",,,,,,,,,,,,0,,,,
            """
        #expect(try database.importCustomers(csv: csv, now: now) == 3)
        let customers = try all()
        #expect(customers.count == 3)

        let maria = customers[0]
        #expect(maria.customerID?.description == "CUST0000001")
        #expect(maria.displayName == "María José Gómez Peña")
        #expect(maria[text: "address_line"] == "Calle 45 # 12-34, Apto 502")
        #expect(maria.birthDate == "1984-02-29")
        #expect(maria.balance == 123_456)
        // Active loans follow the customer's credits: the file's 2 is read and ignored.
        #expect(maria.activeLoans == 0)
        #expect(maria.status == .customer)
        #expect(maria.createdAt == "2020-01-02 03:04:05")
        #expect(maria.updatedAt == "2024-05-06 00:00:00")

        let olga = customers[1]
        #expect(olga.displayName == "Ольга Ивановна Кузнецова")
        #expect(olga[text: "address_line"] == "ул. Ленина, д. 1\nкв. 2")
        #expect(olga[text: "id_type"] == "Паспорт")
        #expect(olga.balance == -500)
        #expect(olga.createdAt == "2021-01-01 00:00:00")
        #expect(olga.updatedAt == StoreDate.timestamp(now))

        let company = customers[2]
        #expect(company.kind == .legalEntity)
        #expect(company.companyName == "Ceesay & Sons \"Trading\" Ltd")
        #expect(company.createdAt == StoreDate.timestamp(now))
    }

    @Test func columnsInAnyOrderWithDefaults() throws {
        try database.importCustomers(csv: "last_name,display_name\nJallow,ignored\n", now: now)
        let customer = try #require(try all().first)
        #expect(customer.lastName == "Jallow")
        #expect(customer.displayName == "Jallow")
        #expect(customer.kind == .individual)
        #expect(customer.status == .newbie)
        #expect(customer.balance == 0)
    }

    @Test func emptyCustomerIDGetsTheNextOne() throws {
        var existing = Customer(kind: .individual)
        existing.lastName = "Ceesay"
        try database.create(existing)
        try database.importCustomers(csv: "customer_id,last_name\n,Sanneh\n\"\",Njie\n", now: now)
        #expect(try all().map(\.customerID?.description) == ["CUST0000001", "CUST0000002", "CUST0000003"])
    }

    @Test func explicitCustomerIDIsKeptAndTheSequenceFollowsIt() throws {
        try database.importCustomers(csv: "customer_id,last_name\nCUST0000047,Touray\n,Bojang\n", now: now)
        #expect(try all().map(\.customerID?.description) == ["CUST0000047", "CUST0000048"])
        #expect(try database.customer(number: 47)?.lastName == "Touray")
    }

    @Test func clashingCustomerIDAbortsWithItsLine() throws {
        try database.importCustomers(csv: "customer_id,last_name\nCUST0000047,Touray\n", now: now)
        let error = failure("customer_id,last_name\nCUST0000048,Bojang\nCUST0000047,Again\n")
        #expect(error == CustomerImportError(line: 3, reason: "customer_id CUST0000047 already exists"))
        #expect(try all().map(\.lastName) == ["Touray"])
    }

    @Test func explicitIDTakenByAnEarlierRowIsRefused() {
        let error = failure("customer_id,last_name\n,Sanneh\nCUST0000001,Njie\n")
        #expect(error == CustomerImportError(line: 3, reason: "customer_id CUST0000001 is already the ID of line 2"))
    }

    @Test func readsFilesWithAndWithoutAFinalLineBreak() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in [("ends.csv", "last_name\nA\nB\n"), ("open.csv", "last_name\nC\nD")] {
            let path = folder.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            #expect(try database.importCustomers(csvFile: path, now: now) == 2)
        }
        #expect(try all().map(\.lastName) == ["A", "B", "C", "D"])
    }

    @Test func badRowOnLineThreeLeavesTheStoreAsItWas() throws {
        try database.importCustomers(csv: "last_name\nBefore\n", now: now)
        let before = try all()
        let error = failure("last_name,birth_date\nFirst,1990-01-01\nSecond,2025-02-30\nThird,\n")
        #expect(error?.line == 3)
        #expect(error?.description.hasPrefix("line 3: birth_date \"2025-02-30\" is not valid") == true)
        #expect(try all() == before)
        #expect(try database.totalsByStatus() == [.newbie: 1])
    }

    @Test func lineNumbersCountLineBreaksInsideQuotedFields() {
        let error = failure("last_name,address_line\nA,\"one\ntwo\r\nthree\"\nB,x,extra\n")
        #expect(error == CustomerImportError(line: 5, reason: "3 fields where the header has 2"))
    }

    @Test(arguments: [
        ("last_name,status\nX,vip\n", "status \"vip\" is not valid"),
        ("last_name,kind\nX,corp\n", "kind \"corp\" is not valid"),
        ("last_name,balance\nX,12.345\n", "balance \"12.345\" is not valid"),
        ("last_name,created_at\nX,2024-01-01T10:00:00+25:00\n", "created_at \"2024-01-01T10:00:00+25:00\" is not valid"),
        ("last_name,created_at\nX,2024-01-01T10:00:00Zjunk\n", "created_at \"2024-01-01T10:00:00Zjunk\" is not valid"),
        ("last_name,created_at\nX,2024-02-30T10:00:00Z\n", "created_at \"2024-02-30T10:00:00Z\" is not valid"),
        ("last_name,created_at\nX,2024-01-01 24:00:00\n", "created_at \"2024-01-01 24:00:00\" is not valid"),
        ("last_name,customer_id\nX,47\n", "customer_id \"47\" is not valid"),
        ("first_name,last_name\n,\n", "an individual needs a first_name or last_name"),
        ("kind,last_name\nlegal_entity,Jallow\n", "a legal entity needs a company_name"),
        ("last_name,created_at,updated_at\nX,2024-02-01,2024-01-01\n", "updated_at 2024-01-01 00:00:00 is before created_at 2024-02-01 00:00:00"),
        ("last_name,birth_date\nX,2030-01-01\n", "birth_date 2030-01-01 is in the future"),
        ("last_name,country\nX,Atlantis\n", "country \"Atlantis\" is not valid (expected an entry of the countries directory"),
        ("last_name,id_type\nX,Library card\n", "id_type \"Library card\" is not valid (expected an entry of the id_types directory"),
        ("last_name,relationship_officer\nX,nobody\n", "relationship_officer \"nobody\" is not valid (expected the active login of an officer or above"),
        ("last_name,gender\nX,dragon\n", "gender \"dragon\" is not valid (expected female, male)"),
    ])
    func malformedRowsAreRefusedWithAReason(csv: String, reason: String) {
        let error = failure(csv)
        #expect(error?.line == 2)
        #expect(error?.reason.hasPrefix(reason) == true, "\(error?.reason ?? "no error")")
    }

    @Test func directoryValuesAreReadByValueOrLabelInAnyCase() throws {
        try database.importCustomers(csv: "last_name,country,id_type,relationship_officer\nX,the gambia,c.c. – cédula de ciudadanía (colombia),m.gomez\n", now: now)
        let customer = try #require(try all().first)
        #expect(customer[text: "country"] == "The Gambia")
        #expect(customer[text: "id_type"] == "C.C.")
        #expect(customer[text: "relationship_officer"] == "m.gomez")
        // A login an admin disabled is no longer a relationship officer to choose.
        try database.changeStaff("m.gomez", StaffChange(disabled: true))
        #expect(failure("last_name,relationship_officer\nY,m.gomez\n")?.reason.hasPrefix("relationship_officer \"m.gomez\" is not valid") == true)
    }

    @Test func unknownColumnIsNamed() {
        let error = failure("last_name,nickname\nX,Y\n")
        #expect(error?.line == 1)
        #expect(error?.reason.hasPrefix("unknown column \"nickname\"") == true)
    }

    @Test func repeatedColumnIsRefused() {
        #expect(failure("last_name,Last_Name\nX,Y\n")?.reason == "column \"last_name\" appears twice")
    }

    @Test func byteOrderMarkIsSkipped() throws {
        try database.importCustomers(csv: "\u{FEFF}customer_id,last_name\r\nCUST0000002,Ceesay\r\n", now: now)
        #expect(try all().map(\.lastName) == ["Ceesay"])
    }

    @Test func emptyFileNeedsAHeader() {
        #expect(failure("")?.reason == "the file is empty; a header row naming the columns is required")
    }

    @Test func headerOnlyAndBlankLinesImportNothing() throws {
        #expect(try database.importCustomers(csv: "last_name\n", now: now) == 0)
        #expect(try database.importCustomers(csv: "last_name\n\nJobe\n\n", now: now) == 1)
    }

    @Test func invalidUTF8IsRefused() throws {
        let bytes = Data("last_name\nA\n".utf8) + Data([0x42, 0xFF, 0x0A])
        #expect(throws: CustomerImportError(line: 3, reason: "the file is not UTF-8 text")) {
            try database.importCustomers(csv: bytes, now: now)
        }
        #expect(try all().isEmpty)
    }

    @Test func hostileValuesAreStoredAsGiven() throws {
        let csv = """
            first_name,last_name,company_name,kind,address_line,email
            =cmd|' /C calc'!A0,O'Brien,,individual,=1+2 Main St,@SUM(1+1)
            ,,<script>alert(1)</script> SRL,legal_entity,"<img src=x onerror=alert(1)>",-x@example.com
            """
        try database.importCustomers(csv: csv, now: now)
        let customers = try all()
        #expect(customers[0].firstName == "=cmd|' /C calc'!A0")
        #expect(customers[0].lastName == "O'Brien")
        #expect(customers[0][text: "address_line"] == "=1+2 Main St")
        #expect(customers[0][text: "email"] == "@SUM(1+1)")
        #expect(customers[1].companyName == "<script>alert(1)</script> SRL")
        #expect(customers[1][text: "address_line"] == "<img src=x onerror=alert(1)>")
        #expect(customers[1][text: "email"] == "-x@example.com")
    }

    @Test func exportFormulaGuardIsUndone() throws {
        try database.importCustomers(csv: "last_name,phone,city\nX,'+220 770-1234,'Banjul\n", now: now)
        let customer = try #require(try all().first)
        #expect(customer[text: "phone"] == "+220 770-1234")
        #expect(customer[text: "city"] == "'Banjul")
    }

    @Test func importedRowsAreSearchableAndCounted() throws {
        try database.importCustomers(csv: "last_name,status,phone\nSinghateh,customer,+220 770-1234\nCeesay,customer,\n", now: now)
        #expect(try database.totalsByStatus() == [.customer: 2])
        let found = try database.reader.read { db in
            try Int.fetchAll(db, sql: "SELECT rowid FROM customer_search WHERE customer_search MATCH ?", arguments: ["\"7701234\""])
        }
        #expect(found == [1])
    }
}
