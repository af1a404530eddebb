import Foundation
@testable import CustomerAdmin

extension App {
    /// A form post as the user's browser sends it: their CSRF token of `now`'s day (unless `token` is
    /// false), a fresh submission key, then `fields`.
    func post(_ path: String, _ fields: [(String, String)], as user: String, now: Date, token: Bool = true) throws -> Response {
        var body = Parameters()
        if token { body.append("csrf", try tokens.token(for: user, day: CSRFTokens.day(now))) }
        body.append("submission", CSRFTokens.submissionKey())
        for (name, value) in fields { body.append(name, value) }
        return handle(Request(
            method: "POST", path: path, headers: ["content-type": "application/x-www-form-urlencoded"], remoteUser: user,
            body: Array(body.encoded.utf8)))
    }
}
