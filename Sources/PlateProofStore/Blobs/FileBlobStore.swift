import Foundation

/// Photos and evidence images on disk, named by the SHA-256 of their bytes.
///
/// Writes go to a temporary file in the same folder, are synced, and are renamed into place, so a
/// reader never sees a partial blob, before or after a crash; writing the same bytes twice is harmless. The folder may be shared by
/// several machines (a network file system): names are content, so writers never conflict.
public struct FileBlobStore: BlobStore {
    public let root: String
    /// Free space the disk keeps: a blob that would leave less is refused as a full disk
    /// (`unavailable`), so the database beside it still has room to commit.
    public let reserveBytes: UInt64

    public init(root: String, reserveBytes: UInt64 = 32 * 1024 * 1024) throws(StoreError) {
        self.root = root
        self.reserveBytes = reserveBytes
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.storage, "cannot create the blob folder \(root)", underlying: "\(error)")
        }
    }

    /// Where the blob with this digest lives: `root/ab/cd/abcd…`.
    public func path(of digest: String) -> String {
        let characters = Array(digest)
        guard characters.count == 64 else { return (root as NSString).appendingPathComponent("invalid") }
        return [root, String(characters[0..<2]), String(characters[2..<4]), digest].joined(separator: "/")
    }

    /// Stores `bytes` durably and returns their digest: the file and its folder are on disk (fsync)
    /// before this returns, so a claim committed afterwards never names a photo a power loss took.
    @discardableResult
    public func put(_ bytes: [UInt8]) throws(StoreError) -> String {
        let digest = ContentDigest.sha256(bytes)
        let target = path(of: digest)
        if FileManager.default.fileExists(atPath: target) { return digest }
        if let free = freeBytes(), free < reserveBytes || free - reserveBytes < UInt64(bytes.count) {
            throw StoreError(.unavailable, "the disk holding the blob folder is full (\(free / 1_000_000) MB free)")
        }
        let folder = (target as NSString).deletingLastPathComponent
        do {
            var created: [String] = []
            var missing = folder
            while missing.count > root.count, !FileManager.default.fileExists(atPath: missing) {
                created.append(missing)
                missing = (missing as NSString).deletingLastPathComponent
            }
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Self.writeDurably(bytes, to: target)
            // New folders are entries of their parents: those go to disk too.
            for directory in created { try Self.sync((directory as NSString).deletingLastPathComponent) }
        } catch {
            throw StoreError(.unavailable, "cannot write blob \(digest)", underlying: "\(error)")
        }
        return digest
    }

    /// Writes a temporary file beside `target`, syncs it, renames it into place and syncs the folder:
    /// a reader sees the whole blob or none, before and after a crash.
    static func writeDurably(_ bytes: [UInt8], to target: String) throws {
        let temporary = "\(target).\(UUID().uuidString).partial"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SystemCallError(what: "create \(temporary)") }
        var failure: (any Error)?
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = SystemCallError(what: "write \(temporary)")
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = SystemCallError(what: "fsync \(temporary)") }
        close(descriptor)
        if failure == nil, rename(temporary, target) != 0 { failure = SystemCallError(what: "rename \(temporary)") }
        if let failure {
            unlink(temporary)
            throw failure
        }
        try sync((target as NSString).deletingLastPathComponent)
    }

    /// Syncs a folder's entries to disk.
    static func sync(_ folder: String) throws {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SystemCallError(what: "open \(folder)") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw SystemCallError(what: "fsync \(folder)") }
    }

    /// Free space, and a small write, in the blob folder: a full disk or a read-only mount is
    /// `unavailable` before an upload finds out.
    public func checkWritable() throws(StoreError) {
        guard let free = freeBytes() else {
            throw StoreError(.unavailable, "the blob folder \(root) cannot be read", underlying: "\(SystemCallError(what: "statvfs"))")
        }
        guard free >= reserveBytes else {
            throw StoreError(.unavailable, "the disk holding the blob folder is full (\(free / 1_000_000) MB free)")
        }
        let probe = (root as NSString).appendingPathComponent(".health-\(ProcessInfo.processInfo.processIdentifier)")
        guard FileManager.default.createFile(atPath: probe, contents: Data("ok".utf8)) else {
            throw StoreError(.unavailable, "the blob folder \(root) cannot be written")
        }
        try? FileManager.default.removeItem(atPath: probe)
    }

    func freeBytes() -> UInt64? { diskFreeBytes(at: root) }

    /// The blob's bytes.
    public func get(_ digest: String) throws(StoreError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path(of: digest)) else {
            throw StoreError(.notFound, "no blob \(digest)")
        }
        return [UInt8](data)
    }

    public func contains(_ digest: String) -> Bool { FileManager.default.fileExists(atPath: path(of: digest)) }

    public func localPath(of digest: String) -> String? { contains(digest) ? path(of: digest) : nil }

    /// Deletes a blob; a blob already gone is fine.
    public func remove(_ digest: String) throws(StoreError) {
        let target = path(of: digest)
        guard FileManager.default.fileExists(atPath: target) else { return }
        do {
            try FileManager.default.removeItem(atPath: target)
        } catch {
            throw StoreError(.unavailable, "cannot delete blob \(digest)", underlying: "\(error)")
        }
    }
}

/// Bytes free for an unprivileged writer on the disk holding `path`, or nil when it cannot be told.
package func diskFreeBytes(at path: String) -> UInt64? {
    var stats = statvfs()
    guard statvfs(path, &stats) == 0 else { return nil }
    let (free, overflow) = UInt64(stats.f_bavail).multipliedReportingOverflow(by: UInt64(stats.f_frsize))
    return overflow ? .max : free
}

/// A failed system call: what was attempted, and the `errno` it left.
struct SystemCallError: Error, CustomStringConvertible {
    let what: String
    let code = errno

    var description: String { "\(what): \(String(cString: strerror(code)))" }
}
