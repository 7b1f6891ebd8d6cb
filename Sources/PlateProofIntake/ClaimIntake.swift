public import PlateProofDomain
public import PlateProofImaging
public import PlateProofStore

/// The Swift API upload backends (and the HTTP service) use to submit photo claims.
public struct ClaimIntake: Sendable {
    public let store: any Store
    public let blobs: any BlobStore
    public let catalogue: ActivityCatalogue
    /// What a photo may be: its bytes, pixels and sides (the decoder holds every photo to the same).
    public var limits = DecodeLimits()

    /// Largest accepted photo, in bytes.
    public var maxPhotoBytes: Int {
        get { limits.maxFileBytes }
        set { limits.maxFileBytes = newValue }
    }

    public init(store: any Store, blobs: any BlobStore, catalogue: ActivityCatalogue) {
        self.store = store
        self.blobs = blobs
        self.catalogue = catalogue
    }

    /// Why a submission was refused before anything was stored.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Kind: Sendable, Equatable {
            /// More bytes than the limit.
            case tooLarge
            /// Not a JPEG or PNG.
            case unsupportedFormat
            /// A JPEG or PNG whose header the decoder refuses (damaged, no frame, too many pixels).
            case undecodable
            case unknownActivity
            /// No such site (`unknown_site`), or it was deactivated (`site_inactive`).
            case unknownSite
            case siteInactive
        }

        public let kind: Kind
        /// `too_large`, `unsupported_format`, `unknown_activity`, or the decoder's code.
        public let code: String
        public let message: String
        public var description: String { "\(code): \(message)" }
    }

    /// Stores the photo (content-addressed) and queues its claim at `site`. The same uploader and
    /// key return the stored claim; without a key, the site, the account and the photo's digest make one.
    /// - Throws: ``Refusal`` for photos that are too large, not JPEG or PNG, whose header the
    ///   decoder refuses, an activity the site's catalogue does not have, an unknown or a
    ///   deactivated site; `StoreError` (`conflict`) for a key reused with other content.
    public func submit(
        photo: [UInt8],
        site: SiteID = .default,
        account: AccountID,
        activity: ActivityID,
        idempotencyKey: String?,
        uploader: String,
        at time: Timestamp
    ) async throws -> EnqueueResult {
        guard photo.count <= maxPhotoBytes else {
            throw Refusal(kind: .tooLarge, code: "too_large", message: "photo is \(photo.count) bytes; the limit is \(maxPhotoBytes)")
        }
        guard ImageFormat.sniff(photo) != nil else {
            throw Refusal(kind: .unsupportedFormat, code: "unsupported_format", message: "not a JPEG or PNG image")
        }
        // The header costs microseconds to read and refuses what could never be decoded, so such
        // bytes are never stored.
        do {
            _ = try ImageDecoder(configuration: .init(limits: limits)).header(of: photo)
        } catch {
            throw Refusal(kind: .undecodable, code: error.code.rawValue, message: error.message)
        }
        guard let stored = try await store.site(site) else {
            throw Refusal(kind: .unknownSite, code: "unknown_site", message: "no site \(site)")
        }
        guard stored.active else {
            throw Refusal(kind: .siteInactive, code: "site_inactive", message: "site \(site) is deactivated and takes no uploads")
        }
        guard stored.catalogue(platform: catalogue)[activity] != nil else {
            throw Refusal(
                kind: .unknownActivity,
                code: "unknown_activity",
                message: "no activity \(activity) in the catalogue of site \(site)"
            )
        }
        let digest = try await blobs.put(photo)
        let request = ClaimRequest(
            site: site,
            uploader: uploader,
            idempotencyKey: idempotencyKey ?? (site == .default ? "\(account):\(digest)" : "\(site):\(account):\(digest)"),
            account: account,
            activity: activity,
            photoSHA256: digest,
            claimedAt: time
        )
        return try await store.enqueue(request)
    }
}
