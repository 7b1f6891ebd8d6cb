public import PlateProofImaging
public import PlateProofStore

extension BlobStore {
    /// Where a decoder reads the blob from: its file when the store keeps files (read in chunks,
    /// never whole), else its bytes; nil when it cannot be read.
    func imageSource(_ digest: String) async -> ImageSource? {
        if let path = localPath(of: digest) { return .file(path: path) }
        guard let bytes = try? await get(digest) else { return nil }
        return .bytes(bytes)
    }

    /// A claim's photo: the original while it is kept, else its evidence image; nil when neither
    /// can be read.
    public func photoSource(of claim: ClaimRecord) async -> ImageSource? {
        if claim.originalDeletedAt == nil, let source = await imageSource(claim.request.photoSHA256) { return source }
        guard let evidence = claim.evidenceSHA256 else { return nil }
        return await imageSource(evidence)
    }
}
