import Foundation
import GRDB
import Testing
@testable import CustomerAdmin

/// The responder's store checkpoints on a thread of its own: no commit copies the WAL into the store
/// (the writer's automatic checkpoint is off), yet what was written reaches the store file within a
/// moment, and the store reads back whole.
@Suite struct BackgroundCheckpointTests {
    private func temporaryStore() throws -> (folder: URL, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoints-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder, folder.appendingPathComponent("store.sqlite").path)
    }

    private func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    @Test func commitsDoNotCheckpointButTheThreadDoes() throws {
        let (folder, path) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.open(path: path, readers: 2, checkpointsInBackground: true)
        #expect(try database.writer.read { try Int.fetchOne($0, sql: "PRAGMA wal_autocheckpoint") } == 0)
        let before = fileSize(path)
        // About 2,000 pages of WAL: past the 1,000 at which a commit would checkpoint by itself.
        try database.addDemoCustomers(3_000)
        var waited = 0.0
        while fileSize(path) < before + 2_000_000 && waited < 5 {
            Thread.sleep(forTimeInterval: 0.1)
            waited += 0.1
        }
        #expect(fileSize(path) >= before + 2_000_000, "the store file grew from \(before) to \(fileSize(path)) bytes")
        #expect(try database.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM customers") } == 3_000)
        #expect(try database.writer.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
    }

    /// Under writes that never pause, beside a reader that never pauses, the WAL is rewound
    /// (RESTART) instead of growing by every commit: 2,000 commits of a 4 KB row would leave about
    /// 8 MB of WAL behind; with a rewind past 50 frames it stays a fraction of that.
    @Test func theWALStartsOverWhileWritesAndReadsKeepComing() throws {
        let (folder, path) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)  // as the responder's: a writer waits out a RESTART
        configuration.prepareDatabase { try $0.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.write { try $0.execute(sql: "CREATE TABLE pages(body BLOB)") }
        let checkpoints = try BackgroundCheckpoints(path: path, interval: 0.01, restartFrames: 50)
        defer { checkpoints.stop() }
        let reading = NSCondition()
        nonisolated(unsafe) var writing = true
        let reader = Thread {
            while reading.withLock({ writing }) {
                _ = try? pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM pages") }
            }
        }
        reader.start()
        for _ in 0..<2_000 {
            try pool.write { try $0.execute(sql: "INSERT INTO pages VALUES (zeroblob(4000))") }
            usleep(300)
        }
        reading.withLock { writing = false }
        #expect(fileSize(path + "-wal") < 3_000_000, "the WAL grew to \(fileSize(path + "-wal")) bytes")
        #expect(try pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM pages") } == 2_000)
    }

    @Test func otherCommandsKeepSQLitesOwnCheckpoints() throws {
        let (folder, path) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.open(path: path, readers: 2)
        #expect(try database.writer.read { try Int.fetchOne($0, sql: "PRAGMA wal_autocheckpoint") } == 1_000)
    }
}
