/// `GET /customers`: placeholder until the query builder lands (same session).
enum ListingPage {
    static func response(_ request: Request, staff: Staff, database: AppDatabase) throws -> Response {
        .html(Layout.page(title: "Customers", staff: staff, content: "<h1>Customers</h1>"))
    }
}
