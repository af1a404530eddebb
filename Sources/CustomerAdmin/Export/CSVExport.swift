enum CSVExport {
    static func response(_ request: Request, database: AppDatabase) throws -> Response { throw HTTPError.notFound }
}
