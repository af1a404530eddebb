import ArgumentParser
import CustomerAdmin
import Foundation

/// The lifecycle's time-based moves, meant to run daily (nginx/customer-admin-maintain.timer) while
/// the responder serves: it writes in batches, so a request's write waits at most one batch.
struct MaintainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintain",
        abstract: "Apply the lifecycle's automatic moves (run it daily).",
        discussion: """
            Newbie → Prospect when the minimum data is complete; Prospect → Customer with a first issued \
            policy or active credit; Customer → Dormant after --dormancy-days without activity (automatic \
            postings such as interest or fees do not count); Dormant → Customer on new activity. Each move \
            is audited as the user "system" with its rule as the reason.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Days without activity after which a Customer becomes Dormant.", valueName: "days"))
    var dormancyDays = 365

    @Option(help: ArgumentHelp("Apply the rules as on this day (YYYY-MM-DD) instead of today.", valueName: "day"))
    var asOf: String?

    func validate() throws {
        if !(1...36_500).contains(dormancyDays) { throw ValidationError("--dormancy-days must be 1 to 36500.") }
        if let asOf, StoreDate.parseDay(asOf) == nil { throw ValidationError("--as-of needs a day such as 2026-11-30; got \(asOf).") }
    }

    func run() throws {
        let database = try store.open()
        let now = asOf.flatMap(StoreDate.parseDay) ?? Date()
        let started = Date()
        let moved = try LifecycleSweep(dormancyDays: dormancyDays).run(database, now: now)
        for (from, to, count) in moved.counts {
            print("\(from.label) → \(to.label): \(count)")
        }
        print(String(format: "done in %.1f s", Date().timeIntervalSince(started)))
    }
}
