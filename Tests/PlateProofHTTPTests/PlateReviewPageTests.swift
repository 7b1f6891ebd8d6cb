import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PlateProofDomain
import PlateProofStore
import PlateProofStoreSQLite
import PlateProofTestSupport
import Testing

@Suite("Review page: use as plate model")
struct PlateReviewPageTests {
    /// Signs `key` in; the session cookie and the page's form token.
    func signIn(_ client: some TestClientProtocol, key: String) async throws -> (cookie: String, csrf: String) {
        let login = try await client.execute(
            uri: "/review/login",
            method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "key=\(key)")
        )
        let cookie = try #require(login.headers[.setCookie]?.split(separator: ";").first.map(String.init))
        let page = try await client.execute(uri: "/review", method: .get, headers: [.cookie: cookie])
        return (cookie, try #require(ModerationTests.csrfToken(in: page.text)))
    }

    @Test("an admin ticks approved photos of an unenrolled plate and enrols them; refusals show on the page; moderators only look")
    func usePhotosAsPlateModel() async throws {
        let harness = try await HTTPTestHarness()
        // Three shots of the decorated plate, which the general rules do not approve, approved by a
        // moderator; and a full plate, rejected.
        let photos = try [
            DecoratedPlate.photo(turn: 0.3),
            DecoratedPlate.photo(turn: 1.4, cx: 150, cy: 115, radius: 80),
            DecoratedPlate.photo(turn: 2.6, cx: 170, radius: 90, tilt: 0.85),
            DecoratedPlate.photo(turn: 2.0, food: true),
        ].map { try DecoratedPlate.png($0) }
        try await harness.test { client in
            for (index, photo) in photos.enumerated() {
                let upload = try await client.execute(
                    uri: "/v1/claims?account=student\(index)",
                    method: .post,
                    headers: .bearer(harness.uploader, [.contentType: "image/png"]),
                    body: ByteBuffer(bytes: photo)
                )
                #expect(upload.status == .accepted)
            }
        }
        try await harness.drain()
        let claims = try await harness.store.allClaims().sorted { $0.id < $1.id }
        #expect(claims.map(\.state.status) == [.review, .review, .review, .rejected], "\(claims.map(\.reasons))")
        let (shots, full) = (claims.prefix(3).map(\.id), claims[3].id)
        try await harness.test { client in
            for id in shots {
                let approved = try await client.execute(
                    uri: "/v1/claims/\(id)/decision",
                    method: .post,
                    headers: .bearer(harness.moderator, [.contentType: "application/json"]),
                    body: ByteBuffer(string: #"{"decision": "approve", "reason": "verified_clean"}"#)
                )
                #expect(approved.status == .ok)
            }
            let admin = try await signIn(client, key: harness.admin)
            let form: HTTPFields = [.cookie: admin.cookie, .contentType: "application/x-www-form-urlencoded"]
            func use(_ ids: [Int64], name: String = "flowers", csrf: String? = nil) async throws -> TestResponse {
                let fields = ["csrf=\(csrf ?? admin.csrf)", "site=default", "name=\(name)"] + ids.map { "claim=\($0)" }
                return try await client.execute(
                    uri: "/review/plates",
                    method: .post,
                    headers: form,
                    body: ByteBuffer(string: fields.joined(separator: "&"))
                )
            }

            let page = try await client.execute(uri: "/review/plates", method: .get, headers: [.cookie: admin.cookie])
            #expect(page.status == .ok && page.text.contains("None yet"))
            for id in shots { #expect(page.text.contains(#"name="claim" value="\#(id)""#), "claim \(id) offered") }
            #expect(!page.text.contains(#"value="\#(full)""#), "a rejected claim is no plate model")

            #expect(try await use(shots, csrf: "forged").status == .forbidden)
            #expect(try await use([shots[0], full, shots[1]]).status == .badRequest)
            let duplicate = try await use([shots[0], shots[0], shots[1]])
            #expect(duplicate.status == .unprocessableContent && duplicate.text.contains("duplicate_photos"), "\(duplicate.text)")
            let badName = try await use(shots, name: "two+words")
            #expect(badName.status == .unprocessableContent && badName.text.contains("name is 1 to 64"))

            let enrolled = try await use(shots)
            #expect(enrolled.status == .seeOther, "\(enrolled.text)")
            #expect(enrolled.headers[.location] == "/review/plates?site=default&enrolled=flowers@1")
            let after = try await client.execute(uri: "/review/plates?enrolled=flowers@1", method: .get, headers: [.cookie: admin.cookie])
            #expect(after.text.contains("<td>flowers@1</td>") && after.text.contains("Enrolled flowers@1"))

            let moderator = try await signIn(client, key: harness.moderator)
            let looking = try await client.execute(uri: "/review/plates", method: .get, headers: [.cookie: moderator.cookie])
            #expect(looking.status == .ok && looking.text.contains("takes an admin") && !looking.text.contains(#"name="claim""#))
            let refused = try await client.execute(
                uri: "/review/plates",
                method: .post,
                headers: [.cookie: moderator.cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(
                    string: "csrf=\(moderator.csrf)&site=default&name=mine&" + shots.map { "claim=\($0)" }.joined(separator: "&")
                )
            )
            #expect(refused.status == .forbidden)
        }
        #expect(try await harness.store.plateModels(at: .default).map(\.reference) == ["flowers@1"])
    }
}
