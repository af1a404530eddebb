import Foundation
import GRDB

/// A signed-in staff member with what they chose for themselves.
struct StaffMember: Sendable {
    var staff: Staff
    var preferences: StaffPreferences
    /// When the login last opened a page, to the hour ('' never); '' unless an admin disabled it.
    var lastSeen = ""
    var disabledAt = ""
}

/// Per-user choices kept in the store; nil where the user has not chosen.
struct StaffPreferences: Sendable, Equatable {
    var pageSize: Int?
    /// The listing's columns per section as field names, in order; a section not here shows its standard ones.
    var columns: [CustomerFilter.Section: [String]] = [:]
}

/// The answer a form post gave, kept with its submission key: a second post of the same form gets it again.
struct SubmissionAnswer: Sendable, Equatable {
    var status: Int
    var location: String
}

extension AppDatabase {
    /// The key the forms' CSRF tokens are signed with: 32 random bytes the migration put in the store.
    /// Never logged, never shown.
    func formSecret() throws -> [UInt8] {
        let secret = try reader.read { db in
            try Data.fetchOne(db, sql: "SELECT value FROM secrets WHERE name = ?", arguments: [Self.formSecretName])
        }
        guard let secret, secret.count == 32 else { throw StoreError.missingSecret }
        return Array(secret)
    }

    static let formSecretName = "csrf"

    enum StoreError: Error { case missingSecret }

    /// Runs `act` once per user and submission key. When `answer` makes a kept answer of its result,
    /// the key and that answer are written in the same transaction as what `act` wrote; a second call
    /// with the same key returns the kept answer without acting. A result without an answer (a refused
    /// form) rolls back whatever `act` did, and so does a throw. Keys older than two days (the life of
    /// a CSRF token, so no form can carry them any more) are dropped on the way.
    func submitOnce<Result>(
        userName: String, key: String, now: Date,
        answer: (Result) -> SubmissionAnswer?, _ act: (Database) throws -> Result
    ) throws -> SubmissionOutcome<Result> {
        try writer.writeWithoutTransaction { db in
            var outcome: SubmissionOutcome<Result>?
            try db.inTransaction(.immediate) {
                if let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT status, location FROM form_submissions WHERE user_name = ? AND submission_key = ?"),
                    arguments: [userName, key])
                {
                    outcome = .earlier(SubmissionAnswer(status: row["status"], location: row["location"]))
                    return .commit
                }
                let result = try act(db)
                outcome = .acted(result)
                guard let kept = answer(result) else { return .rollback }
                try db.execute(
                    sql: "INSERT INTO form_submissions(user_name, submission_key, status, location, created_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [userName, key, kept.status, kept.location, StoreDate.timestamp(now)])
                try db.execute(
                    sql: "DELETE FROM form_submissions WHERE created_at < ?",
                    arguments: [StoreDate.timestamp(now.addingTimeInterval(-2 * 86_400))])
                return .commit
            }
            return outcome!
        }
    }

    /// Keeps the user's rows per page, inside a form's transaction.
    static func setPageSize(_ size: Int, userName: String, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO staff_preferences(user_name, page_size) VALUES (?, ?)
                ON CONFLICT(user_name) DO UPDATE SET page_size = excluded.page_size
                """,
            arguments: [userName, size])
    }

    /// Keeps the user's listing columns for a section (field names, in order), inside a form's transaction.
    static func setColumns(_ names: [String], section: CustomerFilter.Section, userName: String, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO staff_columns(user_name, section, fields) VALUES (?, ?, ?)
                ON CONFLICT(user_name, section) DO UPDATE SET fields = excluded.fields
                """,
            arguments: [userName, section.rawValue, names.joined(separator: ",")])
    }

    /// Back to the section's standard columns.
    static func resetColumns(section: CustomerFilter.Section, userName: String, _ db: Database) throws {
        try db.execute(
            sql: "DELETE FROM staff_columns WHERE user_name = ? AND section = ?", arguments: [userName, section.rawValue])
    }

    /// The user's chosen columns per section, as kept (the catalog decides later which names still count).
    static func chosenColumns(userName: String, _ db: Database) throws -> [CustomerFilter.Section: [String]] {
        var columns: [CustomerFilter.Section: [String]] = [:]
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT section, fields FROM staff_columns WHERE user_name = ?"), arguments: [userName])
        while let row = try rows.next() {
            guard let section = CustomerFilter.Section(rawValue: row["section"]) else { continue }
            columns[section] = (row["fields"] as String).split(separator: ",").map(String.init)
        }
        return columns
    }
}

enum SubmissionOutcome<Result> {
    /// The same form was posted before: its answer, and nothing was done now.
    case earlier(SubmissionAnswer)
    case acted(Result)
}
