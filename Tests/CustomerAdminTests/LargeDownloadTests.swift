import Foundation
import Testing
@testable import CustomerAdmin

/// Large downloads take turns (issue 8, point 4): a burst of big exports must not take every worker
/// thread. Here a download of more than 10 rows is large and one is written at a time.
@Suite struct LargeDownloadTests {
    let app: App
    let downloads = LargeDownloads(capacity: 1, largeRows: 10)

    init() throws {
        let database = try AppDatabase.inMemory()
        try database.setStaff(Staff(userName: "alice", role: .viewer))
        try database.addDemoCustomers(30, now: Date())
        app = App(database: database, largeDownloads: downloads)
    }

    private func get(_ target: String, method: String = "GET") -> Response {
        app.handle(Request(method, target, user: "alice"))
    }

    @Test func aSecondLargeDownloadWhileOneIsBeingWrittenGetsA429PageThatSaysWhenToComeBack() throws {
        let first = get("/customers.csv")
        #expect(first.status == 200)
        #expect(downloads.inUse == 1)

        for target in ["/customers.csv", "/customers.xlsx", "/customers.csv?sort=id&dir=desc"] {
            let refused = get(target)
            #expect(refused.status == 429, "\(target)")
            #expect(refused.header("Retry-After") == "5")
            let page = try refused.bodyText()
            #expect(page.contains("1 large download is being written right now"))
            #expect(page.contains("narrow the list to 10 customers or fewer"))
        }
        // The held download is still whole: every customer and the header.
        #expect(try first.bodyText().split(separator: "\r\n").count == 31)
    }

    @Test func aSmallDownloadNeedsNoTurn() throws {
        let held = get("/customers.csv")
        #expect(downloads.inUse == 1)
        let small = get("/customers.csv?id_to=CUST0000005")
        #expect(small.status == 200)
        #expect(try small.bodyText().split(separator: "\r\n").count == 6)
        let smallSheet = get("/customers.xlsx?id_to=CUST0000010")
        #expect(smallSheet.status == 200)
        #expect(held.status == 200)
    }

    @Test func theTurnComesBackWhenTheDownloadIsDoneOrNeverSent() throws {
        var first: Response? = get("/customers.csv")
        _ = try first?.collectBody()
        first = nil
        #expect(downloads.inUse == 0)
        #expect(get("/customers.xlsx").status == 200)
        #expect(downloads.inUse == 0, "a response dropped unsent gives its turn back")
        #expect(get("/customers.csv", method: "HEAD").status == 200)
        #expect(downloads.inUse == 0, "a HEAD sends no body and keeps no turn")
        #expect(get("/customers.csv").status == 200)
    }

    @Test func theDefaultIsAQuarterOfTheThreadsAndAtLeastOne() {
        #expect(LargeDownloads.capacity(forThreads: 8) == 2)
        #expect(LargeDownloads.capacity(forThreads: 2) == 1)
        #expect(LargeDownloads.capacity(forThreads: 32) == 8)
    }
}
