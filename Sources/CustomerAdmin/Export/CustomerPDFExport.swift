import Foundation
import GRDB
import Logging

/// `POST /customers/export` (seed 004): the customers the carried listing query matches, at most
/// 500, with the chosen fields only, in the listing's order, as a PDF report. Every try is written
/// to the export log in one transaction with the user's count for the minute; every failure,
/// before the form guard or after it, is the 404 page (nginx shows `www/404.html`) and a warning.
enum CustomerPDFExport {
    static func response(_ post: FormPost, app: App) throws -> Response {
        let database = app.database
        let filter = exportedFilter(post.fields)
        let names = post.fields.all("field")
        var record = ExportRecord(
            userName: post.staff.userName, at: post.now, fields: ExportRecord.kept(fields: names),
            query: filter.parameters.encoded, count: nil, outcome: .ok)
        var pdf: [UInt8] = []
        do {
            let fields = try ExportSelection.chosen(names, catalog: database.catalog, role: post.staff.role)
            guard filter.problems.isEmpty else {
                throw ExportProblem("the listing query has refused values: " + filter.problems.keys.sorted().joined(separator: ", "))
            }
            let customers = try read(filter, userName: post.staff.userName, now: post.now, database)
            record.count = customers.count
            pdf = try report(customers, fields: fields, filter: filter, catalog: database.catalog, staff: post.staff, now: post.now).pdf()
        } catch let problem as ExportProblem {
            record.outcome = .failed
            record.reason = problem.reason
            record.count = problem.count ?? record.count
        } catch {
            record.outcome = .failed
            record.reason = "internal error: \(error)"
        }
        let written = try database.recordExport(record)
        guard written.outcome == .ok else { throw ExportRefusal(record: written) }
        return Response(
            headers: [
                ("Content-Type", "application/pdf"),
                ("Content-Disposition", "attachment; filename=\"\(fileName(post.now))\""),
                ("Cache-Control", "no-store"),
            ],
            body: .bytes(pdf))
    }

    /// `customers-2026-11-30-140509.pdf`: the moment the report reflects, so two exports never share a name.
    static func fileName(_ now: Date) -> String {
        "customers-" + StoreDate.timestamp(now).replacingOccurrences(of: " ", with: "-").replacingOccurrences(of: ":", with: "") + ".pdf"
    }

    /// The listing query of a form or an address, without its paging: an export takes every match.
    static func exportedFilter(_ parameters: Parameters) -> CustomerFilter {
        var filter = CustomerFilter(parameters)
        filter.page = 1
        filter.perPage = CustomerFilter().perPage
        return filter
    }

    /// The matching customers, in one read transaction: the user's count for the minute first (the
    /// record's transaction decides; this spares the work of a try that will be refused), then at
    /// most one customer more than the limit, within ten listing budgets.
    private static func read(_ filter: CustomerFilter, userName: String, now: Date, _ database: AppDatabase) throws -> [Customer] {
        try database.reader.read { db in
            guard try AppDatabase.countedExports(userName: userName, before: now, db) < ExportLimits.perWindow else {
                throw ExportProblem("more than \(ExportLimits.perWindow) exports in a minute")
            }
            do {
                return try db.withTimeBudget(database.listingBudget * 10) {
                    let found = try CustomerQuery(filter, catalog: database.catalog, today: now)
                        .customers(db, offset: 0, limit: ExportLimits.records + 1)
                    guard found.count <= ExportLimits.records else {
                        throw ExportProblem("more than \(ExportLimits.records) customers match", count: found.count)
                    }
                    return found
                }
            } catch is OverTimeBudget {
                throw ExportProblem("the query took too long to read")
            }
        }
    }

    static func report(
        _ customers: [Customer], fields: [Field], filter: CustomerFilter, catalog: FieldCatalog, staff: Staff, now: Date
    ) -> PDFReport {
        let conditions = [section(filter.section)] + ListingPage.activeFilters(filter).map(\.0)
        let sort = filter.sort == .id ? catalog["customer_id"] : catalog.field(sortKey: filter.sort.rawValue)
        return PDFReport(
            title: "Customers",
            author: staff.userName,
            created: now,
            facts: [
                "Filter: " + conditions.joined(separator: "; "),
                "Sorted by \(sort?.label ?? "Customer ID"), \(filter.descending ? "descending" : "ascending")",
                "Exported by \(staff.userName) (\(staff.role.rawValue)); \(Format.count(customers.count)) customers",
                "Reflects the system as of \(StoreDate.timestamp(now)) UTC",
            ],
            columns: fields.map { PDFReport.Column($0.label, alignment: $0.type.isInteger ? .trailing : .leading) },
            rows: customers.map { customer in fields.map { customer.shown($0) } })
    }

    private static func section(_ section: CustomerFilter.Section) -> String {
        switch section {
        case .all: "all customers"
        case .pre: "pre-customers"
        case .customers: "customers"
        }
    }
}

/// An export try that failed after it was written to the export log.
struct ExportRefusal: Error {
    var record: ExportRecord
}

extension CustomerPDFExport {
    /// The one answer to every failure of the export, whatever stopped it (the guard, the role, the
    /// fields, the limits, the store): logged as a warning with the user, query, fields and count,
    /// written to the export log where it was not yet, and answered with status 404, which nginx
    /// replaces by `www/404.html` at the same address. Never a redirect.
    static func refused(_ request: Request, _ error: any Error, app: App) -> Response {
        let record = (error as? ExportRefusal)?.record ?? refusedBeforeTheGuardLetItThrough(request, error, app: app)
        app.logger.warning(
            "export refused",
            metadata: [
                "user": "\(record.userName)", "query": "\(record.query)",
                "fields": "\(record.fields.joined(separator: ","))", "count": "\(record.count.map(String.init) ?? "-")",
                "outcome": "\(record.outcome.rawValue)", "reason": "\(record.reason)",
            ])
        return ErrorPage.response(
            HTTPError(404, "The export could not be produced. Refresh the page, check your network connection, try again with fewer fields selected, and contact support if it persists."),
            staff: nil)
    }

    /// The record of a try stopped before the handler ran, written as `refused` (it does not count
    /// against the user's minute). The body is read again only to say what was asked for.
    private static func refusedBeforeTheGuardLetItThrough(_ request: Request, _ error: any Error, app: App) -> ExportRecord {
        let form = request.bodyOverLimit == nil ? (try? FormBody(request))?.fields : nil
        let reason = (error as? HTTPError).map { "\($0.status): \($0.message)" } ?? "internal error: \(error)"
        let record = ExportRecord(
            userName: request.remoteUser ?? app.devUser ?? "", at: app.clock(),
            fields: ExportRecord.kept(fields: form?.all("field") ?? []),
            query: form.map { exportedFilter($0).parameters.encoded } ?? "", count: nil, outcome: .refused, reason: reason)
        // A store that fails here failed the export too; the warning still says what happened.
        if !record.userName.isEmpty { _ = try? app.database.recordExport(record) }
        return record
    }
}
