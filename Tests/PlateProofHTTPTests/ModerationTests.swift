import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PlateProofDomain
import PlateProofHTTP
import PlateProofStore
import PlateProofStoreSQLite
import Testing

@Suite("Moderation: decisions, quality control, the review page")
struct ModerationTests {
    /// Two claims of the same photo: the second is flagged as a duplicate.
    func flaggedClaim(_ harness: HTTPTestHarness) async throws -> Int64 {
        let photo = try HTTPTestHarness.photo("synthetic-clean.jpg")
        try await harness.test { client in
            try await client.upload(photo, account: "alice", key: harness.uploader, idempotencyKey: "first")
        }
        try await harness.drain()
        try await harness.test { client in
            try await client.upload(photo, account: "bob", key: harness.uploader, idempotencyKey: "second")
        }
        try await harness.drain()
        let flagged = try #require(try await harness.store.allClaims().first { $0.state.status == .review })
        #expect(flagged.reasons.contains(.duplicatePhoto))
        return flagged.id
    }

    func decide(_ client: some TestClientProtocol, _ id: Int64, _ decision: String, key: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/claims/\(id)/decision",
            method: .post,
            headers: .bearer(key, [.contentType: "application/json"]),
            body: ByteBuffer(string: #"{"decision": "\#(decision)", "reason": "looked_at_it"}"#)
        )
    }

    @Test("a moderator approves a flagged claim: credited once, audited with the key's name; a second decision is 409")
    func approveFlagged() async throws {
        let harness = try await HTTPTestHarness()
        let id = try await flaggedClaim(harness)
        let bob = AccountID(rawValue: "bob")!
        #expect(try await harness.store.balance(of: bob, at: .default) == .zero)
        try await harness.test { client in
            let forbidden = try await decide(client, id, "approve", key: harness.uploader)
            #expect(forbidden.status == .forbidden)

            let response = try await decide(client, id, "approve", key: harness.moderator)
            #expect(response.status == .ok)
            let body = try response.json()
            #expect(body["kind"] as? String == "review")
            #expect(body["ledger_entries_written"] as? Int == 1)
            let claim = try #require(body["claim"] as? [String: Any])
            #expect(claim["status"] as? String == "approved")

            let again = try await decide(client, id, "reject", key: harness.moderator)
            #expect(again.status == .conflict)
            #expect(try again.json()["code"] as? String == "conflict")

            let invalid = try await decide(client, id, "maybe", key: harness.moderator)
            #expect(invalid.status == .badRequest)
            let unknown = try await decide(client, 999, "approve", key: harness.moderator)
            #expect(unknown.status == .notFound)
        }
        #expect(try await harness.store.balance(of: bob, at: .default) == Credits(200))
        let entries = try await harness.store.entries(of: bob, at: .default)
        #expect(entries.map(\.reason) == ["moderator:mia"])
    }

    @Test("quality control: agreeing moves no credits, overturning corrects the ledger; agreement is counted per heuristic")
    func qualityControl() async throws {
        let harness = try await HTTPTestHarness()
        let clean = try HTTPTestHarness.photo("synthetic-clean.jpg")
        let food = try HTTPTestHarness.photo("synthetic-food.jpg")
        try await harness.test { client in
            try await client.upload(clean, account: "alice", key: harness.uploader)
            try await client.upload(food, account: "carol", key: harness.uploader)
        }
        try await harness.drain(qualityControlRate: 1)
        let claims = try await harness.store.allClaims()
        let approved = try #require(claims.first { $0.state.status == .approved })
        let rejected = try #require(claims.first { $0.state.status == .rejected })
        #expect(try await harness.store.reviewQueue(site: nil, limit: 10).map(\.kind) == [.qa, .qa])
        try await harness.test { client in
            let agree = try await decide(client, rejected.id, "reject", key: harness.moderator)
            #expect(try agree.json()["agreed_with_machine"] as? Bool == true)
            #expect(try agree.json()["ledger_entries_written"] as? Int == 0)
            let overturn = try await decide(client, approved.id, "reject", key: harness.moderator)
            #expect(try overturn.json()["agreed_with_machine"] as? Bool == false)
            #expect(try overturn.json()["ledger_entries_written"] as? Int == 1)
            #expect(try await decide(client, approved.id, "approve", key: harness.moderator).status == .conflict)

            let page = try await client.execute(uri: "/review", method: .get, headers: .bearer(harness.moderator))
            #expect(page.text.contains("50.0%"))
        }
        #expect(try await harness.store.balance(of: AccountID(rawValue: "alice")!, at: .default) == .zero)
        #expect(try await harness.store.entries(of: AccountID(rawValue: "alice")!, at: .default).map(\.kind) == [.claimCredit, .reversal])
        let rates = try await harness.store.agreementRates(site: nil)
        #expect(rates.map(\.answered) == [2])
        #expect(rates.map(\.agreed) == [1])
    }

    @Test("the review page: sign-in form without a key (401), refused to uploaders (403), flagged claims with evidence and matches")
    func reviewPage() async throws {
        let harness = try await HTTPTestHarness()
        let id = try await flaggedClaim(harness)
        let original = try #require(try await harness.store.claim(id: id)?.matches.first)
        try await harness.test { client in
            let anonymous = try await client.execute(uri: "/review", method: .get)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.text.contains("action=\"/review/login\""))
            #expect(try await client.execute(uri: "/review", method: .get, headers: .bearer(harness.uploader)).status == .forbidden)

            let page = try await client.execute(uri: "/review", method: .get, headers: .bearer(harness.moderator))
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.contains("Claim \(id)"))
            #expect(page.text.contains("src=\"/v1/claims/\(id)/evidence\""))
            #expect(page.text.contains("src=\"/v1/claims/\(original)/evidence\""))
            #expect(page.text.contains("duplicate_photo"))

            let evidence = try await client.execute(uri: "/v1/claims/\(id)/evidence", method: .get, headers: .bearer(harness.moderator))
            #expect(evidence.status == .ok)
            #expect(evidence.headers[.contentType] == "image/jpeg")
            #expect(evidence.headers[.cacheControl]?.contains("immutable") == true)
            #expect(Array(evidence.body.readableBytesView.prefix(2)) == [0xFF, 0xD8])
            let etag = try #require(evidence.headers[.eTag])
            let cached = try await client.execute(
                uri: "/v1/claims/\(id)/evidence",
                method: .get,
                headers: .bearer(harness.moderator, [.ifNoneMatch: etag])
            )
            #expect(cached.status == .notModified)
        }
    }

    @Test("what the machine saw: kept for claims it did not approve, shown beside the evidence, 404 for approved ones")
    func overlays() async throws {
        let harness = try await HTTPTestHarness()
        try await harness.test { client in
            try await client.upload(try HTTPTestHarness.photo("synthetic-no-plate.jpg"), account: "alice", key: harness.uploader)
            try await client.upload(try HTTPTestHarness.photo("synthetic-clean.jpg"), account: "bob", key: harness.uploader)
        }
        try await harness.drain()
        let claims = try await harness.store.allClaims()
        let flagged = try #require(claims.first { $0.state.status == .review })
        let approved = try #require(claims.first { $0.state.status == .approved })
        try await harness.test { client in
            let overlay = try await client.execute(
                uri: "/v1/claims/\(flagged.id)/overlay",
                method: .get,
                headers: .bearer(harness.moderator)
            )
            #expect(overlay.status == .ok && overlay.headers[.contentType] == "image/jpeg")
            #expect(Array(overlay.body.readableBytesView.prefix(2)) == [0xFF, 0xD8])
            #expect(overlay.headers[.eTag] == "\"\(flagged.overlaySHA256 ?? "")\"")
            let none = try await client.execute(uri: "/v1/claims/\(approved.id)/overlay", method: .get, headers: .bearer(harness.moderator))
            #expect(none.status == .notFound)
            #expect(try none.json()["code"] as? String == "no_overlay")
            let claim = try await client.execute(uri: "/v1/claims/\(flagged.id)", method: .get, headers: .bearer(harness.uploader))
            #expect(try claim.json()["overlay_sha256"] as? String == flagged.overlaySHA256)
            let page = try await client.execute(uri: "/review", method: .get, headers: .bearer(harness.moderator))
            #expect(page.text.contains("src=\"/v1/claims/\(flagged.id)/overlay\""))
            #expect(page.text.contains("<kbd>o</kbd>"))
        }
    }

    @Test("browser sessions: login sets an HTTP-only SameSite cookie; forms need the session's token")
    func sessions() async throws {
        let harness = try await HTTPTestHarness()
        let id = try await flaggedClaim(harness)
        try await harness.test { client in
            let wrong = try await client.execute(
                uri: "/review/login",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "key=pp_nope")
            )
            #expect(wrong.status == .unauthorized)
            let notModerator = try await client.execute(
                uri: "/review/login",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "key=\(harness.uploader)")
            )
            #expect(notModerator.status == .forbidden)

            let login = try await client.execute(
                uri: "/review/login",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "key=\(harness.moderator)")
            )
            #expect(login.status == .seeOther)
            let setCookie = try #require(login.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Strict"))
            let cookie = try #require(setCookie.split(separator: ";").first.map(String.init))

            let page = try await client.execute(uri: "/review", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            let csrf = try #require(Self.csrfToken(in: page.text))

            let form: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let forged = try await client.execute(
                uri: "/v1/claims/\(id)/decision",
                method: .post,
                headers: form,
                body: ByteBuffer(string: "decision=approve&reason=verified_clean")
            )
            #expect(forged.status == .forbidden)
            #expect(try forged.json()["code"] as? String == "csrf_failed")

            let posted = try await client.execute(
                uri: "/v1/claims/\(id)/decision",
                method: .post,
                headers: form,
                body: ByteBuffer(string: "decision=approve&reason=verified_clean&csrf=\(csrf)")
            )
            #expect(posted.status == .seeOther)
            #expect(posted.headers[.location] == "/review")

            let logout = try await client.execute(
                uri: "/review/logout",
                method: .post,
                headers: form,
                body: ByteBuffer(string: "csrf=\(csrf)")
            )
            #expect(logout.status == .seeOther)
            #expect(try await client.execute(uri: "/review", method: .get, headers: [.cookie: cookie]).status == .unauthorized)
        }
        #expect(try await harness.store.claim(id: id)?.state.status == .approved)
    }

    @Test("review forms from another site are refused; the page allows only its own script and style; cookies can be Secure")
    func crossSiteAndPolicy() async throws {
        var configured = try await HTTPTestHarness()
        configured.dependencies.publicURL = "https://review.example.org"
        configured.dependencies.secureCookies = true
        let harness = configured
        let id = try await flaggedClaim(harness)
        try await harness.test { client in
            let login = try await client.execute(
                uri: "/review/login",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .origin: "https://review.example.org"],
                body: ByteBuffer(string: "key=\(harness.moderator)")
            )
            #expect(login.status == .seeOther)
            let setCookie = try #require(login.headers[.setCookie])
            #expect(setCookie.contains("Secure"))
            let cookie = try #require(setCookie.split(separator: ";").first.map(String.init))
            let foreignLogin = try await client.execute(
                uri: "/review/login",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .origin: "https://evil.example"],
                body: ByteBuffer(string: "key=\(harness.moderator)")
            )
            #expect(foreignLogin.status == .forbidden)
            #expect(try foreignLogin.json()["code"] as? String == "cross_origin")

            let page = try await client.execute(uri: "/review", method: .get, headers: [.cookie: cookie])
            let policy = try #require(page.headers[.contentSecurityPolicy])
            let nonce = try #require(policy.split(separator: "'nonce-").dropFirst().first?.prefix { $0 != "'" })
            #expect(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'"))
            #expect(page.text.contains("<script nonce=\"\(nonce)\">") && page.text.contains("<style nonce=\"\(nonce)\">"))
            let again = try await client.execute(uri: "/review", method: .get, headers: [.cookie: cookie])
            #expect(again.headers[.contentSecurityPolicy] != policy, "the nonce is not new per response")
            let csrf = try #require(Self.csrfToken(in: page.text))

            let form = "decision=approve&reason=verified_clean&csrf=\(csrf)"
            for (header, value) in [(HTTPField.Name.origin, "https://evil.example"), (.referer, "https://evil.example/review")] {
                let forged = try await client.execute(
                    uri: "/v1/claims/\(id)/decision",
                    method: .post,
                    headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded", header: value],
                    body: ByteBuffer(string: form)
                )
                #expect(forged.status == .forbidden, "\(header)")
                #expect(try forged.json()["code"] as? String == "cross_origin", "\(header)")
            }
            let truncated = try await client.execute(
                uri: "/v1/claims/\(id)/decision",
                method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded", .origin: "https://review.example.org"],
                body: ByteBuffer(string: "decision=approve&reason=verified_clean&csrf=\(csrf.dropLast())")
            )
            #expect(truncated.status == .forbidden)
            #expect(try truncated.json()["code"] as? String == "csrf_failed")
            let own = try await client.execute(
                uri: "/v1/claims/\(id)/decision",
                method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded", .origin: "https://review.example.org"],
                body: ByteBuffer(string: form)
            )
            #expect(own.status == .seeOther)
        }
        #expect(try await harness.store.claim(id: id)?.state.status == .approved)
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}
