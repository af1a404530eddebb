import Foundation
import GRDB

/// One try at `POST /customers/export` as the export log keeps it.
struct ExportRecord: Sendable, Equatable {
    enum Outcome: String, Sendable, CaseIterable {
        /// A PDF was sent.
        case ok
        /// Passed the form guard, then failed (no field, too many records, an internal error...).
        case failed
        /// Passed the form guard with the user's quota for the minute used up.
        case rateLimited = "rate_limited"
        /// Stopped before the guard let it through (token, origin, role, body): a forged post from
        /// another site must not use up its victim's quota, so these do not count.
        case refused

        /// Whether the try uses one of the user's exports of the minute.
        var counts: Bool { self == .ok || self == .failed }
    }

    var userName: String
    var at: Date
    /// The field names asked for, as sent, cut by `kept(fields:)`.
    var fields: [String]
    /// The listing query, URL-encoded, as the filter read it.
    var query: String
    /// Records that matched, where they were read (at most `ExportLimits.records + 1`).
    var count: Int?
    var outcome: Outcome
    var reason: String = ""

    /// What a record keeps of the `field` values a request sent: enough to read a forged list, never a
    /// megabyte; percent-encoded like the query, so no line break or control character reaches the log.
    static func kept(fields: [String]) -> [String] {
        fields.prefix(ExportLimits.keptFields).map(shown)
    }

    /// A value from the request as records and messages show it: cut to 64 characters, percent-encoded.
    static func shown(_ value: String) -> String {
        Parameters.encode(String(value.prefix(64)))
    }
}

/// The export's limits, from seed 004.
enum ExportLimits {
    static let records = 500
    static let perWindow = 10
    static let window: TimeInterval = 60
    static let keptFields = 50
}

extension AppDatabase {
    // MARK: - Writes

    /// Writes the record of one export try, in one transaction with the count of the user's exports
    /// in the last minute, and returns the record written: a try that would count past the limit is
    /// written (and returned) as `rateLimited` instead. Every thread and process shares the count,
    /// since it is the store's rows under the write lock.
    func recordExport(_ record: ExportRecord) throws -> ExportRecord {
        try writer.writeWithoutTransaction { db in
            var written = record
            try db.inTransaction(.immediate) {
                if record.outcome.counts, try Self.countedExports(userName: record.userName, before: record.at, db) >= ExportLimits.perWindow {
                    written.outcome = .rateLimited
                    written.reason = "more than \(ExportLimits.perWindow) exports in a minute"
                }
                try db.execute(
                    sql: """
                        INSERT INTO exports(user_name, at, fields, query, record_count, outcome, reason)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        written.userName, StoreDate.timestamp(written.at),
                        written.fields.joined(separator: ","),
                        written.query, written.count, written.outcome.rawValue, String(written.reason.prefix(500)),
                    ])
                return .commit
            }
            return written
        }
    }

    // MARK: - Reads

    /// The user's exports that count against the limit in the minute up to `now`.
    static func countedExports(userName: String, before now: Date, _ db: Database) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: """
                SELECT count(*) FROM exports
                WHERE user_name = ? AND at > ? AND outcome IN ('ok', 'failed')
                """),
            arguments: [userName, StoreDate.timestamp(now.addingTimeInterval(-ExportLimits.window))]) ?? 0
    }

    /// A stored `YYYY-MM-DD HH:MM:SS` (UTC) back as a date.
    private static func date(ofTimestamp text: String) -> Date {
        let numbers = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).compactMap { Int($0) }
        guard numbers.count == 6 else { return .distantPast }
        let components = DateComponents(
            year: numbers[0], month: numbers[1], day: numbers[2], hour: numbers[3], minute: numbers[4], second: numbers[5])
        return StoreDate.utc.date(from: components) ?? .distantPast
    }

    /// One page of the export log, newest first, narrowed to a user and an outcome where given.
    func exportLog(_ query: ExportLogQuery) throws -> ExportLogPage {
        try reader.read { db in
            var conditions: [String] = []
            var arguments = StatementArguments()
            if !query.user.isEmpty {
                conditions.append("user_name = ?")
                _ = arguments.append(contentsOf: [query.user])
            }
            if let outcome = query.outcome {
                conditions.append("outcome = ?")
                _ = arguments.append(contentsOf: [outcome.rawValue])
            }
            let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            // Counted no further than the deepest page the pager offers: the log only grows.
            let counted = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM (SELECT 1 FROM exports\(whereClause) LIMIT ?)",
                arguments: arguments + [ExportLogQuery.countLimit + 1]) ?? 0
            let total: CustomerTotal = counted > ExportLogQuery.countLimit ? .moreThan(ExportLogQuery.countLimit) : .exact(counted)
            let pageCount = max(1, (total.reachable + ExportLogQuery.perPage - 1) / ExportLogQuery.perPage)
            let page = min(query.page, pageCount)
            let rows = try Row.fetchAll(
                db, sql: """
                    SELECT user_name, at, fields, query, record_count, outcome, reason FROM exports\(whereClause)
                    ORDER BY id DESC LIMIT ? OFFSET ?
                    """,
                arguments: arguments + [ExportLogQuery.perPage, (page - 1) * ExportLogQuery.perPage])
            let records = rows.map { row in
                ExportRecord(
                    userName: row["user_name"], at: Self.date(ofTimestamp: row["at"]),
                    fields: (row["fields"] as String).split(separator: ",").map(String.init), query: row["query"],
                    count: row["record_count"], outcome: ExportRecord.Outcome(rawValue: row["outcome"]) ?? .failed,
                    reason: row["reason"])
            }
            return ExportLogPage(query: query, records: records, total: total, page: page, pageCount: pageCount)
        }
    }
}

/// Which part of the export log the Exports page shows.
struct ExportLogQuery: Sendable, Equatable {
    static let perPage = 50
    static let countLimit = 10_000

    var user = ""
    var outcome: ExportRecord.Outcome?
    var page = 1

    init(user: String = "", outcome: ExportRecord.Outcome? = nil, page: Int = 1) {
        self.user = user
        self.outcome = outcome
        self.page = page
    }

    /// From `?user=&outcome=&page=`: a user name cut to 100 characters, an unknown outcome ignored,
    /// the page clamped before any arithmetic.
    init(_ parameters: Parameters) {
        user = String((parameters["user"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        outcome = parameters["outcome"].flatMap(ExportRecord.Outcome.init(rawValue:))
        let deepest = Self.countLimit / Self.perPage + 1
        page = parameters["page"].flatMap { Int($0.prefix(12)) }.map { min(max(1, $0), deepest) } ?? 1
    }

    var parameters: Parameters {
        var parameters = Parameters()
        if !user.isEmpty { parameters.append("user", user) }
        if let outcome { parameters.append("outcome", outcome.rawValue) }
        if page > 1 { parameters.append("page", String(page)) }
        return parameters
    }
}

struct ExportLogPage: Sendable {
    var query: ExportLogQuery
    var records: [ExportRecord]
    var total: CustomerTotal
    var page: Int
    var pageCount: Int
}

extension AppDatabase {
    /// The export log: one row per try, written once. The product never changes or deletes one;
    /// triggers refuse it, so a bug or a later feature cannot either.
    static func registerExportMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("exportLogKeptForGood") { db in
            try db.execute(
                sql: """
                    CREATE TABLE exports (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        user_name TEXT NOT NULL,
                        at TEXT NOT NULL,
                        fields TEXT NOT NULL,
                        query TEXT NOT NULL,
                        record_count INTEGER,
                        outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'rate_limited', 'refused')),
                        reason TEXT NOT NULL DEFAULT ''
                    );
                    CREATE INDEX exports_by_user ON exports(user_name, at);
                    CREATE INDEX exports_by_outcome ON exports(outcome, id);
                    CREATE TRIGGER exports_never_change BEFORE UPDATE ON exports BEGIN
                        SELECT RAISE(ABORT, 'the export log is never changed');
                    END;
                    CREATE TRIGGER exports_never_deleted BEFORE DELETE ON exports BEGIN
                        SELECT RAISE(ABORT, 'the export log is never deleted');
                    END;
                    """)
        }
    }
}
