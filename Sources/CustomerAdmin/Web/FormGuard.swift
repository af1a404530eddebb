import Foundation
import GRDB

/// A form post that passed the guard, as its handler sees it.
struct FormPost: Sendable {
    var staff: Staff
    var fields: Parameters
    var files: [Multipart.Part]
    var now: Date
    var submissionKey: String
}

/// The one guard every form post passes; the router calls it for every POST route, after the route's
/// role check, so no handler can forget it. In order: the request must come from this site, the body
/// must decode, the form must carry the signed-in user's CSRF token of today or yesterday and a
/// submission key (`checked`); then `accept` runs the handler in one write transaction with the key,
/// so a form posted twice acts once and the second post gets the first one's answer.
struct FormGuard: Sendable {
    let database: AppDatabase
    let tokens: CSRFTokens

    func accept(
        _ request: Request, staff: Staff, now: Date, action: (FormPost, Database) throws -> Response
    ) throws -> Response {
        let post = try checked(request, staff: staff, now: now)
        let outcome = try database.submitOnce(userName: staff.userName, key: post.submissionKey, now: now, answer: Self.keptAnswer) { db in
            try action(post, db)
        }
        switch outcome {
        case .earlier(let answer): return .redirect(to: answer.location, status: answer.status)
        case .acted(let response): return response
        }
    }

    /// The post, once it has passed every check but the submission key's (done by `accept`).
    func checked(_ request: Request, staff: Staff, now: Date) throws -> FormPost {
        if Self.isCrossSite(request) {
            throw HTTPError(403, "Cross-site request refused: this form was sent from another site. Open customer-admin and send it from there.")
        }
        let form = try FormBody(request)
        guard let token = form.fields["csrf"], !token.isEmpty else {
            throw HTTPError(403, "The form’s security token is missing. Reload the form and send it again.")
        }
        guard try tokens.accepts(token, for: staff.userName, today: CSRFTokens.day(now)) else {
            throw HTTPError(403, "The form’s security token is invalid or expired. Reload the form and send it again.")
        }
        guard let key = form.fields["submission"], CSRFTokens.isSubmissionKey(key) else {
            throw HTTPError(400, "The form has no valid submission key. Reload the form and send it again.")
        }
        return FormPost(staff: staff, fields: form.fields, files: form.files, now: now, submissionKey: key)
    }

    /// Only a redirect (the action happened) is kept for a second post; a refused form is sent again.
    private static func keptAnswer(_ response: Response) -> SubmissionAnswer? {
        guard (300..<400).contains(response.status), let location = response.header("Location") else { return nil }
        return SubmissionAnswer(status: response.status, location: location)
    }

    /// Browsers send basic-auth credentials with a post from any site, so a post must show it came from
    /// ours: its `Origin` names the host it was sent to, or without `Origin`, `Sec-Fetch-Site` does not
    /// say another site. A request with neither (an old browser, a script) passes on its token alone.
    /// Debian's nginx passes `HTTP_HOST` as `$host`, without the port: then only the host names are compared.
    static func isCrossSite(_ request: Request) -> Bool {
        if let origin = request.headers["origin"] {
            guard let host = request.headers["host"]?.lowercased(), let authority = authority(ofOrigin: origin)?.lowercased() else {
                return true
            }
            return hostName(host) == host ? hostName(authority) != host : authority != host
        }
        return ["cross-site", "same-site"].contains(request.headers["sec-fetch-site"]?.lowercased() ?? "")
    }

    /// `host:8443` → `host`, `[::1]:8443` → `[::1]`.
    private static func hostName(_ authority: String) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") { return String(authority[...close]) }
        return String(authority.prefix { $0 != ":" })
    }

    /// `https://host:8443` → `host:8443`; nil for `null` and anything that is not a scheme and a host.
    private static func authority(ofOrigin origin: String) -> Substring? {
        guard let separator = origin.range(of: "://") else { return nil }
        let scheme = origin[..<separator.lowerBound].lowercased()
        let authority = origin[separator.upperBound...]
        guard scheme == "http" || scheme == "https", !authority.isEmpty,
            !authority.contains(where: { "/?#@ ".contains($0) })
        else { return nil }
        return authority
    }
}
