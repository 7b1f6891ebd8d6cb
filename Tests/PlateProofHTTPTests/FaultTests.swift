import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PlateProofStore
import Testing

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
