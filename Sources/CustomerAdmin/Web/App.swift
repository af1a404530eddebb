import Foundation
import Logging

/// The whole application: one request in, one response out. No sockets, so tests call it directly.
public final class App: Sendable {
    public let database: AppDatabase
    /// Serve requests without `REMOTE_USER` as this user (development only).
    let devUser: String?
    let logger: Logger
    /// The time of a request; tests move it to reach yesterday's and older CSRF tokens.
    let clock: @Sendable () -> Date
    let pages = PageCache()
    let tokens: CSRFTokens
    let largeDownloads: LargeDownloads
    /// The role of a login nginx let in but the store does not know (`serve --default-role`); nil: refused.
    let defaultRole: Role?

    public init(
        database: AppDatabase, devUser: String? = nil, defaultRole: Role? = nil, logger: Logger = Logger(label: "customer-admin"),
        clock: @escaping @Sendable () -> Date = { Date() }, largeDownloads: LargeDownloads = LargeDownloads(capacity: 2)
    ) {
        self.database = database
        self.devUser = devUser
        self.defaultRole = defaultRole
        self.logger = logger
        self.clock = clock
        self.largeDownloads = largeDownloads
        tokens = CSRFTokens(database: database)
    }

    /// HEAD is answered as GET without the body; the headers (Content-Length among them) stay.
    public func handle(_ request: Request) -> Response {
        guard request.method == "HEAD" else { return answer(request) }
        var get = request
        get.method = "GET"
        return answer(get).withoutBody()
    }

    private func answer(_ request: Request) -> Response {
        do {
            return try route(request)
        } catch let error as HTTPError {
            return ErrorPage.response(error, staff: try? signedIn(request).staff)
        } catch {
            logger.error("request failed", metadata: ["path": "\(request.path)", "error": "\(error)"])
            return ErrorPage.response(HTTPError(500, "Something went wrong on our side. Nothing was changed."), staff: nil)
        }
    }

    /// Maps `REMOTE_USER` (or the development user) to a staff member with a role, and notes that
    /// the login was seen. An unknown login is refused, or admitted with `defaultRole`.
    func signedIn(_ request: Request) throws -> StaffMember {
        guard let user = request.remoteUser.flatMap({ $0.isEmpty ? nil : $0 }) ?? devUser else {
            throw HTTPError(403, "This application needs a signed-in user; the request carried none.")
        }
        var member = try database.staffMember(userName: user)
        if member == nil, let defaultRole {
            try database.admit(user, as: defaultRole, now: clock())
            member = try database.staffMember(userName: user)
        }
        guard let member else {
            throw HTTPError(403, "The login “\(user)” has no role in customer-admin. Ask an administrator to add it.")
        }
        guard member.disabledAt.isEmpty else {
            throw HTTPError(403, "The login “\(user)” was disabled in customer-admin on \(member.disabledAt.prefix(10)). Ask an administrator.")
        }
        try database.noteSeen(member, now: clock())
        return member
    }
}
