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

    @Test func otherCommandsKeepSQLitesOwnCheckpoints() throws {
        let (folder, path) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.open(path: path, readers: 2)
        #expect(try database.writer.read { try Int.fetchOne($0, sql: "PRAGMA wal_autocheckpoint") } == 1_000)
    }
}
