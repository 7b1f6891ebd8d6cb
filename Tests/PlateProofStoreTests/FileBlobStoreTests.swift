import Foundation
import GRDB
import PlateProofStore
import Testing

@testable import PlateProofStoreSQLite

@Suite("Blobs in a folder")
struct FileBlobStoreTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-blobs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("a blob is stored whole under its digest, once, with no temporary file left beside it")
    func storesWhole() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let blobs = try FileBlobStore(root: root)
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let digest = try blobs.put(bytes)
        #expect(try blobs.put(bytes) == digest)
        #expect(try blobs.get(digest) == bytes)
        let files = try FileManager.default.subpathsOfDirectory(atPath: root)
        #expect(files.filter { $0.hasSuffix(digest) }.count == 1)
        #expect(!files.contains { $0.hasSuffix(".partial") })
    }

    @Test("a blob that cannot be written is unavailable (the caller retries), and nothing is left half written")
    func unwritable() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let blobs = try FileBlobStore(root: root)
        let bytes: [UInt8] = Array("photo".utf8)
        let digest = ContentDigest.sha256(bytes)
        // The blob's folder is taken by a file, so neither the folder nor the blob can be made.
        let outer = ((blobs.path(of: digest) as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        #expect(FileManager.default.createFile(atPath: outer, contents: Data()))
        #expect(throws: StoreError.self) { try blobs.put(bytes) }
        #expect(!blobs.contains(digest))
    }
}

@Suite("SQLite failures mapped to what they mean")
struct SQLiteFailureTests {
    @Test("busy, full, read-only, I/O and damaged databases are unavailable; constraints conflict; the rest storage")
    func mapping() {
        for (code, words) in [
            (ResultCode.SQLITE_BUSY, "busy"), (.SQLITE_LOCKED, "busy"), (.SQLITE_FULL, "full"), (.SQLITE_READONLY, "read-only"),
            (.SQLITE_IOERR, "read or write"), (.SQLITE_CORRUPT, "damaged"),
            (.SQLITE_NOTADB, "damaged"),
        ] {
            let error = SQLiteStore.storeError(DatabaseError(resultCode: code))
            #expect(error.code == .unavailable && error.message.contains(words), "\(code): \(error)")
        }
        #expect(SQLiteStore.storeError(DatabaseError(resultCode: .SQLITE_CONSTRAINT)).code == .conflict)
        #expect(SQLiteStore.storeError(DatabaseError(resultCode: .SQLITE_CANTOPEN)).code == .storage)
        #expect(SQLiteStore.storeError(DatabaseError(resultCode: .SQLITE_ERROR)).code == .storage)
    }
}
