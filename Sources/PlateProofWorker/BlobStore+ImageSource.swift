import PlateProofImaging
import PlateProofStore

extension BlobStore {
    /// Where a decoder reads the blob from: its file when the store keeps files (read in chunks,
    /// never whole), else its bytes; nil when it cannot be read.
    func imageSource(_ digest: String) async -> ImageSource? {
        if let path = localPath(of: digest) { return .file(path: path) }
        guard let bytes = try? await get(digest) else { return nil }
        return .bytes(bytes)
    }
}
