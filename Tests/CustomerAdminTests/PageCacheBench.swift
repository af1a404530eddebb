import Foundation
import Testing
@testable import CustomerAdmin

/// What a repeated listing costs in process: `App.handle` of one URL in a loop on a 5,000-customer
/// store on disk. Only with `PAGE_BENCH=1` (it prints a number, it asserts only that pages are kept).
@Suite struct PageCacheBench {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PAGE_BENCH"] == "1"))
    func repeatedListingCostsACacheCheck() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.open(path: folder.appendingPathComponent("customers.sqlite").path)
        try database.addDemoCustomers(5_000) { _ in }
        try database.setStaff(Staff(userName: "vera", role: .viewer))
        let app = App(database: database)
        for target in ["/customers", "/customers?q=ali&sort=name"] {
            let request = Request("GET", target, user: "vera")
            #expect(app.handle(request).status == 200)
            let rounds = 2_000
            let started = ContinuousClock.now
            for _ in 0..<rounds { _ = app.handle(request) }
            let elapsed = ContinuousClock.now - started
            let micros = Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12
            print("PAGE_BENCH \(target): \(String(format: "%.1f", micros / Double(rounds))) µs per request")
        }
    }
}
