import CustomerAdmin
import Foundation
import GRDB

/// The in-memory stores the targets run against (with the trigram search index the migrations make).
struct FuzzStore: Sendable {
    static let viewer = "viewer"
    /// The same fixed day for every run, so a crash replays the same way.
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    let database: AppDatabase
    let app: App
    let customersBefore: Int

    /// 40 demo customers and a viewer: what the listing and the profile page read.
    static let shared = FuzzStore(demoCustomers: 40)
    /// Two customers (so an imported ID can clash) and nothing else: what imports go into.
    static let imports = FuzzStore(demoCustomers: 2)

    private init(demoCustomers: Int) {
        do {
            database = try AppDatabase.inMemory()
            try database.setStaff(Staff(userName: Self.viewer, role: .viewer))
            try database.addDemoCustomers(demoCustomers, now: Self.now)
            app = App(database: database)
            customersBefore = demoCustomers
        } catch {
            fatalError("cannot make the fuzz store: \(error)")
        }
    }

    func customerCount() -> Int {
        (try? database.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM customers") }) ?? -1
    }

    /// Back to the customers the store was made with, after an import that went through.
    func removeImported() {
        do {
            try database.writer.write { try $0.execute(sql: "DELETE FROM customers WHERE id > ?", arguments: [customersBefore]) }
        } catch {
            fatalError("cannot remove imported customers: \(error)")
        }
    }
}

extension FuzzTarget {
    /// The listing as a viewer asks for it: the query decoder, the filter, the FTS5 pattern and
    /// the SQL built from it, the page. Anything but a page or an error page for the client (400)
    /// is a crash: a 500 means an SQLite error escaped.
    static let listing = FuzzTarget(name: "listing", covers: "GET /customers?FUZZ as a viewer: filter, FTS pattern, SQL, page") { bytes in
        let query = text(bytes)
        let response = FuzzStore.shared.app.handle(Request("GET", "/customers?" + query, user: FuzzStore.viewer))
        require(response.status == 200 || response.status == 400, "/customers?\(query) answers 200 or 400, not \(response.status)")
        require((try? response.collectBody())?.isEmpty == false, "/customers?\(query) has a body")
    }

    /// The FTS5 pattern and the filter's SQL alone, counted against the trigram index without the
    /// page around them, so a million inputs take minutes rather than the listing's hours: a count
    /// within the store's size, or the time budget; any other error is an SQLite error that escaped.
    static let search = FuzzTarget(name: "search", covers: "the FTS pattern and filter SQL on the trigram index, AppDatabase.matchCount") { bytes in
        guard let parameters = decodedQuery(bytes) else { return }
        let filter = CustomerFilter(parameters)
        let store = FuzzStore.shared
        do {
            let total = try store.database.matchCount(filter, countingUpTo: 1_000)
            require((0...store.customersBefore).contains(total.reachable), "a count within the store: \(total) for \(parameters.encoded)")
        } catch is OverTimeBudget {
            return
        } catch {
            require(false, "no SQLite error escapes the search: \(error) for \(parameters.encoded)")
        }
    }

    /// `importCustomers(csv:)`: bytes as a CSV file either import (and are all in the store) or are
    /// refused with a line of the file; nothing else may come out.
    static let csvImport = FuzzTarget(name: "csv-import", covers: "the CSV import reader, AppDatabase.importCustomers(csv:)") { bytes in
        let store = FuzzStore.imports
        let lines = 1 + bytes.indices.filter { bytes[$0] == 0x0A || bytes[$0] == 0x0D && bytes.dropFirst($0 + 1).first != 0x0A }.count
        do {
            let imported = try store.database.importCustomers(csv: Data(bytes), now: FuzzStore.now)
            require(store.customerCount() == store.customersBefore + imported, "all \(imported) imported customers are in the store")
            if imported > 0 { store.removeImported() }
        } catch let refusal as CustomerImportError {
            require((1...lines).contains(refusal.line), "refused at a line of the file (1...\(lines)): \(refusal)")
            require(store.customerCount() == store.customersBefore, "a refused file imports nothing")
        } catch {
            require(false, "an import fails only with a line-numbered reason, not \(error)")
        }
    }
}
