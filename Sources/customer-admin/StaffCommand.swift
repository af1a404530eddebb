import ArgumentParser
import CustomerAdmin
import Foundation

/// Who may use the app and with which role; the name is the one nginx passes as `REMOTE_USER`.
struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Add, remove or list staff members and their roles.",
        discussion: "Signing in is nginx's business (its htpasswd file); this gives logins a role, as the Staff page does.",
        subcommands: [Add.self, Remove.self, Disable.self, Enable.self, List.self])

    /// Gives a staff member a role, adding them if new.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a staff member, or change their role.")

        @Argument(help: "The user name nginx passes as REMOTE_USER.")
        var name: String

        @Option(help: "What they may do; each role includes the ones before it.")
        var role: Role

        @Option(help: "Their e-mail address, for mail to staff.")
        var email: String?

        @OptionGroup var store: StoreOptions

        func validate() throws {
            if let problem = StaffCommand.problem(withName: name) { throw ValidationError(problem) }
        }

        func run() throws {
            let database = try store.open()
            let previous = try database.staff(userName: name)
            try database.setStaff(Staff(userName: name, role: role))
            if let email { try StaffCommand.change(name, StaffChange(email: email), in: database) }
            print(previous.map { "\(name): \(role.rawValue) (was \($0.role.rawValue))" } ?? "\(name): added as \(role.rawValue)")
        }
    }

    /// Takes a staff member's access away.
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a staff member.")

        @Argument(help: "The user name to remove.")
        var name: String

        @OptionGroup var store: StoreOptions

        func run() throws {
            guard try store.open().removeStaff(userName: name) else { throw CommandFailure("no staff member named \(name)") }
            print("\(name): removed")
        }
    }

    /// Keeps a login out while nginx still lets it in.
    struct Disable: AccessChange {
        static let configuration = CommandConfiguration(abstract: "Disable a login: it is refused even when nginx lets it in.")
        static let disables = true

        @Argument(help: "The user name to disable.")
        var name: String

        @OptionGroup var store: StoreOptions
    }

    struct Enable: AccessChange {
        static let configuration = CommandConfiguration(abstract: "Let a disabled login sign in again.")
        static let disables = false

        @Argument(help: "The user name to enable.")
        var name: String

        @OptionGroup var store: StoreOptions
    }

    static func change(_ name: String, _ change: StaffChange, in database: AppDatabase) throws {
        do {
            try database.changeStaff(name, change)
        } catch let refused as StaffChangeRefused {
            throw CommandFailure(refused.message)
        }
    }

    /// Prints every staff member and their role.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List staff members and their roles.")

        @OptionGroup var store: StoreOptions

        func run() throws {
            let staff = try store.open().staffRecords()
            let width = staff.map(\.staff.userName.count).max() ?? 0
            for record in staff {
                let columns = [
                    record.staff.userName.padding(toLength: width, withPad: " ", startingAt: 0),
                    record.staff.role.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0),
                    record.isDisabled ? "disabled" : "active  ",
                    "last seen " + (record.lastSeen.isEmpty ? "never" : record.lastSeen.prefix(16) + " UTC"),
                    record.email,
                ]
                print(columns.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
            }
            if staff.isEmpty { print("no staff members yet; add one with: customer-admin staff add NAME --role admin") }
        }
    }

    /// Why a user name cannot be used, or nil: it must match `REMOTE_USER` exactly and print on one line.
    static func problem(withName name: String) -> String? {
        if name.isEmpty { return "The name cannot be empty." }
        if name.count > 64 { return "The name can have at most 64 characters." }
        if name.unicodeScalars.contains(where: { CharacterSet.whitespacesAndNewlines.union(.controlCharacters).contains($0) }) {
            return "The name cannot contain spaces or control characters."
        }
        return nil
    }
}

extension Role: ExpressibleByArgument {}

/// Disabling and enabling a login: the same change, either way.
protocol AccessChange: ParsableCommand {
    static var disables: Bool { get }
    var name: String { get }
    var store: StoreOptions { get }
}

extension AccessChange {
    func run() throws {
        try StaffCommand.change(name, StaffChange(disabled: Self.disables), in: try store.open())
        print("\(name): \(Self.disables ? "disabled" : "may sign in")")
    }
}
