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

/// What a route answers to one method, and what asking is (`Permission` says which roles may). A GET
/// route answers HEAD too.
struct Endpoint {
    enum Handler {
        /// Answers without the signed-in user (`/healthz`).
        case open(() -> Response)
        /// Reads and shows; never writes.
        case read((Visit) throws -> Response)
        /// A form post: runs behind `FormGuard`, inside its write transaction.
        case write((FormPost, Database) throws -> Response)
        /// A form post answered with a file: runs behind `FormGuard`'s checks and writes in
        /// transactions of its own (a file is no answer to keep for a second post).
        case file((FormPost) throws -> Response)
    }

    var method: String
    var permission: Permission
    var handler: Handler
    /// The one answer to any failure at this endpoint, from the sign-in on (the export's 404);
    /// nil: each failure gets its own error page.
    var failure: ((Request, any Error) -> Response)?

    static func get(_ permission: Permission, _ handle: @escaping (Visit) throws -> Response) -> Endpoint {
        Endpoint(method: "GET", permission: permission, handler: .read(handle))
    }

    static func post(_ permission: Permission, _ handle: @escaping (FormPost, Database) throws -> Response) -> Endpoint {
        Endpoint(method: "POST", permission: permission, handler: .write(handle))
    }

    static func postForFile(
        _ permission: Permission, _ handle: @escaping (FormPost) throws -> Response,
        failure: @escaping (Request, any Error) -> Response
    ) -> Endpoint {
        Endpoint(method: "POST", permission: permission, handler: .file(handle), failure: failure)
    }
}

/// The URL contract of DESIGN.md in one table: per path, the methods it answers and the permission
/// each needs. Nothing else decides access.
extension App {
    func endpoints(_ path: [String]) -> [Endpoint]? {
        switch path {
        case ["healthz"]: return [Endpoint(method: "GET", permission: .read, handler: .open(health))]
        case []: return [.get(.read) { _ in .redirect(to: "/customers") }]
        case ["customers"]:
            let catalog = database.catalog
            return [.get(.read, ListingPage.response), .post(.createCustomer) { try CustomerFormPage.create($0, $1, catalog: catalog) }]
        case ["customers.csv"]:
            return [.get(.download) { try CSVExport.response($0.request, database: $0.database, chosen: $0.member.preferences.columns, downloads: $0.app.largeDownloads) }]
        case ["customers.xlsx"]:
            return [.get(.download) { try XLSXExport.response($0.request, database: $0.database, chosen: $0.member.preferences.columns, downloads: $0.app.largeDownloads) }]
        case ["customers", "new"]: return [.get(.createCustomer, CustomerFormPage.new)]
        // Seed 004 and DESIGN.md: every role may export (viewers included); some fields need more (`Field.exportRole`).
        case ["customers", "export"]:
            return [
                .get(.export, ExportDialogPage.response),
                .postForFile(.export, { try CustomerPDFExport.response($0, app: self) }, failure: { CustomerPDFExport.refused($0, $1, app: self) }),
            ]
        case ["customers", "status"]:
            let catalog = database.catalog
            return [.post(.changeStatus) { try BulkStatusPage.change($0, $1, catalog: catalog) }]
        case ["exports"]: return [.get(.seeExports, ExportsPage.response)]
        case let path where path.count == 2 && path[0] == "customers":
            let catalog = database.catalog
            return [profileTab(id: path[1], tab: "profile"), .post(.editCustomer) { try CustomerFormPage.save($0, $1, id: path[1], catalog: catalog) }]
        case let path where path.count == 3 && path[0] == "customers":
            // A customer's own addresses (edit, audit.csv) and form posts, then every tab of the catalog;
            // an unknown tab answers the profile's 404 (after the customer's).
            return customerEndpoints(id: path[1], path[2], tab: profileTab(id: path[1], tab: path[2]))
        case let path where path.count == 4 && path[0] == "customers" && path[2] == "credits" && path[3] == "new":
            return [.get(.requestCredit) { try CreditRequestPage.response(id: path[1], $0) }]
        case let path where path.count == 2 && path[0] == "policies":
            return [.get(.read) { try PolicyPage.response(number: path[1], staff: $0.staff, database: $0.database) }]
        case let path where path.count == 2 && path[0] == "credits":
            return [.get(.read) { try CreditPage.response(number: path[1], staff: $0.staff, database: $0.database) }]
        case ["staff"]: return [.get(.manageStaff, StaffPage.response), .post(.manageStaff, StaffPage.save)]
        case ["directories"]:
            let catalog = database.catalog
            return [.get(.manageDirectories, DirectoriesPage.response), .post(.manageDirectories) { try DirectoriesPage.save($0, $1, catalog: catalog) }]
        case ["preferences", "page-size"]: return [.post(.choosePreferences, ListingPage.savePageSize)]
        case ["preferences", "columns"]:
            let catalog = database.catalog
            return [.get(.choosePreferences, ColumnChooserPage.response), .post(.choosePreferences) { try ColumnChooserPage.save($0, $1, catalog: catalog) }]
        default: return nil
        }
    }

    /// Whether `method` on `path` is a form post that writes the store: it waits for the store's one
    /// writer, so the responder serves it on threads of its own (`serve --write-threads`).
    public func waitsForTheWriter(method: String, path: String) -> Bool {
        guard method == "POST" else { return false }
        return endpoints(Self.components(path))?.contains { endpoint in
            guard endpoint.method == method, case .write = endpoint.handler else { return false }
            return true
        } ?? false
    }

    private static func components(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// A tab of a customer's profile, with the status and actions panel under the header.
    private func profileTab(id: String, tab: String) -> Endpoint {
        .get(.read) { visit in
            try ProfilePage.response(id: id, tab: tab, visit) { customer, customerID in
                CustomerActions.panel(
                    customer, customerID, staff: visit.staff, request: visit.request, ticket: try visit.ticket(),
                    story: try visit.database.statusStory(of: customer))
            }
        }
    }

    func route(_ request: Request) throws -> Response {
        try route(request, endpoints: endpoints)
    }

    /// Routes through `table` (tests give one of their own to reach every role).
    func route(_ request: Request, endpoints table: ([String]) -> [Endpoint]?) throws -> Response {
        let path = Self.components(request.path)
        let method = request.method == "HEAD" ? "GET" : request.method
        let endpoints = table(path)
        if let endpoint = endpoints?.first(where: { $0.method == method }), let failure = endpoint.failure {
            do {
                return try answer(request, method: method, endpoints: endpoints)
            } catch {
                return failure(request, error)
            }
        }
        return try answer(request, method: method, endpoints: endpoints)
    }

    private func answer(_ request: Request, method: String, endpoints: [Endpoint]?) throws -> Response {
        if let limit = request.bodyOverLimit {
            throw HTTPError(413, "The request is too large: its body may be at most \(limit) bytes.")
        }
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
        case .file(let produce):
            let staff = try permitted(member ?? signedIn(request), endpoint).staff
            return try produce(FormGuard(database: database, tokens: tokens).checked(request, staff: staff, now: clock()))
        }
    }

    private func permitted(_ member: StaffMember, _ endpoint: Endpoint) throws -> StaffMember {
        let role = member.staff.role
        guard role.may(endpoint.permission) else {
            throw HTTPError(
                403, "Your role, \(role.rawValue), may not \(endpoint.permission.phrase); that needs the \(endpoint.permission.least.rawValue) role.")
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
