import Crypto

/// Where photos and evidence images live, named by the SHA-256 of their bytes: a folder
/// (`FileBlobStore`, which several machines may share) or the PostgreSQL database
/// (`PostgresBlobStore`, for deployments without a shared file system). Writes are atomic and
/// idempotent: the same bytes twice are one blob.
public protocol BlobStore: Sendable {
    /// Stores `bytes` and returns their digest.
    @discardableResult
    func put(_ bytes: [UInt8]) async throws(StoreError) -> String
    /// The blob's bytes (`notFound` when there is none).
    func get(_ digest: String) async throws(StoreError) -> [UInt8]
    func contains(_ digest: String) async throws(StoreError) -> Bool
    /// Deletes a blob; one already gone is fine.
    func remove(_ digest: String) async throws(StoreError)
    /// A file holding the blob, when this store keeps files, so decoders can read it in chunks.
    func localPath(of digest: String) -> String?
    /// Fails (`unavailable`, saying why) when a new blob could not be written now: health asks this.
    func checkWritable() async throws(StoreError)
}

extension BlobStore {
    /// Blobs kept in the database are as writable as the database, which health checks on its own.
    public func checkWritable() async throws(StoreError) {}
}

/// Content addresses.
public enum ContentDigest {
    /// Lower-case hex SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).hexDigits
    }
}

extension Sequence<UInt8> {
    /// The bytes as lower-case hex, two digits each.
    package var hexDigits: String {
        map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
