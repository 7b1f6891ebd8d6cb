public import PlateProofStore
import PostgresNIO

/// Blobs kept in the PostgreSQL database, for deployments whose machines share no file system.
public struct PostgresBlobStore: BlobStore {
    let store: PostgresStore

    public init(store: PostgresStore) { self.store = store }

    @discardableResult
    public func put(_ bytes: [UInt8]) async throws(StoreError) -> String {
        let digest = ContentDigest.sha256(bytes)
        let buffer = ByteBuffer(bytes: bytes)
        try await store.transaction { db in
            try await db.run("INSERT INTO blobs (digest, bytes) VALUES (\(digest), \(buffer)) ON CONFLICT (digest) DO NOTHING")
        }
        return digest
    }

    public func get(_ digest: String) async throws(StoreError) -> [UInt8] {
        let buffer = try await store.transaction { db in
            try await db.value(ByteBuffer.self, "SELECT bytes FROM blobs WHERE digest = \(digest)")
        }
        guard let buffer else { throw StoreError(.notFound, "no blob \(digest)") }
        return Array(buffer: buffer)
    }

    public func contains(_ digest: String) async throws(StoreError) -> Bool {
        try await store.transaction { db in try await db.value(Int64.self, "SELECT COUNT(*) FROM blobs WHERE digest = \(digest)") ?? 0 > 0 }
    }

    public func remove(_ digest: String) async throws(StoreError) {
        try await store.transaction { db in try await db.run("DELETE FROM blobs WHERE digest = \(digest)") }
    }

    public func localPath(of digest: String) -> String? { nil }
}
