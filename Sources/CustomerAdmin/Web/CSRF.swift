import Crypto
import Foundation

/// CSRF tokens bound to the signed-in user: HMAC-SHA256 of the user name and the day counter,
/// with a secret kept in the store. A token is accepted on the day it was made and the next, so a
/// form left open overnight still posts; anything older, or anyone else's, is refused.
final class CSRFTokens: @unchecked Sendable {
    private let database: AppDatabase
    /// Read from the store on first use and kept; guarded by `lock`.
    private var key: SymmetricKey?
    /// Tokens made today, by user: every page with a form asks for one. Guarded by `lock`.
    private var made: (day: Int, tokens: [String: String]) = (0, [:])
    private let lock = NSLock()

    init(database: AppDatabase) { self.database = database }

    /// Days since 1970 in UTC: the counter a token is made for.
    static func day(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    func token(for userName: String, day: Int) throws -> String {
        if let kept = lock.withLock({ made.day == day ? made.tokens[userName] : nil }) { return kept }
        let code = HMAC<SHA256>.authenticationCode(for: Self.message(userName, day), using: try secret())
        let token = Self.hex(Array(code))
        lock.withLock {
            if made.day != day || made.tokens.count >= 10_000 { made = (day, [:]) }
            made.tokens[userName] = token
        }
        return token
    }

    /// True for this user's token of `today` or of the day before; compared in constant time.
    func accepts(_ token: String, for userName: String, today: Int) throws -> Bool {
        guard let code = Self.bytes(fromHex: token), code.count == SHA256.byteCount else { return false }
        let key = try secret()
        // Both days are checked every time, so the answer takes as long whichever matches.
        let accepted = [today, today - 1].map { day in
            HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: Self.message(userName, day), using: key)
        }
        return accepted.contains(true)
    }

    private func secret() throws -> SymmetricKey {
        lock.lock()
        defer { lock.unlock() }
        if let key { return key }
        let loaded = SymmetricKey(data: try database.formSecret())
        key = loaded
        return loaded
    }

    /// The day comes last and has no NUL, so no two (user, day) pairs give the same message.
    private static func message(_ userName: String, _ day: Int) -> [UInt8] {
        Array("customer-admin csrf\u{0}\(userName)\u{0}\(day)".utf8)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func bytes(fromHex text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count.isMultiple(of: 2), utf8.count <= 128 else { return nil }
        func value(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        for index in stride(from: 0, to: utf8.count, by: 2) {
            guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }

    /// A one-time submission key: 128 random bits.
    static func submissionKey() -> String {
        var random = SystemRandomNumberGenerator()
        let words: (UInt64, UInt64) = (random.next(), random.next())
        return hex(withUnsafeBytes(of: words) { Array($0) })
    }

    static func isSubmissionKey(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }
}
