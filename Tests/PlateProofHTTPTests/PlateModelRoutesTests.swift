import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PlateProofDomain
import PlateProofImaging
import PlateProofStore
import PlateProofStoreSQLite
import PlateProofTestSupport
import Testing

@Suite("Plate model routes")
struct PlateModelRoutesTests {
    /// A multipart form: the fields, then each photo as a `photo` part.
    static func form(_ fields: [String: String], photos: [(String, [UInt8])], boundary: String = "plates-boundary") -> ByteBuffer {
        var body = ByteBuffer()
        for (name, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for (filename, bytes) in photos {
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"\(filename)\"\r\nContent-Type: image/png\r\n\r\n"
            )
            body.writeBytes(bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return body
    }

    static let headers: [HTTPField.Name: String] = [.contentType: "multipart/form-data; boundary=plates-boundary"]

    @Test("a site admin enrols, lists, shows and removes a model; a claim at the site names it; bad enrolments are 4xx with their code")
    func enrolListShowRemove() async throws {
        let harness = try await HTTPTestHarness()
        try await harness.store.createSite(Site(id: SiteID(rawValue: "canteen")!, name: "Canteen", createdAt: HTTPTestHarness.now))
        let shots = try [
            DecoratedPlate.photo(turn: 0.3),
            DecoratedPlate.photo(turn: 1.4, cx: 150, cy: 115, radius: 80),
            DecoratedPlate.photo(turn: 2.6, cx: 170, radius: 90, tilt: 0.85),
        ].enumerated().map { ("shot\($0.offset).png", try DecoratedPlate.png($0.element)) }
        let claimPhoto = try DecoratedPlate.png(DecoratedPlate.photo(turn: 4.5, cx: 158, cy: 118, radius: 84, tilt: 0.92))
        try await harness.test { client in
            func enrol(_ fields: [String: String], _ photos: [(String, [UInt8])], key: String = harness.admin) async throws -> TestResponse
            {
                try await client.execute(
                    uri: "/v1/sites/canteen/plates",
                    method: .post,
                    headers: .bearer(key, Self.headers),
                    body: Self.form(fields, photos: photos)
                )
            }
            let created = try await enrol(["name": "flowers"], shots)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.headers[.location] == "/v1/sites/canteen/plates/flowers")
            let model = try created.json()
            #expect(model["reference"] as? String == "flowers@1" && model["photos"] as? Int == 3 && model["kind"] as? String == "round")

            #expect(try await enrol(["name": "flowers"], shots, key: harness.moderator).status == .forbidden)
            let duplicate = try await enrol(["name": "other"], [shots[0], shots[0], shots[1]])
            #expect(try duplicate.status == .unprocessableContent && duplicate.json()["code"] as? String == "duplicate_photos")
            let tooFew = try await enrol(["name": "other"], [shots[0]])
            #expect(try tooFew.json()["code"] as? String == "enrolment_photo_count")
            let unreadable = try await enrol(["name": "other"], [shots[0], shots[1], ("notes.png", Array("not a photo".utf8))])
            #expect(try unreadable.status == .unprocessableContent && unreadable.json()["code"] as? String == "photo_unusable")
            #expect(try (unreadable.json()["message"] as? String)?.contains("notes.png") == true)
            let unnamed = try await enrol([:], shots)
            #expect(try unnamed.status == .unprocessableContent && unnamed.json()["field"] as? String == "name")
            let json = try await client.execute(
                uri: "/v1/sites/canteen/plates",
                method: .post,
                headers: .bearer(harness.admin, [.contentType: "application/json"]),
                body: ByteBuffer(string: "{}")
            )
            #expect(json.status == .unsupportedMediaType)

            let listed = try await client.execute(uri: "/v1/sites/canteen/plates", method: .get, headers: .bearer(harness.uploader))
            #expect(try (listed.json()["plates"] as? [[String: Any]])?.map { $0["reference"] as? String } == ["flowers@1"])
            let shown = try await client.execute(uri: "/v1/sites/canteen/plates/flowers", method: .get, headers: .bearer(harness.moderator))
            #expect(try shown.status == .ok && (shown.json()["size_range"] as? [Double])?.count == 2, "\(shown.text)")

            let upload = try await client.execute(
                uri: "/v1/claims?account=ann&site=canteen",
                method: .post,
                headers: .bearer(harness.uploader, [.contentType: "image/png"]),
                body: ByteBuffer(bytes: claimPhoto)
            )
            #expect(upload.status == .accepted, "\(upload.text)")
        }
        try await harness.drain()
        let claim = try #require(try await harness.store.allClaims().first)
        try await harness.test { client in
            let shown = try await client.execute(uri: "/v1/claims/\(claim.id)", method: .get, headers: .bearer(harness.moderator))
            #expect(try shown.json()["plate_profile"] as? String == "flowers@1", "\(shown.text)")
            #expect(try shown.json()["status"] as? String == "approved")

            let removed = try await client.execute(
                uri: "/v1/sites/canteen/plates/flowers",
                method: .delete,
                headers: .bearer(harness.admin)
            )
            #expect(removed.status == .noContent)
            let gone = try await client.execute(uri: "/v1/sites/canteen/plates/flowers", method: .get, headers: .bearer(harness.admin))
            #expect(gone.status == .notFound)
            let empty = try await client.execute(uri: "/v1/sites/canteen/plates", method: .get, headers: .bearer(harness.admin))
            #expect(try (empty.json()["plates"] as? [Any])?.isEmpty == true)
        }
    }
}
