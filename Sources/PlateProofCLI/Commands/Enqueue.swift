import ArgumentParser
import Foundation
import PlateProofDomain
import PlateProofImaging
import PlateProofIntake
import PlateProofStore

/// `plateproof enqueue`: submit photo claims, as an upload backend would.
struct Enqueue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Queue photo claims for an account; a worker decides them.",
        discussion: """
            The same key returns the same claim; the same key with another photo, account or activity \
            is an error. Without --key, each photo's key is the account and the photo's SHA-256, so \
            running the same command twice queues nothing new. Exit status: 0 when every photo was \
            queued (or already was), 1 when any was refused, 2 on a usage error.
            """
    )

    @Argument(help: "JPEG or PNG photos.")
    var photos: [String]

    @Option(help: "The upload backend's user id.")
    var account: String

    @Option(help: "The activity claimed.")
    var activity = ActivityID.cleanPlate.rawValue

    @Option(help: "Idempotency key (one photo only).")
    var key: String?

    @OptionGroup
    var site: SiteOption

    @OptionGroup(title: "Storage")
    var storage: StorageOptions

    @Flag(help: "Print one JSON object per line instead of text.")
    var json = false

    func validate() throws {
        if photos.isEmpty { throw ValidationError("name at least one photo") }
        if key != nil && photos.count > 1 { throw ValidationError("--key names one claim: give one photo") }
        let _: AccountID = try identifier(account)
        let _: ActivityID = try identifier(activity)
    }

    func run() async throws {
        try await storage.withStorage { store, blobs in
            let platform = try storage.catalogue()
            let accountID: AccountID = try identifier(account), activityID: ActivityID = try identifier(activity)
            let siteID = try site.id()
            guard let stored = try await store.site(siteID) else { throw ValidationError("no site \(siteID)") }
            let catalogue = stored.catalogue(platform: platform)
            guard catalogue[activityID] != nil else {
                let known = catalogue.activities.keys.map(\.rawValue).sorted().joined(separator: ", ")
                throw ValidationError("unknown activity \(activity): the catalogue of site \(siteID) has \(known)")
            }
            let intake = ClaimIntake(store: store, blobs: blobs, catalogue: platform)
            var refused = 0
            for photo in photos {
                let line: EnqueueJSON
                do {
                    let result = try await intake.submit(
                        photo: try Self.readPhoto(photo, limit: intake.maxPhotoBytes),
                        site: siteID,
                        account: accountID,
                        activity: activityID,
                        idempotencyKey: key,
                        uploader: "cli",
                        at: Clock.now()
                    )
                    line = EnqueueJSON(
                        file: photo,
                        claimID: result.claim.id,
                        status: result.claim.state.status.rawValue,
                        created: result.created
                    )
                } catch {
                    refused += 1
                    line = EnqueueJSON(file: photo, error: Self.errorJSON(error))
                }
                FileHandleOutput.standardOutput.write((json ? JSONLine.encode(line) : line.text) + "\n")
            }
            if refused > 0 { throw ExitCode(1) }
        }
    }

    /// The file's bytes, refusing files over `limit` before reading them.
    static func readPhoto(_ path: String, limit: Int) throws -> [UInt8] {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let size = attributes?[.size] as? Int else { throw ImagingError(.unreadable, "cannot read \(path)") }
        guard size <= limit else { throw ImagingError(.tooLarge, "file is \(size) bytes; the limit is \(limit)") }
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func errorJSON(_ error: any Error) -> ErrorJSON {
        switch error {
        case let error as ImagingError: ErrorJSON(error)
        case let error as StoreError: ErrorJSON(code: error.code.rawValue, message: error.message)
        case let error as ClaimIntake.Refusal: ErrorJSON(code: error.code, message: error.message)
        default: ErrorJSON(code: "unreadable", message: "\(error)")
        }
    }
}

struct EnqueueJSON: Encodable {
    var file: String
    var claimID: Int64?
    var status: String?
    var created: Bool?
    var error: ErrorJSON?

    enum CodingKeys: String, CodingKey {
        case file, status, created, error
        case claimID = "claim_id"
    }

    init(file: String, claimID: Int64? = nil, status: String? = nil, created: Bool? = nil, error: ErrorJSON? = nil) {
        (self.file, self.claimID, self.status, self.created, self.error) = (file, claimID, status, created, error)
    }

    var text: String {
        if let error { return "\(file): refused: \(error.code): \(error.message)" }
        return "\(file): claim \(claimID ?? 0) \(status ?? "")\(created == false ? " (already queued)" : "")"
    }
}

/// Wall-clock time as the domain counts it.
enum Clock {
    static func now() -> Timestamp { Timestamp(secondsSince1970: Int64(Date().timeIntervalSince1970)) }
}
