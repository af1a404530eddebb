import Foundation
import GRDB
import Testing
@testable import CustomerAdmin

/// Issue 12 in process: create and edit forms from the catalog, the server's rules, duplicates,
/// optimistic locking, notes, deactivation, the audit trail and the roles on every post.
@Suite struct CustomerFormTests {
    let database: AppDatabase
    let clock = TestClock()
    let app: App
    static let host = "customers.example.test"

    init() throws {
        database = try AppDatabase.inMemory()
        for (user, role) in [("vera", Role.viewer), ("otto", .officer), ("olga", .officer), ("omar", .manager), ("ada", .admin)] {
            try database.setStaff(Staff(userName: user, role: role))
        }
        clock.now = try #require(StoreDate.parseDay("2026-05-20")).addingTimeInterval(9 * 3600)
        app = App(database: database, clock: clock.read)
    }

    // MARK: - Helpers

    private func get(_ target: String, user: String = "otto") throws -> (status: Int, body: String) {
        let response = app.handle(Request("GET", target, user: user))
        return (response.status, try response.bodyText())
    }

    /// The user's token of the clock's day, as every form of theirs carries it.
    private func token(_ user: String) throws -> String {
        try app.tokens.token(for: user, day: CSRFTokens.day(clock.now))
    }

    private func post(_ path: String, _ fields: [(String, String)], user: String = "otto", key: String = CSRFTokens.submissionKey()) throws -> Response {
        var body = Parameters()
        body.append("csrf", try token(user))
        body.append("submission", key)
        for (name, value) in fields { body.append(name, value) }
        return app.handle(Request(
            method: "POST", path: path, headers: ["content-type": "application/x-www-form-urlencoded", "host": Self.host],
            remoteUser: user, body: Array(body.encoded.utf8)))
    }

    /// A valid new individual, with `changes` on top.
    private func person(_ changes: [(String, String)] = []) -> [(String, String)] {
        var fields: [String: String] = [
            "kind": "individual", "status": "newbie", "first_name": "Binta", "last_name": "Singhateh",
            "birth_date": "1990-04-02", "email": "binta@example.test", "phone": "+220 770 1234", "country": "The Gambia",
            "national_id": "123456789",
        ]
        for (name, value) in changes { fields[name] = value }
        return fields.sorted { $0.key < $1.key }
    }

    private func create(_ changes: [(String, String)] = [], user: String = "otto") throws -> Response {
        try post("/customers", person(changes), user: user)
    }

    private func createdID(_ response: Response) throws -> CustomerID {
        #expect(response.status == 303)
        let location = try #require(response.header("Location"))
        let id = try #require(location.firstMatch(of: /CUST\d{7}/))
        return try #require(CustomerID(id.output))
    }

    private func audit(_ id: CustomerID) throws -> [Row] {
        try database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log WHERE customer_id = ? ORDER BY id", arguments: [id.number])
        }
    }

    private func customerCount() throws -> Int {
        try database.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM customers") ?? 0 }
    }

    // MARK: - Forms

    @Test func newFormsComeFromTheCatalogGroupedByTabs() throws {
        let individual = try get("/customers/new?kind=individual")
        #expect(individual.status == 200)
        #expect(individual.body.contains("<legend>Profile</legend>"))
        #expect(individual.body.contains("name=\"first_name\""))
        #expect(individual.body.contains("type=\"date\" id=\"f-birth_date\" name=\"birth_date\""))
        #expect(!individual.body.contains("name=\"company_name\""))
        let company = try get("/customers/new?kind=legal_entity").body
        #expect(company.contains("<label for=\"f-company_name\">Company name *</label>"))
        #expect(company.contains("id=\"f-company_name\" name=\"company_name\" required"))
        #expect(!company.contains("name=\"birth_date\""))
        #expect(try get("/customers/new?kind=robot").status == 400)
        #expect(try get("/customers/new?kind=individual", user: "vera").status == 403)
        // The listing offers the buttons to those who may create.
        #expect(try get("/customers").body.contains("/customers/new?kind=legal_entity"))
        #expect(!(try get("/customers", user: "vera").body.contains("/customers/new?kind=")))
    }

    // MARK: - Create

    @Test func createGoesToTheProfileWithAFlashAndAuditRows() throws {
        let id = try createdID(try create())
        #expect(id == CustomerID(number: 1))
        let profile = try get("/customers/\(id)?flash=created").body
        #expect(profile.contains("role=\"status\">Customer CUST0000001 created</p>"))
        #expect(profile.contains("Singhateh"))
        // Only a known message: a flash naming anything else shows nothing.
        #expect(!(try get("/customers/\(id)?flash=%3Cscript%3E").body.contains("role=\"status\"")))
        let rows = try audit(id)
        #expect(rows.first?["action"] == "create")
        #expect(rows.contains { $0["field"] == "last_name" && $0["new_value"] == "Singhateh" && $0["user_name"] == "otto" })
    }

    @Test func idsAreNeverReusedAfterADeleteThroughSQL() throws {
        let first = try createdID(try create())
        let second = try createdID(try create([("email", "b@example.test"), ("phone", ""), ("national_id", "223456789"), ("first_name", "Awa"), ("birth_date", "1970-01-01")]))
        try database.writer.write { try $0.execute(sql: "DELETE FROM customers WHERE id = ?", arguments: [second.number]) }
        let third = try createdID(try create([("email", "c@example.test"), ("phone", ""), ("national_id", "323456789"), ("first_name", "Musa"), ("birth_date", "1971-01-01")]))
        #expect(first.description == "CUST0000001")
        #expect(third.description == "CUST0000003")
    }

    @Test func aDoubleSubmitCreatesOneCustomer() throws {
        let key = CSRFTokens.submissionKey()
        let once = try post("/customers", person(), key: key)
        let twice = try post("/customers", person(), key: key)
        #expect(once.status == 303 && twice.status == 303)
        #expect(once.header("Location") == twice.header("Location"))
        #expect(try customerCount() == 1)
    }

    // MARK: - Validation

    @Test func refusedFormsAnswer422WithMessagesBesideFieldsAndKeepEveryValue() throws {
        let response = try create([
            ("last_name", ""), ("email", "not-an-email"), ("birth_date", "2025-02-30"), ("national_id", "12AB"),
            ("first_name", "<script>alert(1)</script>"), ("phone", "call me"),
        ])
        #expect(response.status == 422)
        let body = try response.bodyText()
        #expect(body.contains("Not saved: 5 problems"))
        #expect(body.contains("<a href=\"#f-email\">E-mail</a>"))
        #expect(body.contains("aria-describedby=\"f-email-problem\""))
        #expect(body.contains("id=\"f-email-problem\""))
        #expect(body.contains("value=\"not-an-email\""))
        #expect(body.contains("value=\"2025-02-30\""))
        #expect(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!body.contains("<script>alert"))
        #expect(body.contains("National ID is not valid for The Gambia"))
        #expect(try customerCount() == 0)
    }

    @Test func badInputNeverStoresAnythingHalfWay() throws {
        let hostile: [[(String, String)]] = [
            [("first_name", String(repeating: "x", count: 10_000))],
            [("last_name", "Nul\u{0}byte")],
            [("birth_date", "0000-00-00")],
            [("birth_date", "2020-01-01")],
            [("birth_date", "2027-01-01")],
            [("balance", "1e309")],
            [("status", "closed")],
            [("email", "a@b")],
            [("last_name", "'; DROP TABLE customers; --"), ("national_id", "1 OR 1=1")],
        ]
        for changes in hostile {
            let response = try create(changes)
            #expect(response.status == 422, "\(changes.map(\.0))")
        }
        // Duplicate field names are refused too.
        let twice = try post("/customers", person() + [("last_name", "Other")])
        #expect(twice.status == 422)
        #expect(try twice.bodyText().contains("Last name was sent 2 times"))
        // Invalid UTF-8 in the body.
        let broken = app.handle(Request(
            method: "POST", path: "/customers", headers: ["content-type": "application/x-www-form-urlencoded", "host": Self.host],
            remoteUser: "otto", body: Array("csrf=\(try token("otto"))&last_name=".utf8) + [0xFF, 0xFE]))
        #expect(broken.status == 400)
        #expect(try customerCount() == 0)
        #expect(try database.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM audit_log") } == 0)
    }

    @Test func requiredFieldsFollowTheStatusTheRecordWillHave() throws {
        let response = try create([("status", "customer"), ("national_id", "")])
        #expect(response.status == 422)
        #expect(try response.bodyText().contains("Enter national id; a customer record needs it."))
        #expect(try createdID(try create([("status", "newbie"), ("national_id", "")])).number == 1)
    }

    @Test func rulesForIDsAndPhonesPerCountryWithAPermissiveFallback() {
        #expect(IdentityRules.rule(for: "Russia").accepts("771234567890"))
        #expect(!IdentityRules.rule(for: "Russia").accepts("77123"))
        #expect(IdentityRules.rule(for: "Romania").accepts("1900402123456"))
        #expect(IdentityRules.rule(for: "Colombia").accepts("900123456-7"))
        #expect(IdentityRules.rule(for: "Narnia").accepts("AB-1234/5"))
        #expect(!IdentityRules.rule(for: "Narnia").accepts("<b>"))
        #expect(PhoneNumber.e164("+220 770-1234", callingCode: nil) == "+2207701234")
        #expect(PhoneNumber.e164("0049 30 1234567", callingCode: nil) == "+49301234567")
        #expect(PhoneNumber.e164("770 1234", callingCode: "220") == "+2207701234")
        #expect(PhoneNumber.e164("770 1234", callingCode: nil) == nil)
        #expect(PhoneNumber.e164("+1 (555) call", callingCode: nil) == nil)
        #expect(NameFolding.similar("José Gómez", "jose gomez"))
        #expect(NameFolding.similar("Binta Singhateh", "Singhate Binta"))
        #expect(!NameFolding.similar("Binta Singhateh", "Awa Jallow"))
    }

    @Test func aPhoneIsStoredAsTyped() throws {
        let id = try createdID(try create([("phone", "770 1234")]))
        #expect(try database.customer(number: id.number)?[text: "phone"] == "770 1234")
    }

    // MARK: - Duplicates

    @Test func theSameNationalIDIsRefusedWithALink() throws {
        let first = try createdID(try create())
        let again = try create([("email", "other@example.test"), ("phone", ""), ("first_name", "Other")])
        #expect(again.status == 422)
        let body = try again.bodyText()
        #expect(body.contains("A customer with this national id already exists"))
        #expect(body.contains("href=\"/customers/\(first)\""))
        #expect(try customerCount() == 1)
    }

    @Test func likelyDuplicatesWarnAndCreateAnywayIsAudited() throws {
        let first = try createdID(try create())
        let similar = [("national_id", "999999999"), ("first_name", "Bintta"), ("email", "x@example.test"), ("phone", "")]
        let warned = try create(similar)
        #expect(warned.status == 200)
        let body = try warned.bodyText()
        #expect(body.contains("This may be a customer we already have"))
        #expect(body.contains("href=\"/customers/\(first)\""))
        #expect(body.contains("similar name, same birth date"))
        #expect(body.contains("name=\"confirm\" value=\"duplicates\""))
        #expect(try customerCount() == 1)
        let sameEmail = try create([("national_id", "888888888"), ("first_name", "Awa"), ("last_name", "Jallow"), ("phone", "")])
        #expect(try sameEmail.bodyText().contains("same e-mail"))
        let confirmed = try createdID(try post("/customers", person(similar + [("confirm", "duplicates")])))
        let override = try audit(confirmed).first { $0["action"] == "duplicate_override" }
        #expect((override?["new_value"] as String?)?.contains(first.description) == true)
    }

    // MARK: - Edit

    @Test func editSavesChangedFieldsWithOneAuditRowEach() throws {
        let id = try createdID(try create())
        let form = try get("/customers/\(id)/edit").body
        #expect(form.contains("name=\"version\" value=\"1\""))
        #expect(form.contains("value=\"Singhateh\""))
        var fields = person([("last_name", "Singhateh-Ceesay"), ("email", "new@example.test")])
        fields.append(("version", "1"))
        let saved = try post("/customers/\(id)", fields)
        #expect(saved.status == 303)
        #expect(saved.header("Location") == "/customers/\(id)?flash=saved")
        let customer = try #require(try database.customer(number: id.number))
        #expect(customer.lastName == "Singhateh-Ceesay")
        #expect(customer.version == 2)
        let changes = try audit(id).filter { $0["action"] == "change" && $0["old_value"] != "" }
        #expect(changes.map { $0["field"] as String }.sorted() == ["email", "last_name"])
        #expect(changes.contains { $0["old_value"] == "Singhateh" && $0["new_value"] == "Singhateh-Ceesay" })
    }

    @Test func aStaleFormAnswers409ShowingTheirsBesideYoursAndLosesNothing() throws {
        let id = try createdID(try create())
        // olga saves first, from version 1.
        #expect(try post("/customers/\(id)", person([("last_name", "Olga's"), ("version", "1")]), user: "olga").status == 303)
        // otto's form was also made from version 1.
        let stale = try post("/customers/\(id)", person([("first_name", "Otto's"), ("version", "1")]))
        #expect(stale.status == 409)
        let body = try stale.bodyText()
        #expect(body.contains("Someone else saved this customer"))
        #expect(body.contains("<th scope=\"row\">Last name</th><td>Olga&#39;s</td><td>Singhateh</td>"))
        #expect(body.contains("value=\"Otto&#39;s\""))
        #expect(body.contains("name=\"version\" value=\"2\""))
        #expect(try database.customer(number: id.number)?.firstName == "Binta")
        // A version from the future is stale too; a version that is no number is refused.
        #expect(try post("/customers/\(id)", person([("version", "99999")])).status == 409)
        #expect(try post("/customers/\(id)", person([("version", "1e9")])).status == 422)
        // Applying on top with the version the 409 page carries.
        #expect(try post("/customers/\(id)", person([("first_name", "Otto's"), ("last_name", "Olga's"), ("version", "2")])).status == 303)
        let customer = try #require(try database.customer(number: id.number))
        #expect(customer.firstName == "Otto's" && customer.lastName == "Olga's")
    }

    // MARK: - Notes, deactivation, audit

    @Test func notesAreListedNewestFirstAndAudited() throws {
        let id = try createdID(try create())
        #expect(try post("/customers/\(id)/notes", [("body", "Called, no answer")]).header("Location") == "/customers/\(id)/notes?flash=note")
        #expect(try get("/customers/\(id)/notes", user: "vera").body.contains("Showing 1 of 1<"), "one note, no plural")
        clock.now = clock.now.addingTimeInterval(60)
        #expect(try post("/customers/\(id)/notes", [("body", "Second <b>call</b>")], user: "olga").status == 303)
        let page = try get("/customers/\(id)/notes", user: "vera").body
        let second = try #require(page.range(of: "Second &lt;b&gt;call&lt;/b&gt;"))
        let first = try #require(page.range(of: "Called, no answer"))
        #expect(second.lowerBound < first.lowerBound)
        #expect(page.contains("olga"))
        #expect(page.contains("Showing 1–2 of 2 notes"))
        #expect(try post("/customers/\(id)/notes", [("body", "  ")]).status == 422)
        #expect(try post("/customers/\(id)/notes", [("body", "x")], user: "vera").status == 403)
        #expect(try audit(id).filter { $0["action"] == "note" }.count == 2)
        // The store refuses to change a note or an audit row.
        #expect(throws: (any Error).self) { try database.writer.write { try $0.execute(sql: "UPDATE customer_notes SET body = 'x'") } }
        #expect(throws: (any Error).self) { try database.writer.write { try $0.execute(sql: "DELETE FROM audit_log") } }
        #expect(throws: (any Error).self) { try database.writer.write { try $0.execute(sql: "UPDATE audit_log SET user_name = 'x'") } }
    }

    @Test func deactivationIsAManagersNeedsAReasonAndLeavesTheRecordReadOnly() throws {
        let id = try createdID(try create())
        #expect(try post("/customers/\(id)/status", [("status", "closed"), ("reason", "Moved abroad")]).status == 403)
        let noReason = try post("/customers/\(id)/status", [("status", "closed"), ("reason", " ")], user: "omar")
        #expect(noReason.status == 422)
        #expect(try noReason.bodyText().contains("Describe the reason"))
        #expect(try post("/customers/\(id)/status", [("status", "closed"), ("reason", "Moved abroad")], user: "omar").status == 303)
        #expect(try database.customer(number: id.number)?.status == .closed)
        #expect(try audit(id).contains { $0["action"] == "status" && $0["reason"] == "Other: Moved abroad" && $0["new_value"] == "closed" })
        // Read-only now, except notes; a manager may not reopen, an admin may.
        #expect(try get("/customers/\(id)/edit").status == 409)
        #expect(try post("/customers/\(id)", person([("version", "2")])).status == 409)
        #expect(try post("/customers/\(id)/notes", [("body", "Still a note")]).status == 303)
        #expect(try post("/customers/\(id)/status", [("status", "reopen"), ("reason", "Back")], user: "omar").status == 403)
        #expect(try post("/customers/\(id)/status", [("status", "reopen"), ("reason", "Back")], user: "ada").status == 303)
        #expect(try database.customer(number: id.number)?.status == .newbie)
    }

    @Test func theAuditTabFiltersAndPagesAndTheCSVHasEveryRow() throws {
        let id = try createdID(try create())
        for index in 0..<60 {
            #expect(try post("/customers/\(id)/notes", [("body", "note \(index)")]).status == 303)
        }
        let page = try get("/customers/\(id)/audit", user: "vera")
        #expect(page.status == 200)
        #expect(page.body.contains("Showing 1–50 of"))
        #expect(page.body.contains("note 59"))
        let filtered = try get("/customers/\(id)/audit?field=last_name", user: "vera").body
        #expect(filtered.contains("Singhateh"))
        #expect(!filtered.contains("note 59"))
        #expect(try get("/customers/\(id)/audit?user=nobody", user: "vera").body.contains("No changes match."))
        #expect(try get("/customers/\(id)/audit?page=99999999999999999999&from=2025-02-30", user: "vera").status == 200)
        let csv = try get("/customers/\(id)/audit.csv", user: "vera").body
        let rows = try audit(id).count
        #expect(csv.split(separator: "\r\n").count == rows + 1)
        #expect(csv.contains("'+220 770 1234"))
    }

    @Test func theAuditTabsTotalsAreTheRowsThatMatch() throws {
        let id = try createdID(try create())
        let other = try createdID(try create([("national_id", "223456789"), ("email", "x@example.test"), ("phone", ""), ("first_name", "Awa")]))
        for index in 0..<3 { #expect(try post("/customers/\(id)/notes", [("body", "note \(index)")]).status == 303) }
        #expect(try post("/customers/\(other)/notes", [("body", "elsewhere")], user: "olga").status == 303)
        for (query, condition) in [
            ("", ""), ("field=email", " AND field = 'email'"), ("field=note", " AND action = 'note'"),
            ("field=no_such_field", " AND field = 'no_such_field'"), ("user=otto", " AND user_name = 'otto'"),
            ("field=note&from=2026-05-20", " AND action = 'note' AND at >= '2026-05-20'"),
        ] {
            let rows = try database.reader.read {
                try Int.fetchOne($0, sql: "SELECT count(*) FROM audit_log WHERE customer_id = ?\(condition)", arguments: [id.number]) ?? -1
            }
            let page = try get("/customers/\(id)/audit?\(query)", user: "vera").body
            let shown = rows == 0 ? "No changes match." : rows == 1 ? "Showing 1 of 1<" : "of \(rows) changes"
            #expect(page.contains(shown), "\(query): \(rows) rows")
        }
    }

    @Test func viewersMayNotPostAndAdminsMaintainDirectories() throws {
        #expect(try create(user: "vera").status == 403)
        #expect(try get("/directories", user: "omar").status == 403)
        #expect(try get("/directories", user: "ada").status == 200)
        #expect(try post("/directories", [("action", "add"), ("directory", "nope"), ("value", "x"), ("label", "X")], user: "ada").status == 422)
        #expect(try post("/directories", [("action", "add"), ("directory", "genders"), ("value", ""), ("label", "X")], user: "ada").status == 422)
        #expect(try post("/directories", [("action", "add"), ("directory", "genders"), ("value", "x"), ("label", "X")], user: "omar").status == 403)
        #expect(try customerCount() == 0)
        // An added entry is offered by the form and accepted; removed, it is refused again.
        #expect(try post("/directories", [("action", "add"), ("directory", "genders"), ("value", "other"), ("label", "Another <gender>")], user: "ada").status == 303)
        #expect(try get("/customers/new?kind=individual").body.contains("<option value=\"other\">Another &lt;gender&gt;</option>"))
        #expect(try createdID(try create([("gender", "other")])).number == 1)
        #expect(try post("/directories", [("action", "remove"), ("directory", "genders"), ("value", "other")], user: "ada").status == 303)
        #expect(try create([("gender", "other"), ("national_id", "923456789"), ("email", ""), ("phone", ""), ("first_name", "Zed")]).status == 422)
    }

    @Test func directoryValuesMustExist() throws {
        let catalog = FieldCatalog.standard
        let base = Customer(kind: .individual, catalog: catalog)
        var form = CustomerForm(posted: Parameters([("last_name", "A"), ("gender", "x")]), kind: .individual, status: .newbie, catalog: catalog)
        #expect(CustomerValidation.check(&form, base: base, directories: DirectoryLists(), today: "2026-05-20") == nil)
        #expect(form.problem(for: "gender")?.message.contains("from the list") == true)
        var added = CustomerForm(posted: Parameters([("last_name", "A"), ("gender", "x")]), kind: .individual, status: .newbie, catalog: catalog)
        let lists = DirectoryLists(added: ["genders": [.init(value: "x", label: "Other")]])
        #expect(CustomerValidation.check(&added, base: base, directories: lists, today: "2026-05-20")?[text: "gender"] == "x")
    }

    @Test func idTypesCountriesAndStaffAreChosenFromTheirDirectories() throws {
        // The form offers lists: every country, the ID types by their labels, the active logins.
        let form = try get("/customers/new?kind=individual").body
        #expect(form.contains("<select id=\"f-country\" name=\"country\">"))
        #expect(form.contains("<option value=\"The Gambia\">The Gambia</option>"))
        #expect(form.contains("<option value=\"C.C.\">C.C. – cédula de ciudadanía (Colombia)</option>"))
        #expect(form.contains("<select id=\"f-relationship_officer\" name=\"relationship_officer\">"))
        #expect(form.contains("<option value=\"olga\">olga</option>"))
        #expect(!form.contains("<option value=\"vera\">"), "a viewer may not edit customers, so manages none")
        // Values not in them are refused beside their fields, items' included, and nothing is stored.
        let refused = try create([
            ("country", "Atlantis"), ("id_type", "Library card"), ("relationship_officer", "nobody"), ("risk_officer", "<script>"),
            ("addresses.0.kind", "actual"), ("addresses.0.country", "Atlantis"), ("documents.0.type", "Library card"),
            ("documents.0.number", "L-1"),
        ])
        #expect(refused.status == 422)
        let page = try refused.bodyText()
        #expect(page.contains("Not saved: 6 problems"))
        for field in ["country", "id_type", "relationship_officer", "risk_officer", "addresses.0.country", "documents.0.type"] {
            #expect(page.contains("id=\"f-\(field)-problem\""), "\(field)")
        }
        #expect(page.contains("Choose country from the list; “Atlantis” is not in it."))
        #expect(page.contains("<option value=\"Atlantis\" selected>Atlantis (not in the list)</option>"), "what was sent stays chosen")
        #expect(!page.contains("<script>"))
        #expect(try customerCount() == 0)
        // A label or another case picks its entry; an officer's login is a relationship officer.
        let id = try createdID(try create([("id_type", "passport"), ("relationship_officer", "olga"), ("addresses.0.kind", "actual"),
                                           ("addresses.0.country", "colombia")]))
        var customer = try #require(try database.customer(number: id.number))
        #expect(customer[text: "id_type"] == "Passport" && customer[text: "relationship_officer"] == "olga")
        // A login disabled since stays on the records that name it and editable, but is no longer offered.
        try database.changeStaff("olga", StaffChange(disabled: true))
        let edit = try get("/customers/\(id)/edit").body
        #expect(edit.contains("<option value=\"olga\" selected>olga (not in the list)</option>"))
        var fields = person([("id_type", "Passport"), ("relationship_officer", "olga"), ("last_name", "Singhateh-Jobe")])
        fields.append(("version", "1"))
        #expect(try post("/customers/\(id)", fields).status == 303)
        customer = try #require(try database.customer(number: id.number))
        #expect(customer.lastName == "Singhateh-Jobe" && customer[text: "relationship_officer"] == "olga")
        let other = try create([("relationship_officer", "olga"), ("national_id", "223456789"), ("email", ""), ("phone", ""), ("first_name", "Awa")])
        #expect(other.status == 422)
    }

    @Test func theStaffDirectoryIsKeptOnTheStaffPageAndACountryCanBeAdded() throws {
        let page = try get("/directories", user: "ada").body
        #expect(page.contains("<h2>staff</h2>") && page.contains("<td class=\"mono\">omar</td>"))
        #expect(page.contains("<h2>countries</h2>") && page.contains("<h2>id_types</h2>"))
        // The groups' directories are kept here too: relationship types, address kinds.
        #expect(page.contains("Used by Further addresses: kind.") && page.contains("<option value=\"relationships\">"))
        #expect(page.contains("Used by Country, Further addresses: country."))
        #expect(!page.contains("<option value=\"staff\">"), "logins are added on the Staff page")
        #expect(try post("/directories", [("action", "add"), ("directory", "staff"), ("value", "x"), ("label", "X")], user: "ada").status == 422)
        // A value as long as the country field holds is taken; one longer is refused.
        let long = String(repeating: "x", count: 101)
        #expect(try post("/directories", [("action", "add"), ("directory", "countries"), ("value", long), ("label", "X")], user: "ada").status == 422)
        #expect(try post("/directories", [("action", "add"), ("directory", "countries"), ("value", "Atlantis"), ("label", "Atlantis")], user: "ada").status == 303)
        #expect(try createdID(try create([("country", "Atlantis"), ("national_id", "AT-12345")])).number == 1)
    }

    // MARK: - Repeatable groups

    @Test func groupItemsAreAddedChangedAndRemovedWithoutJavaScript() throws {
        // "Add to further identity documents" shows the form again with an empty item, nothing saved.
        let added = try create([("add", "documents")])
        #expect(added.status == 200)
        let page = try added.bodyText()
        #expect(page.contains("name=\"documents.0.type\""))
        #expect(page.contains("value=\"Singhateh\""))
        #expect(try customerCount() == 0)
        // A blank item is no item; a half-filled one is refused beside its field.
        #expect(try createdID(try create([("documents.0.type", ""), ("documents.0.number", "")])).number == 1)
        let half = try create([("national_id", "223456789"), ("email", "x@example.test"), ("phone", ""), ("first_name", "Awa"),
                               ("documents.0.type", "Passport")])
        #expect(half.status == 422)
        #expect(try half.bodyText().contains("<a href=\"#f-documents.0.number\">Further identity documents 1: Number</a>"))
        let expired = try create([("documents.0.type", "Passport"), ("documents.0.number", "P1"),
                                  ("documents.0.issued_on", "2020-01-01"), ("documents.0.expires_on", "2019-12-31"),
                                  ("id_issued_on", "2021-05-05"), ("id_expires_on", "2021-05-05")])
        #expect(expired.status == 422)
        #expect(try expired.bodyText().contains("id=\"f-documents.0.expires_on-problem\">The document must expire after it was issued (2020-01-01)"))
        #expect(try expired.bodyText().contains("id=\"f-id_expires_on-problem\">The document must expire after it was issued (2021-05-05)"))
        // Created with two items, then one changed and one removed in an edit; each write audited.
        let id = try createdID(try create([
            ("national_id", "323456789"), ("email", "y@example.test"), ("phone", ""), ("first_name", "Musa"), ("birth_date", "1960-01-01"),
            ("documents.0.type", "Passport"), ("documents.0.number", "PA1234567"),
            ("documents.1.type", "Driving licence"), ("documents.1.number", "DL-9"),
        ]))
        let items = try database.reader.read { try AppDatabase.storedItems(customer: id.number, catalog: database.catalog, $0) }
        let documents = try #require(items["documents"])
        #expect(documents.count == 2)
        let form = try get("/customers/\(id)/edit").body
        #expect(form.contains("value=\"PA1234567\""))
        let saved = try post("/customers/\(id)", person([
            ("national_id", "323456789"), ("email", "y@example.test"), ("phone", ""), ("first_name", "Musa"), ("birth_date", "1960-01-01"),
            ("version", "1"),
            ("documents.0.id", String(documents[0].id)), ("documents.0.type", "Passport"), ("documents.0.number", "PA7654321"),
            ("documents.1.id", String(documents[1].id)), ("documents.1.type", "Driving licence"), ("documents.1.number", "DL-9"),
            ("documents.1.remove", "1"),
        ]))
        #expect(saved.status == 303)
        let after = try database.reader.read { try AppDatabase.storedItems(customer: id.number, catalog: database.catalog, $0) }
        #expect(after["documents"]?.count == 1)
        #expect(after["documents"]?.first?.values.contains(.text("PA7654321")) == true)
        let trail = try audit(id).filter { $0["field"] == "documents" }
        #expect(trail.count == 4)  // two created, one changed, one removed
        #expect(trail.contains { $0["old_value"] == "Passport · PA1234567" && $0["new_value"] == "Passport · PA7654321" })
        #expect(try database.customer(number: id.number)?.version == 2)
    }

    @Test func aPostedFormReadsItemsByTheNamesTheFormWritesOnly() {
        let posted = Parameters([
            ("documents.2.number", "D2"), ("documents.0.type", "Passport"), ("documents.0.number", "D0"),
            ("documents.2.remove", "1"), ("documents.1.remove", "1"),  // `remove` alone names no item
            ("documents.03.number", "padded"), ("documents.-1.number", "negative"), ("documents.+4.number", "signed"),
            ("documents.\(CustomerForm.itemLimit).number", "past the limit"), ("documents.5.unknown", "no such field"),
            ("documents.7.id", "42"), ("documents.0.number", "sent twice"),
        ])
        let form = CustomerForm(posted: posted, kind: .individual, status: .newbie, catalog: .standard)
        let documents = form.items["documents"] ?? []
        #expect(documents.map { $0.typed["number"] } == ["D0", "D2", ""])
        #expect(documents.map(\.remove) == [false, true, false])
        #expect(documents.map(\.id) == [nil, nil, 42])
        #expect(documents.first?.typed["type"] == "Passport")
    }

    @Test func theDuplicateCheckReadsIndexesNeverTheWholeTable() throws {
        let statements = DuplicateCheck.identifying.map(DuplicateCheck.identicalSQL)
            + [DuplicateCheck.sameEmailSQL, DuplicateCheck.samePhoneSQL, DuplicateCheck.sameBirthDateSQL]
        try database.reader.read { db in
            for sql in statements {
                let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: ["x", 1]).map { $0["detail"] as String }.joined()
                #expect(plan.contains("USING") && !plan.contains("SCAN customers"), "\(sql): \(plan)")
            }
        }
    }
}
