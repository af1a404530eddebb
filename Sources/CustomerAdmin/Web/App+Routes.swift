/// The URL contract of DESIGN.md, in one place.
extension App {
    func route(_ request: Request) throws -> Response {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if segments == ["healthz"] { return health() }
        guard request.method == "GET" || request.method == "HEAD" else {
            _ = try signedIn(request)
            throw HTTPError(405, "This address does not accept \(request.method) requests.")
        }
        let staff = try signedIn(request)
        switch segments {
        case []: return .redirect(to: "/customers")
        case ["customers"]: return try ListingPage.response(request, staff: staff, database: database)
        case ["customers.csv"]: return try CSVExport.response(request, database: database)
        case ["customers.xlsx"]: return try XLSXExport.response(request, database: database)
        case let path where path.count == 2 && path[0] == "customers":
            return try ProfilePage.response(id: path[1], staff: staff, database: database)
        case let path where path.count == 3 && path[0] == "customers" && ProductTab(rawValue: path[2]) != nil:
            return try ProductTabPage.response(id: path[1], tab: ProductTab(rawValue: path[2])!, request, staff: staff, database: database)
        case let path where path.count == 2 && path[0] == "policies":
            return try PolicyPage.response(number: path[1], staff: staff, database: database)
        case let path where path.count == 2 && path[0] == "credits":
            return try CreditPage.response(number: path[1], staff: staff, database: database)
        default: throw HTTPError.notFound
        }
    }

    private func health() -> Response {
        database.isHealthy() ? .text("ok\n") : .text("store not answering\n", status: 503)
    }
}
