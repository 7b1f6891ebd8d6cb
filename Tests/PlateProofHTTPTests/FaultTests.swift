import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PlateProofDomain
import PlateProofStore
import Testing

@testable import PlateProofHTTP
@testable import PlateProofStoreSQLite

/// The service's own faults are answered as what they are: 503 with Retry-After, and a health
/// check that names what failed, never a 500 or a cheerful 200.
@Suite("Storage faults")
struct FaultTests {
    @Test("a read-only database: uploads answer 503 unavailable with Retry-After, and health says why")
    func readOnlyDatabase() async throws {
        let harness = try await HTTPTestHarness()
        // From here on the database's writer connection refuses every write, as a read-only file does.
        try await harness.store.pool.write { db in try db.execute(sql: "PRAGMA query_only = 1") }
        try await harness.test { client in
            let upload = try await client.upload(try HTTPTestHarness.photo("synthetic-clean.jpg"), account: "alice", key: harness.uploader)
            #expect(upload.status == .serviceUnavailable)
            #expect(try upload.json()["code"] as? String == "unavailable")
            #expect(upload.headers[.retryAfter] != nil)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .serviceUnavailable)
            let body = try health.json()
            #expect(body["status"] as? String == "degraded" && body["blobs"] as? String == "ok")
            #expect((body["database"] as? String)?.contains("read-only") == true, "\(body)")
        }
    }

    @Test("a full database: uploads answer 503 unavailable with Retry-After, saying the disk is full; nothing half stored")
    func fullDatabase() async throws {
        let harness = try await HTTPTestHarness()
        // The database may grow no more: its next page is refused as on a full disk (SQLITE_FULL).
        try await harness.store.pool.write { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 1
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages)")
        }
        try await harness.test { client in
            var answers: [HTTPResponse.Status] = []
            for index in 0..<400 {  // the last free bytes of the file's pages (and its free pages) fill first
                let photo = try HTTPTestHarness.photo("synthetic-clean.jpg") + Array("copy \(index)".utf8)
                let upload = try await client.upload(photo, account: "alice", key: harness.uploader)
                answers.append(upload.status)
                if upload.status == .serviceUnavailable {
                    #expect(try upload.json()["code"] as? String == "unavailable")
                    #expect((try upload.json()["message"] as? String)?.contains("full") == true)
                    #expect(upload.headers[.retryAfter] != nil)
                    break
                }
            }
            #expect(answers.last == .serviceUnavailable, "the full database never refused: \(answers)")
            #expect(answers.allSatisfy { $0 == .accepted || $0 == .serviceUnavailable }, "\(answers)")
            // Every claim answered 202 is stored; the refused one left no claim behind.
            #expect(try await harness.store.allClaims().count == answers.filter { $0 == .accepted }.count)
        }
    }

    @Test("a full disk under the blob folder: uploads answer 503 unavailable, nothing is written, health names the blobs")
    func fullBlobDisk() async throws {
        var configured = try await HTTPTestHarness()
        // However much is free, this store keeps more in reserve: the disk is full to it.
        let full = try FileBlobStore(root: configured.blobs.root + "-full", reserveBytes: 1 << 60)
        configured.dependencies = ServiceDependencies(
            store: configured.store,
            blobs: full,
            catalogue: .standard,
            now: { HTTPTestHarness.now }
        )
        let harness = configured
        try await harness.test { client in
            let upload = try await client.upload(try HTTPTestHarness.photo("synthetic-clean.jpg"), account: "alice", key: harness.uploader)
            #expect(upload.status == .serviceUnavailable)
            #expect((try upload.json()["message"] as? String)?.contains("full") == true)
            #expect(upload.headers[.retryAfter] != nil)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .serviceUnavailable)
            #expect((try health.json()["blobs"] as? String)?.contains("full") == true)
        }
        #expect(try await harness.store.allClaims().isEmpty)
        let written = try FileManager.default.subpathsOfDirectory(atPath: full.root)
        #expect(written.isEmpty, "\(written)")
    }

    @Test("a blob folder that cannot be written: health is degraded and names the blobs")
    func unwritableBlobs() async throws {
        let harness = try await HTTPTestHarness()
        try FileManager.default.removeItem(atPath: harness.blobs.root)
        #expect(FileManager.default.createFile(atPath: harness.blobs.root, contents: Data()))
        try await harness.test { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .serviceUnavailable)
            let body = try health.json()
            #expect(body["database"] as? String == "ok" && (body["blobs"] as? String)?.contains("cannot be written") == true, "\(body)")
        }
    }
}

@Suite("Memory for uploads in flight")
struct UploadBudgetTests {
    @Test("an upload that does not fit beside those being read is 503 busy with Retry-After; alone, any upload fits")
    func budget() async throws {
        var configured = try await HTTPTestHarness()
        configured.dependencies.uploadMemoryBytes = 50_000
        let harness = configured
        let photo = try HTTPTestHarness.photo("synthetic-clean.jpg")  // 12 KB, held twice while read
        let budget = harness.dependencies.uploadBudget
        #expect(budget.reserve(40_000))  // another upload being read
        try await harness.test { client in
            let refused = try await client.upload(photo, account: "alice", key: harness.uploader)
            #expect(refused.status == .serviceUnavailable)
            #expect(try refused.json()["code"] as? String == "busy")
            #expect(refused.headers[.retryAfter] == "1")
        }
        budget.release(40_000)
        var tiny = harness
        tiny.dependencies.uploadMemoryBytes = 1_000  // less than one photo: it still fits when alone
        let alone = tiny
        try await alone.test { client in
            let accepted = try await client.upload(photo, account: "alice", key: alone.uploader)
            #expect(accepted.status == .accepted)
        }
        try await harness.test { client in
            let accepted = try await client.upload(photo, account: "bob", key: harness.uploader)
            #expect(accepted.status == .accepted)
        }
    }
}
