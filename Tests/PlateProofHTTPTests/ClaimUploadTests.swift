import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PlateProofDomain
import PlateProofHTTP
import PlateProofStore
import PlateProofStoreSQLite
import Testing

@Suite("POST /v1/claims and GET /v1/claims/{id}")
struct ClaimUploadTests {
    @Test("a raw JPEG upload is queued: 202, the claim as JSON, and its Location")
    func rawUpload() async throws {
        let harness = try await HTTPTestHarness()
        let photo = try HTTPTestHarness.photo("synthetic-clean.jpg")
        try await harness.test { client in
            let response = try await client.upload(photo, account: "alice", key: harness.uploader, idempotencyKey: "k-1")
            #expect(response.status == .accepted)
            let claim = try response.json()
            #expect(claim["status"] as? String == "queued")
            #expect(claim["account"] as? String == "alice")
            #expect(claim["activity"] as? String == "clean-plate")
            let id = try #require(claim["claim_id"] as? Int)
            #expect(response.headers[.location] == "/v1/claims/\(id)")

            let shown = try await client.execute(uri: "/v1/claims/\(id)", method: .get, headers: .bearer(harness.uploader))
            #expect(shown.status == .ok)
            #expect(try shown.json()["claim_id"] as? Int == id)
        }
    }

    @Test("a multipart upload carries photo, account and activity")
    func multipartUpload() async throws {
        let harness = try await HTTPTestHarness()
        let photo = try HTTPTestHarness.photo("synthetic-food.jpg")
        var body = ByteBuffer()
        let boundary = "plateproof-test-boundary"
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"account\"\r\n\r\nbob\r\n")
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"activity\"\r\n\r\nclean-plate\r\n")
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
        )
        body.writeBytes(photo)
        body.writeString("\r\n--\(boundary)--\r\n")
        let form = body
        try await harness.test { client in
            let response = try await client.execute(
                uri: "/v1/claims",
                method: .post,
                headers: .bearer(harness.uploader, [.contentType: "multipart/form-data; boundary=\(boundary)"]),
                body: form
            )
            #expect(response.status == .accepted)
            #expect(try response.json()["account"] as? String == "bob")
        }
        let stored = try #require(try await harness.store.allClaims().first)
        #expect(stored.request.photoSHA256 == ContentDigest.sha256(photo))
    }

    @Test("the same idempotency key returns the same claim; with other content it is a 409")
    func idempotency() async throws {
        let harness = try await HTTPTestHarness()
        let clean = try HTTPTestHarness.photo("synthetic-clean.jpg")
        let food = try HTTPTestHarness.photo("synthetic-food.jpg")
        try await harness.test { client in
            let first = try await client.upload(clean, account: "alice", key: harness.uploader, idempotencyKey: "same")
            let again = try await client.upload(clean, account: "alice", key: harness.uploader, idempotencyKey: "same")
            #expect(again.status == .accepted)
            #expect(try again.json()["claim_id"] as? Int == (try first.json()["claim_id"] as? Int))
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let other = try await client.upload(food, account: "alice", key: harness.uploader, idempotencyKey: "same")
            #expect(other.status == .conflict)
            #expect(try other.json()["code"] as? String == "idempotency_conflict")
        }
        #expect(try await harness.store.allClaims().count == 1)
    }

    @Test("a JPEG or PNG whose header the decoder refuses is refused at upload with its code, and nothing is stored")
    func undecodableRefused() async throws {
        let harness = try await HTTPTestHarness()
        // A JPEG signature and then nothing a decoder can read, and the generated bombs.
        let garbage: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0x41, count: 4000)
        let pngBomb = try HTTPTestHarness.photo("../damaged/bomb-ihdr-100000x100000.png")
        let jpegBomb = try HTTPTestHarness.photo("../damaged/bomb-sof-9000x9000.jpg")
        try await harness.test { client in
            for (body, code) in [(garbage, "truncated"), (pngBomb, "too_large"), (jpegBomb, "too_large")] {
                let response = try await client.upload(body, account: "alice", key: harness.uploader)
                #expect(response.status == .unprocessableContent, "\(code)")
                #expect(try response.json()["code"] as? String == code)
            }
        }
        #expect(try await harness.store.allClaims().isEmpty)
        let stored = try FileManager.default.subpathsOfDirectory(atPath: harness.blobs.root).filter { !$0.hasPrefix(".") }
        #expect(
            stored.allSatisfy {
                (try? FileManager.default.attributesOfItem(atPath: "\(harness.blobs.root)/\($0)")[.type] as? FileAttributeType)
                    == .typeDirectory
            }
        )
    }

    @Test("a multipart part whose header name is not ASCII is a 400, not a crash (MultipartKit would trap on it)")
    func nonASCIIPartHeader() async throws {
        let harness = try await HTTPTestHarness()
        let photo = try HTTPTestHarness.photo("synthetic-clean.jpg")
        let hostile: [UInt8] = Array("--XB\r\n1".utf8) + [0xF1, 0x95, 0xA0, 0xB7] + Array("--XB\r\n".utf8)
        var utf8Name: [UInt8] = Array("--XB\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"照片.jpg\"\r\n\r\n".utf8)
        utf8Name += photo + Array("\r\n--XB\r\nContent-Disposition: form-data; name=\"account\"\r\n\r\nalice\r\n--XB--\r\n".utf8)
        let withUTF8FileName = utf8Name
        try await harness.test { client in
            let refused = try await client.execute(
                uri: "/v1/claims",
                method: .post,
                headers: .bearer(harness.uploader, [.contentType: "multipart/form-data; boundary=XB"]),
                body: ByteBuffer(bytes: hostile)
            )
            #expect(refused.status == .badRequest)
            #expect(try refused.json()["code"] as? String == "invalid_multipart")
            // Non-ASCII in a header's value (a UTF-8 file name) is fine.
            let accepted = try await client.execute(
                uri: "/v1/claims",
                method: .post,
                headers: .bearer(harness.uploader, [.contentType: "multipart/form-data; boundary=XB"]),
                body: ByteBuffer(bytes: withUTF8FileName)
            )
            #expect(accepted.status == .accepted, "\(accepted.text)")
        }
    }

    @Test("refusals: too large 413, not an image 415, wrong media type 415, no account 400, unknown activity 422")
    func refusals() async throws {
        let harness = try await HTTPTestHarness(maxPhotoBytes: 2000)
        let photo = try HTTPTestHarness.photo("synthetic-clean.jpg")
        #expect(photo.count > 2000)
        try await harness.test { client in
            let large = try await client.upload(photo, account: "alice", key: harness.uploader)
            #expect(large.status == .contentTooLarge)
            #expect(try large.json()["code"] as? String == "too_large")

            let text = try await client.upload(Array("this is not a photo".utf8), account: "alice", key: harness.uploader)
            #expect(text.status == .unsupportedMediaType)
            #expect(try text.json()["code"] as? String == "unsupported_format")

            let plain = try await client.execute(
                uri: "/v1/claims?account=alice",
                method: .post,
                headers: .bearer(harness.uploader, [.contentType: "text/plain"]),
                body: ByteBuffer(string: "hello")
            )
            #expect(plain.status == .unsupportedMediaType)
            #expect(try plain.json()["code"] as? String == "unsupported_media_type")

            let small = Array(photo.prefix(1500))
            let noAccount = try await client.execute(
                uri: "/v1/claims",
                method: .post,
                headers: .bearer(harness.uploader, [.contentType: "image/jpeg"]),
                body: ByteBuffer(bytes: small)
            )
            #expect(noAccount.status == .badRequest)
            #expect(try noAccount.json()["code"] as? String == "missing_field")

            let badAccount = try await client.upload(small, account: "%20", key: harness.uploader)
            #expect(badAccount.status == .badRequest)

            let unknown = try await client.execute(
                uri: "/v1/claims?account=alice&activity=moon-landing",
                method: .post,
                headers: .bearer(harness.uploader, [.contentType: "image/jpeg"]),
                body: ByteBuffer(bytes: small)
            )
            #expect(unknown.status == .unprocessableContent)
            #expect(try unknown.json()["code"] as? String == "unknown_activity")

            let badMultipart = try await client.execute(
                uri: "/v1/claims",
                method: .post,
                headers: .bearer(harness.uploader, [.contentType: "multipart/form-data; boundary=x"]),
                body: ByteBuffer(string: "garbage")
            )
            #expect(badMultipart.status == .badRequest)
            #expect(try badMultipart.json()["code"] as? String == "invalid_multipart")
        }
        #expect(try await harness.store.allClaims().isEmpty)
    }

    @Test("keys: none 401, unknown or revoked 401, a moderator's key cannot upload 403")
    func authorization() async throws {
        let harness = try await HTTPTestHarness()
        let photo = try HTTPTestHarness.photo("synthetic-clean.jpg")
        try await harness.test { client in
            let anonymous = try await client.execute(
                uri: "/v1/claims?account=alice",
                method: .post,
                headers: [.contentType: "image/jpeg"],
                body: ByteBuffer(bytes: photo)
            )
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate] == "Bearer")
            #expect(try anonymous.json()["code"] as? String == "unauthorized")

            #expect(try await client.upload(photo, account: "alice", key: "pp_wrong").status == .unauthorized)
            let forbidden = try await client.upload(photo, account: "alice", key: harness.moderator)
            #expect(forbidden.status == .forbidden)
            #expect(try forbidden.json()["code"] as? String == "forbidden")
            #expect(try await client.upload(photo, account: "alice", key: harness.admin).status == .accepted)

            try await harness.store.revokeKey(name: "backend", now: HTTPTestHarness.now)
            #expect(try await client.upload(photo, account: "bob", key: harness.uploader).status == .unauthorized)
        }
    }

    @Test("claim lookups: 404 for an unknown claim, 400 for an id that is not a number")
    func lookups() async throws {
        let harness = try await HTTPTestHarness()
        try await harness.test { client in
            let missing = try await client.execute(uri: "/v1/claims/999", method: .get, headers: .bearer(harness.uploader))
            #expect(missing.status == .notFound)
            #expect(try missing.json()["code"] as? String == "not_found")
            let invalid = try await client.execute(uri: "/v1/claims/abc", method: .get, headers: .bearer(harness.uploader))
            #expect(invalid.status == .badRequest)
            #expect(try invalid.json()["code"] as? String == "invalid_claim_id")
            let unrouted = try await client.execute(uri: "/v2/nothing", method: .get)
            #expect(unrouted.status == .notFound)
            #expect(try unrouted.json()["code"] as? String == "not_found")
            let wrongMethod = try await client.execute(uri: "/v1/claims/5", method: .delete, headers: .bearer(harness.uploader))
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "GET")
        }
    }
}
