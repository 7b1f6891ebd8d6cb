import Foundation

/// Photos and evidence images on disk, named by the SHA-256 of their bytes.
///
/// Writes go to a temporary file in the same folder and are renamed into place, so a reader never
/// sees a partial blob; writing the same bytes twice is harmless. The folder may be shared by
/// several machines (a network file system): names are content, so writers never conflict.
public struct FileBlobStore: BlobStore {
    public let root: String

    public init(root: String) throws(StoreError) {
        self.root = root
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

    /// Stores `bytes` and returns their digest.
    @discardableResult
    public func put(_ bytes: [UInt8]) throws(StoreError) -> String {
        let digest = ContentDigest.sha256(bytes)
        let target = path(of: digest)
        if FileManager.default.fileExists(atPath: target) { return digest }
        let folder = (target as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            // Data.write(options: .atomic) writes a temporary file beside the target and renames it.
            try Data(bytes).write(to: URL(fileURLWithPath: target), options: .atomic)
        } catch {
            throw StoreError(.unavailable, "cannot write blob \(digest)", underlying: "\(error)")
        }
        return digest
    }

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
