import Foundation
import GRDB

/// A signed-in request as a page handler sees it.
struct Visit {
    var request: Request
    var member: StaffMember
    var app: App
    /// The time of the request, read once.
    var now: Date

    var staff: Staff { member.staff }
    var database: AppDatabase { app.database }

    /// The hidden fields of one more form on the page: this user's token and a fresh submission key.
    func ticket() throws -> FormTicket {
        FormTicket(
            csrf: try app.tokens.token(for: staff.userName, day: CSRFTokens.day(now)),
            submission: CSRFTokens.submissionKey())
    }
}

/// What a route answers to one method, and the least role that may ask. A GET route answers HEAD too.
struct Endpoint {
    enum Handler {
        /// Answers without the signed-in user (`/healthz`).
        case open(() -> Response)
        /// Reads and shows; never writes.
        case read((Visit) throws -> Response)
        /// A form post: runs behind `FormGuard`, inside its write transaction.
        case write((FormPost, Database) throws -> Response)
    }

    var method: String
    var least: Role
    var handler: Handler

    static func get(_ least: Role, _ handle: @escaping (Visit) throws -> Response) -> Endpoint {
        Endpoint(method: "GET", least: least, handler: .read(handle))
    }

    static func post(_ least: Role, _ handle: @escaping (FormPost, Database) throws -> Response) -> Endpoint {
        Endpoint(method: "POST", least: least, handler: .write(handle))
    }
}

/// The URL contract of DESIGN.md in one table: per path, the methods it answers and the least role
/// for each. Nothing else decides access.
extension App {
    func endpoints(_ path: [String]) -> [Endpoint]? {
        switch path {
        case ["healthz"]: return [Endpoint(method: "GET", least: .viewer, handler: .open(health))]
        case []: return [.get(.viewer) { _ in .redirect(to: "/customers") }]
        case ["customers"]: return [.get(.viewer, ListingPage.response)]
        case ["customers.csv"]: return [.get(.viewer) { try CSVExport.response($0.request, database: $0.database, chosen: $0.member.preferences.columns) }]
        case ["customers.xlsx"]: return [.get(.viewer) { try XLSXExport.response($0.request, database: $0.database, chosen: $0.member.preferences.columns) }]
        // Pages of their own, never customer IDs; not there yet.
        case ["customers", "new"], ["customers", "export"]: return nil
        case let path where path.count == 2 && path[0] == "customers":
            return [.get(.viewer) { try ProfilePage.response(id: path[1], tab: "profile", $0) }]
        case let path where path.count == 3 && path[0] == "customers":
            // Every tab of the catalog; an unknown one answers the profile's 404 (after the customer's).
            let catalog = database.catalog
            let show = Endpoint.get(.viewer) { try ProfilePage.response(id: path[1], tab: path[2], $0) }
            guard path[2] == "credits" else { return [show] }
            return [show, .post(.officer) { try CreditRequestPage.create(id: path[1], catalog: catalog, $0, $1) }]
        case let path where path.count == 4 && path[0] == "customers" && path[2] == "credits" && path[3] == "new":
            return [.get(.officer) { try CreditRequestPage.response(id: path[1], $0) }]
        case let path where path.count == 2 && path[0] == "policies":
            return [.get(.viewer) { try PolicyPage.response(number: path[1], staff: $0.staff, database: $0.database) }]
        case let path where path.count == 2 && path[0] == "credits":
            return [.get(.viewer) { try CreditPage.response(number: path[1], staff: $0.staff, database: $0.database) }]
        case ["preferences", "page-size"]: return [.post(.viewer, ListingPage.savePageSize)]
        case ["preferences", "columns"]:
            let catalog = database.catalog
            return [.get(.viewer, ColumnChooserPage.response), .post(.viewer) { try ColumnChooserPage.save($0, $1, catalog: catalog) }]
        default: return nil
        }
    }

    func route(_ request: Request) throws -> Response {
        try route(request, endpoints: endpoints)
    }

    /// Routes through `table` (tests give one of their own to reach every role).
    func route(_ request: Request, endpoints table: ([String]) -> [Endpoint]?) throws -> Response {
        let path = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let method = request.method == "HEAD" ? "GET" : request.method
        let endpoints = table(path)
        // Only an open address (`/healthz`) answers before the user is known.
        let isOpen = endpoints?.contains { if case .open = $0.handler { true } else { false } } ?? false
        let member = isOpen ? nil : try signedIn(request)
        guard let endpoints else { throw HTTPError.notFound }
        guard let endpoint = endpoints.first(where: { $0.method == method }) else {
            return methodNotAllowed(request, allowed: endpoints.map(\.method), staff: member?.staff)
        }
        switch endpoint.handler {
        case .open(let answer):
            return answer()
        case .read(let show):
            let member = try permitted(member ?? signedIn(request), endpoint)
            return try show(Visit(request: request, member: member, app: self, now: clock()))
        case .write(let action):
            let staff = try permitted(member ?? signedIn(request), endpoint).staff
            return try FormGuard(database: database, tokens: tokens).accept(request, staff: staff, now: clock(), action: action)
        }
    }

    private func permitted(_ member: StaffMember, _ endpoint: Endpoint) throws -> StaffMember {
        guard member.staff.role >= endpoint.least else {
            throw HTTPError(403, "Your role, \(member.staff.role.rawValue), may not do this; \(endpoint.least.rawValue) is needed.")
        }
        return member
    }

    /// 405 with the methods the address does take, in the page and in `Allow`.
    private func methodNotAllowed(_ request: Request, allowed: [String], staff: Staff?) -> Response {
        let methods = allowed.flatMap { $0 == "GET" ? ["GET", "HEAD"] : [$0] }
        var response = ErrorPage.response(
            HTTPError(405, "This address does not accept \(request.method) requests; it takes \(methods.joined(separator: ", "))."),
            staff: staff)
        response.headers.append(("Allow", methods.joined(separator: ", ")))
        return response
    }

    private func health() -> Response {
        database.isHealthy() ? .text("ok\n") : .text("store not answering\n", status: 503)
    }
}
