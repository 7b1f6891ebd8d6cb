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

/// Who calls: a key of `role` scoped to the site the objects belong to (`own`), to another site
/// (`other`), or platform-wide.
private enum Perspective: String, CaseIterable {
    case own, other, platform
}

/// One route, aimed at objects of the site `north`, and the status each caller must get.
private struct ScopedRoute {
    var name: String
    var method: HTTPRequest.Method
    var uri: String
    var contentType: String?
    var body: String?
    var expected: [Perspective: [APIRole: HTTPResponse.Status]]
}

@Suite("Sites: no key sees or decides outside its own site")
struct SiteScopeTests {
    /// Two sites, `north` and `south`, with a key of every role at each; at `north`, a rejected claim
    /// (evidence and overlay stored) of `alice`, her household `home` and the group `dorm`.
    private struct World {
        var harness: HTTPTestHarness
        var keys: [Perspective: [APIRole: String]]
        var claim: ClaimRecord
        /// North's webhook endpoint, and a delivery of the claim's events to it.
        var webhook: String
        var delivery: Int64
    }

    private func world() async throws -> World {
        let harness = try await HTTPTestHarness()
        let store = harness.store
        for site in ["north", "south"] {
            try await store.createSite(Site(id: SiteID(rawValue: site)!, name: site, createdAt: HTTPTestHarness.now))
        }
        var keys: [Perspective: [APIRole: String]] = [
            .platform: [.uploader: harness.uploader, .moderator: harness.moderator, .admin: harness.admin]
        ]
        for (perspective, site) in [(Perspective.own, "north"), (.other, "south")] {
            for role in APIRole.allCases {
                keys[perspective, default: [:]][role] =
                    try await store.createKey(name: "\(site)-\(role)", role: role, site: SiteID(rawValue: site), now: HTTPTestHarness.now)
                    .secret
            }
        }
        let admin = try #require(harness.dependencies.webhooks)
        let webhook = try await admin.create(
            url: "https://north.example.org/hook",
            events: ["claim.rejected"],
            description: "north",
            site: SiteID(rawValue: "north")!,
            actor: "test",
            now: HTTPTestHarness.now
        ).endpoint
        let food = try HTTPTestHarness.photo("synthetic-food.jpg")
        let northUploader = try #require(keys[.own]?[.uploader])
        try await harness.test { client in
            let upload = try await client.upload(food, account: "alice", key: northUploader)
            #expect(upload.status == .accepted, "\(upload.text)")
        }
        try await harness.drain()
        let claim = try #require(try await store.allClaims().first)
        #expect(claim.request.site.rawValue == "north" && claim.state.status == .rejected && claim.overlaySHA256 != nil)
        try await store.createHousehold(HouseholdID(rawValue: "home")!, at: claim.request.site, now: HTTPTestHarness.now)
        try await store.addToHousehold(HouseholdID(rawValue: "home")!, at: claim.request.site, accounts: [claim.request.account])
        try await store.createGroup(GroupID(rawValue: "dorm")!, at: claim.request.site, now: HTTPTestHarness.now)
        let delivery = try #require(try await store.deliveries(endpoint: webhook.id, limit: 10).first)
        return World(harness: harness, keys: keys, claim: claim, webhook: webhook.id, delivery: delivery.id)
    }

    /// Every role gets `own` at its site and for platform keys, and 404 from another site.
    private static func visible(_ status: HTTPResponse.Status) -> [Perspective: [APIRole: HTTPResponse.Status]] {
        let everyRole = Dictionary(uniqueKeysWithValues: APIRole.allCases.map { ($0, status) })
        return [.own: everyRole, .platform: everyRole, .other: everyRole.mapValues { _ in .notFound }]
    }

    /// Admins only: `own` at their site and for platform keys, `other` from another site.
    private static func admins(own: HTTPResponse.Status, other: HTTPResponse.Status) -> [Perspective: [APIRole: HTTPResponse.Status]] {
        let forbidden: [APIRole: HTTPResponse.Status] = [.uploader: .forbidden, .moderator: .forbidden]
        return [
            .own: forbidden.merging([.admin: own]) { $1 },
            .other: forbidden.merging([.admin: other]) { $1 },
            .platform: forbidden.merging([.admin: own]) { $1 },
        ]
    }

    private static func routes(claim id: Int64, webhook: String, delivery: Int64) -> [ScopedRoute] {
        let catalogue = #"{"activities": [{"id": "clean-plate", "credits": 120, "daily_cap": 2}]}"#
        let moderators: [APIRole: HTTPResponse.Status] = [.uploader: .forbidden, .moderator: .ok, .admin: .ok]
        return [
            ScopedRoute(name: "claim", method: .get, uri: "/v1/claims/\(id)", expected: visible(.ok)),
            ScopedRoute(name: "evidence", method: .get, uri: "/v1/claims/\(id)/evidence", expected: visible(.ok)),
            ScopedRoute(name: "overlay", method: .get, uri: "/v1/claims/\(id)/overlay", expected: visible(.ok)),
            // An invalid decision changes nothing: 400 shows the claim was found, 404 that it was not.
            ScopedRoute(
                name: "decision",
                method: .post,
                uri: "/v1/claims/\(id)/decision",
                contentType: "application/json",
                body: #"{"decision": "review", "reason": "x"}"#,
                expected: [
                    .own: [.uploader: .forbidden, .moderator: .badRequest, .admin: .badRequest],
                    .other: [.uploader: .forbidden, .moderator: .notFound, .admin: .notFound],
                    .platform: [.uploader: .forbidden, .moderator: .badRequest, .admin: .badRequest],
                ]
            ),
            ScopedRoute(name: "account", method: .get, uri: "/v1/accounts/alice?site=north", expected: visible(.ok)),
            ScopedRoute(name: "household", method: .get, uri: "/v1/households/home?site=north", expected: visible(.ok)),
            ScopedRoute(name: "leaderboard", method: .get, uri: "/v1/leaderboard?site=north&group=dorm", expected: visible(.ok)),
            ScopedRoute(name: "events", method: .get, uri: "/v1/events?site=north", expected: visible(.ok)),
            ScopedRoute(name: "site", method: .get, uri: "/v1/sites/north", expected: visible(.ok)),
            ScopedRoute(name: "plate models", method: .get, uri: "/v1/sites/north/plates", expected: visible(.ok)),
            // A bad model name changes nothing: 422 shows the site was found, 404 that it was not.
            ScopedRoute(
                name: "plate enrolment",
                method: .post,
                uri: "/v1/sites/north/plates",
                contentType: "multipart/form-data; boundary=B",
                body: "--B\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nno spaces\r\n--B--\r\n",
                expected: admins(own: .unprocessableContent, other: .notFound)
            ),
            // Lists answer everyone allowed; another site's must simply not hold north's.
            ScopedRoute(name: "sites", method: .get, uri: "/v1/sites", expected: visible(.ok).mapValues { $0.mapValues { _ in .ok } }),
            ScopedRoute(
                name: "review page",
                method: .get,
                uri: "/review",
                expected: [.own: moderators, .other: moderators, .platform: moderators]
            ),
            ScopedRoute(name: "webhooks", method: .get, uri: "/v1/webhooks", expected: admins(own: .ok, other: .ok)),
            ScopedRoute(name: "webhook", method: .get, uri: "/v1/webhooks/\(webhook)", expected: admins(own: .ok, other: .notFound)),
            ScopedRoute(
                name: "webhook deliveries",
                method: .get,
                uri: "/v1/webhooks/\(webhook)/deliveries",
                expected: admins(own: .ok, other: .notFound)
            ),
            ScopedRoute(
                name: "webhook resend",
                method: .post,
                uri: "/v1/webhooks/\(webhook)/deliveries/\(delivery)/resend",
                expected: admins(own: .ok, other: .notFound)
            ),
            ScopedRoute(
                name: "webhook update",
                method: .patch,
                uri: "/v1/webhooks/\(webhook)",
                contentType: "application/json",
                body: #"{"description": "north, changed"}"#,
                expected: admins(own: .ok, other: .notFound)
            ),
            ScopedRoute(
                name: "webhook rotate",
                method: .post,
                uri: "/v1/webhooks/\(webhook)/rotate",
                expected: admins(own: .ok, other: .notFound)
            ),
            ScopedRoute(
                name: "webhook disable",
                method: .post,
                uri: "/v1/webhooks/\(webhook)/disable",
                expected: admins(own: .ok, other: .notFound)
            ),
            ScopedRoute(
                name: "catalogue",
                method: .put,
                uri: "/v1/sites/north/catalogue",
                contentType: "application/json",
                body: catalogue,
                expected: [
                    .own: [.uploader: .forbidden, .moderator: .forbidden, .admin: .ok],
                    .other: [.uploader: .forbidden, .moderator: .forbidden, .admin: .notFound],
                    .platform: [.uploader: .forbidden, .moderator: .forbidden, .admin: .ok],
                ]
            ),
            ScopedRoute(
                name: "upload",
                method: .post,
                uri: "/v1/claims?account=bob&site=north",
                contentType: "image/jpeg",
                expected: [
                    .own: [.uploader: .accepted, .moderator: .forbidden, .admin: .accepted],
                    .other: [.uploader: .notFound, .moderator: .forbidden, .admin: .notFound],
                    .platform: [.uploader: .accepted, .moderator: .forbidden, .admin: .accepted],
                ]
            ),
            ScopedRoute(
                name: "deactivate",
                method: .post,
                uri: "/v1/sites/north/deactivate",
                expected: [
                    .own: [.uploader: .forbidden, .moderator: .forbidden, .admin: .forbidden],
                    .other: [.uploader: .forbidden, .moderator: .forbidden, .admin: .forbidden],
                    // Last of all: from here on north takes no uploads.
                    .platform: [.uploader: .forbidden, .moderator: .forbidden, .admin: .ok],
                ]
            ),
        ]
    }

    @Test("every route x {own site, other site, platform} x every role answers as the table says; no other site's object leaks")
    func crossSiteMatrix() async throws {
        let world = try await world()
        let claim = world.claim
        let routes = Self.routes(claim: claim.id, webhook: world.webhook, delivery: world.delivery)
        let secrets = [claim.request.photoSHA256, claim.evidenceSHA256, claim.overlaySHA256].compactMap { $0 }
        let photo = try HTTPTestHarness.photo("synthetic-clean.jpg")
        try await world.harness.test { client in
            var cases = 0
            for route in routes {
                // Platform keys go last, so that deactivation (a platform admin's) comes after every other case.
                for perspective in [Perspective.own, .other, .platform] {
                    for role in APIRole.allCases {
                        let key = try #require(world.keys[perspective]?[role])
                        let expected = try #require(route.expected[perspective]?[role], "\(route.name) has no \(perspective) \(role)")
                        var headers = HTTPFields.bearer(key)
                        if let type = route.contentType { headers[.contentType] = type }
                        let body: ByteBuffer? =
                            route.contentType == "image/jpeg"
                            ? ByteBuffer(bytes: photo + Array("\(perspective) \(role)".utf8))
                            : route.body.map { ByteBuffer(string: $0) }
                        let response = try await client.execute(uri: route.uri, method: route.method, headers: headers, body: body)
                        #expect(response.status == expected, "\(route.name) as \(perspective) \(role): \(response.text.prefix(200))")
                        if perspective == .other {
                            let text = response.text
                            for secret in secrets { #expect(!text.contains(secret), "\(route.name) as \(perspective) \(role) leaked") }
                            #expect(!text.contains(#""site":"north""#) && !text.contains("alice"), "\(route.name): \(text.prefix(200))")
                        }
                        cases += 1
                    }
                }
            }
            #expect(cases == routes.count * 9)
        }
        #expect(try await world.harness.store.site(SiteID(rawValue: "north")!)?.active == false)
    }

    @Test("lists hold the key's site only: events, the review page, sites; a platform key sees every site or the one it names")
    func listsAreScoped() async throws {
        let world = try await world()
        let (harness, keys) = (world.harness, world.keys)
        let clean = try HTTPTestHarness.photo("synthetic-clean.jpg")
        try await harness.test { client in
            // The same photo at both sites: south's claim is a duplicate of north's, shown as one elsewhere.
            try await client.upload(clean, account: "alice", key: try #require(keys[.own]?[.uploader]))
            try await client.upload(clean, account: "alice", key: try #require(keys[.other]?[.uploader]))
        }
        try await harness.drain()
        try await harness.test { client in
            func get(_ uri: String, _ perspective: Perspective, _ role: APIRole = .moderator) async throws -> TestResponse {
                try await client.execute(uri: uri, method: .get, headers: .bearer(try #require(keys[perspective]?[role])))
            }
            func sites(ofEvents response: TestResponse) throws -> Set<String> {
                Set(try #require(try response.json()["events"] as? [[String: Any]]).compactMap { $0["site"] as? String })
            }
            #expect(try sites(ofEvents: try await get("/v1/events", .own)) == ["north"])
            #expect(try sites(ofEvents: try await get("/v1/events", .other)) == ["south"])
            #expect(try sites(ofEvents: try await get("/v1/events", .platform)) == ["north", "south"])
            #expect(try sites(ofEvents: try await get("/v1/events?site=south", .platform)) == ["south"])
            #expect(try await get("/v1/events?site=north", .other).status == .notFound)
            #expect(try await get("/v1/events?site=nowhere", .platform).status == .notFound)

            let southClaim = try #require(try await harness.store.allClaims().last)
            #expect(southClaim.request.site.rawValue == "south" && southClaim.matches.count == 1)
            let shown = try await get("/v1/claims/\(southClaim.id)", .other).json()
            #expect((shown["matches"] as? [Int])?.isEmpty == true && shown["matches_elsewhere"] as? Int == 1)
            let platformView = try await get("/v1/claims/\(southClaim.id)", .platform).json()
            #expect(platformView["matches"] as? [Int] == southClaim.matches.map(Int.init))

            let southPage = try await get("/review", .other).text
            #expect(southPage.contains("claim-\(southClaim.id)") && !southPage.contains("alice, "), "\(southPage.prefix(400))")
            #expect(southPage.contains("claimed 1 time(s) at another site"))
            let northPage = try await get("/review", .own).text
            #expect(!northPage.contains("claim-\(southClaim.id)"))
            #expect(try await get("/review", .platform).text.contains("claim-\(southClaim.id)"))

            let listed = try #require(try await get("/v1/sites", .other, .uploader).json()["sites"] as? [[String: Any]])
            #expect(listed.compactMap { $0["site"] as? String } == ["south"])
            let all = try #require(try await get("/v1/sites", .platform, .uploader).json()["sites"] as? [[String: Any]])
            #expect(all.compactMap { $0["site"] as? String } == ["default", "north", "south"])
        }
    }

    @Test("sites are created and configured with validation: a bad catalogue is a 422 naming the field; an inactive site takes no uploads")
    func siteAdministration() async throws {
        let harness = try await HTTPTestHarness()
        try await harness.test { client in
            func send(_ method: HTTPRequest.Method, _ uri: String, _ body: String, key: String? = nil) async throws -> TestResponse {
                try await client.execute(
                    uri: uri,
                    method: method,
                    headers: .bearer(key ?? harness.admin, [.contentType: "application/json"]),
                    body: ByteBuffer(string: body)
                )
            }
            let created = try await send(
                .post,
                "/v1/sites",
                #"{"id": "art-academy", "name": "Art academy", "time_zone": "Asia/Shanghai", "catalogue": {"activities": [{"id": "clean-plate", "credits": 50}]}}"#
            )
            #expect(created.status == .created, "\(created.text)")
            let site = try created.json()
            #expect(site["utc_offset_hours"] as? Double == 8 && site["time_zone"] as? String == "Asia/Shanghai")
            #expect(try await send(.post, "/v1/sites", #"{"id": "art-academy"}"#).status == .conflict)
            #expect(try await send(.post, "/v1/sites", #"{"id": "art-academy"}"#, key: harness.uploader).status == .forbidden)

            let refusals: [(String, String, String)] = [
                ("/v1/sites", #"{"id": "bad id"}"#, "id"),
                ("/v1/sites", #"{"id": "x", "time_zone": "Mars/Olympus"}"#, "time_zone"),
                ("/v1/sites", #"{"id": "x", "catalogue": {"activities": [{"id": "clean-plate"}]}}"#, "catalogue.activities[0].credits"),
                ("/v1/sites/art-academy/catalogue", #"{"activities": [{"id": "a", "credits": -5}]}"#, "activities[0].credits"),
                (
                    "/v1/sites/art-academy/catalogue", #"{"activities": [{"id": "a", "credits": 5, "allowed_hours": [9]}]}"#,
                    "activities[0].allowed_hours"
                ),
                ("/v1/sites/art-academy/catalogue", #"{"utc_offset_hours": 2, "activities": []}"#, "utc_offset_hours"),
                (
                    "/v1/sites/art-academy/catalogue", #"{"activities": [{"id": "a", "credits": 1}, {"id": "a", "credits": 2}]}"#,
                    "activities[1].id"
                ),
            ]
            for (uri, body, field) in refusals {
                let response = try await send(uri.hasSuffix("catalogue") ? .put : .post, uri, body)
                #expect(response.status == .unprocessableContent, "\(body): \(response.text)")
                #expect(try response.json()["field"] as? String == field, "\(body): \(response.text)")
            }
            let reset = try await send(.put, "/v1/sites/art-academy/catalogue", #"{"activities": null}"#)
            let resetSite = try reset.json()
            #expect(reset.status == .ok && resetSite["catalogue"] == nil)

            #expect(try await send(.post, "/v1/sites/art-academy/deactivate", "").status == .ok)
            let headers = HTTPFields.bearer(harness.uploader, [.contentType: "image/jpeg"])
            let upload = try await client.execute(
                uri: "/v1/claims?account=ada&site=art-academy",
                method: .post,
                headers: headers,
                body: ByteBuffer(bytes: try HTTPTestHarness.photo("synthetic-clean.jpg"))
            )
            let refusal = try upload.json()
            #expect(upload.status == .conflict && refusal["code"] as? String == "site_inactive", "\(upload.text)")
            let history = try await client.execute(uri: "/v1/sites/art-academy", method: .get, headers: .bearer(harness.uploader))
            let inactive = try history.json()
            #expect(history.status == .ok && inactive["active"] as? Bool == false)
            #expect(try await send(.post, "/v1/sites/default/deactivate", "").status == .conflict)
        }
    }
}
