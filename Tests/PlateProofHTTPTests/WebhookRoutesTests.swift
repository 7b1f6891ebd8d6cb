import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PlateProofDomain
import PlateProofHTTP
import PlateProofStore
import PlateProofStoreSQLite
import PlateProofWebhooks
import Testing

@Suite("Webhook endpoints through the API")
struct WebhookRoutesTests {
    func json(_ object: [String: Any]) -> ByteBuffer { ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object)) }

    @Test("an admin registers an endpoint and sees its secret once; bad requests are named, other roles refused")
    func create() async throws {
        let harness = try await HTTPTestHarness()
        try await harness.test { client in
            let body = json([
                "url": "https://receiver.example.org/hook", "events": ["claim.approved", "ledger.entry_created"], "description": "app",
            ])
            let created = try await client.execute(uri: "/v1/webhooks", method: .post, headers: .bearer(harness.admin), body: body)
            #expect(created.status == .created)
            let endpoint = try created.json()
            let id = try #require(endpoint["id"] as? String)
            #expect((endpoint["secret"] as? String)?.hasPrefix("whsec_") == true && endpoint["status"] as? String == "active")
            #expect(endpoint["events"] as? [String] == ["claim.approved", "ledger.entry_created"])

            let shown = try await client.execute(uri: "/v1/webhooks/\(id)", method: .get, headers: .bearer(harness.admin))
            #expect(shown.status == .ok && ((try? shown.json())?["secret"]) == nil)
            let listed = try await client.execute(uri: "/v1/webhooks", method: .get, headers: .bearer(harness.admin))
            #expect(((try? listed.json())?["webhooks"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])

            for (request, field) in [
                (["url": "http://receiver.example.org/", "events": ["claim.approved"]], "url"),
                (["url": "https://169.254.169.254/", "events": ["claim.approved"]], "url"),
                (["url": "https://receiver.example.org/", "events": ["claim.paid"]], "events"),
                (["url": "https://receiver.example.org/", "events": [String]()], "events"),
                (["url": "https://receiver.example.org/", "events": ["claim.approved"], "site": "nowhere"], "site"),
                (["url": "https://receiver.example.org/", "events": ["claim.approved"], "site": "not a site"], "site"),
            ] as [([String: Any], String)] {
                let refused = try await client.execute(
                    uri: "/v1/webhooks",
                    method: .post,
                    headers: .bearer(harness.admin),
                    body: json(request)
                )
                #expect(refused.status == .unprocessableContent && ((try? refused.json())?["message"] as? String)?.hasPrefix(field) == true)
                #expect((try? refused.json())?["field"] as? String == field, "\(refused.text)")
            }
            // An endpoint of one site; a site's admin may not manage endpoints at all.
            try await harness.store.createSite(Site(id: SiteID(rawValue: "campus")!, name: "campus", createdAt: HTTPTestHarness.now))
            let campus = try await client.execute(
                uri: "/v1/webhooks",
                method: .post,
                headers: .bearer(harness.admin),
                body: json(["url": "https://receiver.example.org/campus", "events": ["claim.approved"], "site": "campus"])
            )
            #expect(campus.status == .created && (try? campus.json())?["site"] as? String == "campus", "\(campus.text)")
            // A site's admin sees and makes its site's endpoints only.
            let campusAdmin = try await harness.store.createKey(
                name: "campus-admin",
                role: .admin,
                site: SiteID(rawValue: "campus")!,
                now: HTTPTestHarness.now
            ).secret
            let seen = try await client.execute(uri: "/v1/webhooks", method: .get, headers: .bearer(campusAdmin))
            let campusID = try #require(try campus.json()["id"] as? String)
            #expect(((try? seen.json())?["webhooks"] as? [[String: Any]])?.map { $0["id"] as? String } == [campusID])
            #expect(try await client.execute(uri: "/v1/webhooks/\(id)", method: .get, headers: .bearer(campusAdmin)).status == .notFound)
            let own = try await client.execute(
                uri: "/v1/webhooks",
                method: .post,
                headers: .bearer(campusAdmin),
                body: json(["url": "https://receiver.example.org/own", "events": ["claim.approved"]])
            )
            #expect(own.status == .created && (try? own.json())?["site"] as? String == "campus", "\(own.text)")
            let elsewhere = try await client.execute(
                uri: "/v1/webhooks",
                method: .post,
                headers: .bearer(campusAdmin),
                body: json(["url": "https://receiver.example.org/x", "events": ["claim.approved"], "site": "default"])
            )
            #expect(elsewhere.status == .unprocessableContent && (try? elsewhere.json())?["field"] as? String == "site")
            let notJSON = try await client.execute(
                uri: "/v1/webhooks",
                method: .post,
                headers: .bearer(harness.admin),
                body: ByteBuffer(string: "url=")
            )
            #expect(notJSON.status == .badRequest && ((try? notJSON.json())?["code"] as? String) == "invalid_body")
            #expect(
                try await client.execute(uri: "/v1/webhooks", method: .post, headers: .bearer(harness.moderator), body: body).status
                    == .forbidden
            )
            #expect(try await client.execute(uri: "/v1/webhooks", method: .get, headers: .bearer(harness.uploader)).status == .forbidden)
            #expect(try await client.execute(uri: "/v1/webhooks", method: .get).status == .unauthorized)
            #expect(
                try await client.execute(uri: "/v1/webhooks/wh_0000", method: .get, headers: .bearer(harness.admin)).status == .notFound
            )
            #expect(
                try await client.execute(uri: "/v1/webhooks/WH%20x", method: .get, headers: .bearer(harness.admin)).status == .badRequest
            )
        }
    }

    @Test("an endpoint is changed, disabled, rotated, its deliveries read and resent, and deleted")
    func lifecycle() async throws {
        let harness = try await HTTPTestHarness()
        let clean = try HTTPTestHarness.photo("synthetic-clean.jpg")
        let created = try await harness.dependencies.webhooks!.create(
            url: "https://receiver.example.org/hook",
            events: ["claim.approved"],
            description: "",
            actor: "t",
            now: HTTPTestHarness.now
        )
        let id = created.endpoint.id
        try await harness.test { client in try await client.upload(clean, account: "alice", key: harness.uploader) }
        try await harness.drain()
        try await harness.test { client in
            let patched = try await client.execute(
                uri: "/v1/webhooks/\(id)",
                method: .patch,
                headers: .bearer(harness.admin),
                body: json(["events": ["claim.approved", "claim.review"], "description": "two"])
            )
            #expect(patched.status == .ok && ((try? patched.json())?["events"] as? [String]) == ["claim.approved", "claim.review"])
            let badStatus = try await client.execute(
                uri: "/v1/webhooks/\(id)",
                method: .patch,
                headers: .bearer(harness.admin),
                body: json(["status": "paused"])
            )
            #expect(badStatus.status == .unprocessableContent)

            let disabled = try await client.execute(uri: "/v1/webhooks/\(id)/disable", method: .post, headers: .bearer(harness.admin))
            #expect(
                (try? disabled.json())?["status"] as? String == "disabled"
                    && ((try? disabled.json())?["disabled_reason"] as? String) == "disabled by admin:root"
            )
            let enabled = try await client.execute(
                uri: "/v1/webhooks/\(id)",
                method: .patch,
                headers: .bearer(harness.admin),
                body: json(["status": "active"])
            )
            #expect((try? enabled.json())?["status"] as? String == "active")

            let rotated = try await client.execute(uri: "/v1/webhooks/\(id)/rotate", method: .post, headers: .bearer(harness.admin))
            let secret = try #require(try rotated.json()["secret"] as? String)
            #expect(secret != created.secret && ((try? rotated.json())?["previous_secret_valid_until"] as? Int) == 1_795_478_400 + 86400)

            let deliveries = try await client.execute(uri: "/v1/webhooks/\(id)/deliveries", method: .get, headers: .bearer(harness.admin))
            let list = try #require(try deliveries.json()["deliveries"] as? [[String: Any]])
            #expect(list.count == 1 && list[0]["type"] as? String == "claim.approved" && list[0]["state"] as? String == "pending")
            let delivery = try #require(list[0]["delivery_id"] as? Int)
            let resent = try await client.execute(
                uri: "/v1/webhooks/\(id)/deliveries/\(delivery)/resend",
                method: .post,
                headers: .bearer(harness.admin)
            )
            #expect(resent.status == .ok && ((try? resent.json())?["state"] as? String) == "pending")
            let elsewhere = try await client.execute(
                uri: "/v1/webhooks/wh_1/deliveries/\(delivery)/resend",
                method: .post,
                headers: .bearer(harness.admin)
            )
            #expect(elsewhere.status == .notFound)

            #expect(
                try await client.execute(uri: "/v1/webhooks/\(id)", method: .delete, headers: .bearer(harness.admin)).status == .noContent
            )
            #expect(
                try await client.execute(uri: "/v1/webhooks/\(id)", method: .delete, headers: .bearer(harness.admin)).status == .notFound
            )
        }
        #expect(try await harness.dependencies.store.webhooks().isEmpty)
    }
}
