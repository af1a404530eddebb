import Foundation
import GRDB

/// A login as the Staff page and `customer-admin staff list` show it. Passwords are nginx's business
/// (its htpasswd file or single sign-on); the store keeps who has which role.
public struct StaffRecord: Sendable, Equatable {
    public var staff: Staff
    /// For mail to staff; '' when not given.
    public var email: String
    /// When the login last opened a page, to the hour; '' when never.
    public var lastSeen: String
    /// When an admin disabled the login; '' while it may sign in.
    public var disabledAt: String

    public var isDisabled: Bool { !disabledAt.isEmpty }
}

/// A change an admin makes to a login; nil leaves that part as it is.
public struct StaffChange: Sendable {
    public var role: Role?
    public var email: String?
    public var disabled: Bool?

    public init(role: Role? = nil, email: String? = nil, disabled: Bool? = nil) {
        self.role = role
        self.email = email
        self.disabled = disabled
    }
}

/// Why a staff change was not made, in a sentence.
public struct StaffChangeRefused: Error, Sendable, Equatable {
    public var message: String
}

extension AppDatabase {
    static func registerStaffMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("staffEmailLastSeenAndDisabled") { db in
            try db.execute(
                sql: """
                    ALTER TABLE staff ADD COLUMN email TEXT NOT NULL DEFAULT '';
                    ALTER TABLE staff ADD COLUMN last_seen_at TEXT NOT NULL DEFAULT '';
                    ALTER TABLE staff ADD COLUMN disabled_at TEXT NOT NULL DEFAULT '';
                    """)
        }
    }

    /// Every login, by name.
    public func staffRecords() throws -> [StaffRecord] {
        try reader.read(Self.staffRecords)
    }

    static func staffRecords(_ db: Database) throws -> [StaffRecord] {
        try Row.fetchAll(db, sql: "SELECT user_name, role, email, last_seen_at, disabled_at FROM staff ORDER BY user_name")
            .compactMap(staffRecord)
    }

    private static func staffRecord(_ row: Row) -> StaffRecord? {
        Role(rawValue: row["role"]).map {
            StaffRecord(
                staff: Staff(userName: row["user_name"], role: $0), email: row["email"], lastSeen: row["last_seen_at"],
                disabledAt: row["disabled_at"])
        }
    }

    /// Applies `change` to the login `userName`; refuses to leave the store without an active admin
    /// (who alone can give roles back) where it had one.
    public func changeStaff(_ userName: String, _ change: StaffChange, now: Date = Date()) throws {
        try writer.write { db in try Self.changeStaff(userName, change, now: now, db) }
    }

    static func changeStaff(_ userName: String, _ change: StaffChange, now: Date, _ db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM staff WHERE user_name = ?", arguments: [userName]) == true else {
            throw StaffChangeRefused(message: "There is no login “\(userName)”.")
        }
        let activeAdmins = "SELECT count(*) FROM staff WHERE role = 'admin' AND disabled_at = ''"
        let adminsBefore = try Int.fetchOne(db, sql: activeAdmins) ?? 0
        if let role = change.role {
            try db.execute(sql: "UPDATE staff SET role = ? WHERE user_name = ?", arguments: [role.rawValue, userName])
        }
        if let email = change.email {
            try db.execute(sql: "UPDATE staff SET email = ? WHERE user_name = ?", arguments: [email, userName])
        }
        if let disabled = change.disabled {
            try db.execute(
                sql: "UPDATE staff SET disabled_at = ? WHERE user_name = ?",
                arguments: [disabled ? StoreDate.timestamp(now) : "", userName])
        }
        if adminsBefore > 0, try Int.fetchOne(db, sql: activeAdmins) == 0 {
            throw StaffChangeRefused(message: "That would leave no active admin, and only an admin can give roles. Make another login an admin first.")
        }
    }

    /// Notes that `userName` opened a page, at most once an hour per login: a write per request would
    /// cost every request a transaction and end every kept page.
    func noteSeen(_ member: StaffMember, now: Date) throws {
        let hour = String(StoreDate.timestamp(now).prefix(13)) + ":00:00"
        guard member.lastSeen < hour else { return }
        try writer.write { db in
            try db.execute(
                sql: "UPDATE staff SET last_seen_at = ? WHERE user_name = ? AND last_seen_at < ?",
                arguments: [hour, member.staff.userName, hour])
        }
    }

    /// Adds a login nginx let in but the store did not know, with `role` (`serve --default-role`).
    func admit(_ userName: String, as role: Role, now: Date) throws {
        try writer.write { db in try Self.admit(userName, as: role, now: now, db) }
    }

    /// Adds the login with `role`, unless the store has it: a login already there keeps its role.
    static func admit(_ userName: String, as role: Role, now: Date, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO staff(user_name, role, created_at) VALUES (?, ?, ?) ON CONFLICT(user_name) DO NOTHING",
            arguments: [userName, role.rawValue, StoreDate.timestamp(now)])
    }
}
