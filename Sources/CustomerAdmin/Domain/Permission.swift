/// What staff do, and the least role that may do each (DESIGN.md: viewers read and export; officers
/// create, edit, add notes and files and request credits; managers move customers through their
/// lifecycle, keep the red and black lists and see the exports; admins keep staff and directories).
/// The one table of who may do what: the route table asks it for every address, and pages ask it
/// before they show a button.
public enum Permission: String, Sendable, CaseIterable {
    case read
    case download
    case export
    case choosePreferences = "choose_preferences"
    case createCustomer = "create_customer"
    case editCustomer = "edit_customer"
    case addNote = "add_note"
    case addFile = "add_file"
    case requestCredit = "request_credit"
    case changeStatus = "change_status"
    case keepFlagLists = "keep_flag_lists"
    case deactivate
    case seeExports = "see_exports"
    case reopen
    case manageStaff = "manage_staff"
    case manageDirectories = "manage_directories"

    public var least: Role {
        switch self {
        case .read, .download, .export, .choosePreferences: .viewer
        case .createCustomer, .editCustomer, .addNote, .addFile, .requestCredit: .officer
        case .changeStatus, .keepFlagLists, .deactivate, .seeExports: .manager
        case .reopen, .manageStaff, .manageDirectories: .admin
        }
    }

    /// "add notes", for a 403 page that says what was refused.
    public var phrase: String {
        switch self {
        case .read: "read customer records"
        case .download: "download lists"
        case .export: "export customer data"
        case .choosePreferences: "choose list settings"
        case .createCustomer: "create customers"
        case .editCustomer: "edit customers"
        case .addNote: "add notes"
        case .addFile: "add files"
        case .requestCredit: "request credits"
        case .changeStatus: "change a customer's status"
        case .keepFlagLists: "keep the red and black lists"
        case .deactivate: "deactivate customers"
        case .seeExports: "see the export records"
        case .reopen: "reopen closed customers"
        case .manageStaff: "manage staff and roles"
        case .manageDirectories: "maintain the directories"
        }
    }
}

extension Role {
    public func may(_ permission: Permission) -> Bool { self >= permission.least }
}
