import Foundation
import GRDB
import Testing
@testable import CustomerAdmin

/// In-process costs of the listing and the CSV download on a store on disk, for comparing builds:
/// runs only when `CUSTOMER_ADMIN_BENCH_STORE` names a seeded store (`swift test -c release --filter
/// InProcessBenchmark`). Prints wall and CPU time (the CPU time holds on a busy machine), asserts
/// only that the answers are whole.
@Suite struct InProcessBenchmark {
    static let store = ProcessInfo.processInfo.environment["CUSTOMER_ADMIN_BENCH_STORE"]

    @Test(.enabled(if: store != nil)) func listingPageAndCSV() throws {
        // `CUSTOMER_ADMIN_BENCH_COLUMNS=ten`: the All section's ten columns of before the catalog, to compare like with like.
        let catalog = ProcessInfo.processInfo.environment["CUSTOMER_ADMIN_BENCH_COLUMNS"] == "ten"
            ? FieldCatalog(fields: FieldCatalog.standard.fields, tabs: FieldCatalog.standard.tabs, listing: ListingColumns(sections: [
                .all: Array(FieldCatalog.standard.listing.names(for: .all).prefix(10))]))
            : FieldCatalog.standard
        let database = try AppDatabase(DatabasePool(path: Self.store!), catalog: catalog)
        try database.setStaff(Staff(userName: "bench", role: .viewer))
        let app = App(database: database)
        // Pages 1–500 in turn: each is read afresh (the thread keeps only the last 16).
        let pages = 2_000
        var started = (Date(), Self.cpuSeconds())
        for index in 0..<pages {
            let response = app.handle(Request("GET", "/customers?page=\(index % 500 + 1)", user: "bench"))
            #expect(response.status == 200)
            _ = try response.bodyText()
        }
        let perPage = (Date().timeIntervalSince(started.0) / Double(pages) * 1e6, (Self.cpuSeconds() - started.1) / Double(pages) * 1e6)
        started = (Date(), Self.cpuSeconds())
        let csv = app.handle(Request("GET", "/customers.csv", user: "bench"))
        let bytes = try csv.collectBody()
        let seconds = (Date().timeIntervalSince(started.0), Self.cpuSeconds() - started.1)
        let rows = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } - 1
        print(String(format: "BENCH listing page read+render: %.0f µs wall, %.0f µs CPU; CSV %d rows: %.0f rows/s wall, %.0f rows/s CPU, %d bytes",
                     perPage.0, perPage.1, rows, Double(rows) / seconds.0, Double(rows) / seconds.1, bytes.count))
    }

    private static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
