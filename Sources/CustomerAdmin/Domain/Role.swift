/// What a signed-in staff member may do; each role includes the ones before it.
public enum Role: String, Sendable, CaseIterable, Comparable {
    case viewer, officer, manager, admin

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The person behind a request: nginx's `REMOTE_USER` mapped through the staff table.
public struct Staff: Sendable, Equatable {
    public var userName: String
    public var role: Role

    public init(userName: String, role: Role) {
        self.userName = userName
        self.role = role
    }
}
