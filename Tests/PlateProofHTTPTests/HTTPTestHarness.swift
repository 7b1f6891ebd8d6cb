import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PlateProofDomain
import PlateProofHTTP
import PlateProofIntake
import PlateProofStore
import PlateProofStoreSQLite
import PlateProofWebhooks
import PlateProofWorker
import Testing

/// A service on a fresh database with one key of each role, tested through its router.
struct HTTPTestHarness {
    let store: SQLiteStore
    let blobs: FileBlobStore
    var dependencies: ServiceDependencies
    let uploader: String
    let moderator: String
    let admin: String
    static let now = Timestamp(secondsSince1970: 1_795_478_400)

    init(maxPhotoBytes: Int? = nil) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-http-\(UUID().uuidString)").path
        store = try SQLiteStore(path: root + ".sqlite")
        blobs = try FileBlobStore(root: root)
        dependencies = ServiceDependencies(store: store, blobs: blobs, catalogue: .standard, now: { Self.now })
        if let maxPhotoBytes { dependencies.intake.maxPhotoBytes = maxPhotoBytes }
        let secrets = WebhookSecretBox(keyBytes: Data((0..<32).map { UInt8($0) }))
        dependencies.webhooks = WebhookAdmin(store: store, secrets: secrets, policy: WebhookURLPolicy())
        uploader = try await store.createKey(name: "backend", role: .uploader, site: nil, now: Self.now).secret
        moderator = try await store.createKey(name: "mia", role: .moderator, site: nil, now: Self.now).secret
        admin = try await store.createKey(name: "root", role: .admin, site: nil, now: Self.now).secret
    }

    /// Runs `body` against the router (no network).
    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: APIServer.router(dependencies).router)
        try await app.test(.router, body)
    }

    /// Decides every queued claim with the real verifier.
    func drain(qualityControlRate: Double = 0) async throws {
        var configuration = ClaimWorker.Configuration(owner: "test-worker")
        configuration.qualityControlRate = qualityControlRate
        let worker = ClaimWorker(store: store, blobs: blobs, catalogue: .standard, configuration: configuration, now: { Self.now })
        while try await worker.processNext() {}
    }

    static func photo(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TestImages/plates/\(name)")
        return [UInt8](try Data(contentsOf: url))
    }
}

extension HTTPFields {
    static func bearer(_ key: String, _ extra: [HTTPField.Name: String] = [:]) -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(key)"]
        for (name, value) in extra { fields[name] = value }
        return fields
    }
}

extension TestResponse {
    /// The body as a JSON object.
    func json() throws -> [String: Any] {
        try #require(
            JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            "not JSON: \(String(buffer: body))"
        )
    }

    var text: String { String(buffer: body) }
}

extension TestClientProtocol {
    /// Uploads a photo as a raw JPEG body; returns the response.
    @discardableResult
    func upload(_ photo: [UInt8], account: String, key: String, idempotencyKey: String? = nil) async throws -> TestResponse {
        var headers = HTTPFields.bearer(key, [.contentType: "image/jpeg"])
        if let idempotencyKey { headers[HTTPField.Name("Idempotency-Key")!] = idempotencyKey }
        return try await execute(uri: "/v1/claims?account=\(account)", method: .post, headers: headers, body: ByteBuffer(bytes: photo))
    }
}
