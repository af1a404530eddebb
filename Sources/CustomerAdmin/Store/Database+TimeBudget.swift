import Dispatch
import GRDB

#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif

/// A read stopped because it used up its time budget: the list asked for is too broad to read in
/// time (a fragment that matches everyone sorted by a column without an index, a deep page).
public struct OverTimeBudget: Error, Sendable {}

extension Database {
    /// Runs `body` with SQLite's progress handler watching the clock: past `budget`, the statement
    /// running is interrupted and `OverTimeBudget` is thrown, so an expensive list costs at most
    /// the budget and the thread goes on to the next request. Listing reads only: a download is
    /// long on purpose.
    func withTimeBudget<T>(_ budget: Duration, _ body: () throws -> T) throws -> T {
        let (seconds, attoseconds) = budget.components
        let nanoseconds = UInt64(clamping: seconds) &* 1_000_000_000 &+ UInt64(clamping: attoseconds / 1_000_000_000)
        // The deadline rides in the context pointer itself, so nothing is allocated or freed.
        let deadline = max(1, DispatchTime.now().uptimeNanoseconds &+ nanoseconds)
        sqlite3_progress_handler(sqliteConnection, Self.progressPeriod, { context in
            DispatchTime.now().uptimeNanoseconds >= UInt64(UInt(bitPattern: context)) ? 1 : 0
        }, UnsafeMutableRawPointer(bitPattern: UInt(deadline)))
        defer { sqlite3_progress_handler(sqliteConnection, 0, nil, nil) }
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT {
            throw OverTimeBudget()
        }
    }

    /// Virtual machine steps between two looks at the clock: about 10 µs of work, so the clock
    /// costs well under 1% and a budget is kept to within a fraction of a millisecond.
    private static let progressPeriod: Int32 = 1_000
}
