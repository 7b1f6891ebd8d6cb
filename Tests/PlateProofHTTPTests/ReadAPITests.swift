import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PlateProofDomain
import PlateProofHTTP
import PlateProofStore
import PlateProofStoreSQLite
import Testing

@Suite("Accounts, households, leaderboard, events, health and metrics")
struct ReadAPITests {
    @Test("an account with no entries has balance 0; entries page with after and limit")
    func accounts() async throws {
        let harness = try await HTTPTestHarness()
        let clean = try HTTPTestHarness.photo("synthetic-clean.jpg")
        try await harness.test { client in
            let empty = try await client.execute(uri: "/v1/accounts/nobody", method: .get, headers: .bearer(harness.uploader))
            #expect(empty.status == .ok)
            #expect(try empty.json()["balance"] as? Int == 0)
            #expect((try empty.json()["entries"] as? [Any])?.isEmpty == true)
            try await client.upload(clean, account: "alice", key: harness.uploader)
        }
        try await harness.drain()
        // Two more ledger entries for alice: re-verification rejects, then approves again.
        let claim = try #require(try await harness.store.allClaims().first)
        _ = try await harness.store.redecide(
            claimID: claim.id,
            event: .reverified(.reject),
            actor: "plates-2",
            catalogue: .standard,
            now: HTTPTestHarness.now
        )
        _ = try await harness.store.redecide(
            claimID: claim.id,
            event: .reverified(.approve),
            actor: "plates-3",
            catalogue: .standard,
            now: HTTPTestHarness.now
        )
        try await harness.test { client in
            let first = try await client.execute(uri: "/v1/accounts/alice?limit=2", method: .get, headers: .bearer(harness.uploader))
            let page = try first.json()
            #expect(page["balance"] as? Int == 200)
            let entries = try #require(page["entries"] as? [[String: Any]])
            #expect(entries.map { $0["amount"] as? Int } == [200, -200])
            let next = try #require(page["next_after"] as? Int)
            let second = try await client.execute(
                uri: "/v1/accounts/alice?limit=2&after=\(next)",
                method: .get,
                headers: .bearer(harness.uploader)
            )
            let rest = try #require(try second.json()["entries"] as? [[String: Any]])
            #expect(rest.map { $0["amount"] as? Int } == [200])
            #expect(try second.json()["next_after"] == nil)

            let badLimit = try await client.execute(uri: "/v1/accounts/alice?limit=0", method: .get, headers: .bearer(harness.uploader))
            #expect(badLimit.status == .badRequest)
            #expect(try badLimit.json()["code"] as? String == "invalid_parameter")
            #expect(try await client.execute(uri: "/v1/accounts/alice", method: .get).status == .unauthorized)
        }
    }

    @Test("households sum their members; the leaderboard ranks accounts; unknown ones are 404")
    func householdsAndLeaderboard() async throws {
        let harness = try await HTTPTestHarness()
        try await harness.store.createHousehold(HouseholdID(rawValue: "flat-7")!, at: .default, now: HTTPTestHarness.now)
        try await harness.store.addToHousehold(
            HouseholdID(rawValue: "flat-7")!,
            at: .default,
            accounts: [AccountID(rawValue: "alice")!, AccountID(rawValue: "bob")!]
        )
        try await harness.test { client in
            try await client.upload(try HTTPTestHarness.photo("synthetic-clean.jpg"), account: "alice", key: harness.uploader)
        }
        try await harness.drain()
        try await harness.test { client in
            let household = try await client.execute(uri: "/v1/households/flat-7", method: .get, headers: .bearer(harness.uploader))
            #expect(try household.json()["balance"] as? Int == 200)
            #expect(try household.json()["members"] as? [String] == ["alice", "bob"])
            #expect(
                try await client.execute(uri: "/v1/households/none", method: .get, headers: .bearer(harness.uploader)).status == .notFound
            )

            let board = try await client.execute(uri: "/v1/leaderboard?period=day", method: .get, headers: .bearer(harness.uploader))
            let entries = try #require(try board.json()["entries"] as? [[String: Any]])
            #expect(entries.first?["account"] as? String == "alice")
            #expect(entries.first?["rank"] as? Int == 1)
            #expect(
                try await client.execute(uri: "/v1/leaderboard?period=year", method: .get, headers: .bearer(harness.uploader)).status
                    == .badRequest
            )
            #expect(
                try await client.execute(uri: "/v1/leaderboard?group=none", method: .get, headers: .bearer(harness.uploader)).status
                    == .notFound
            )
        }
    }

    @Test("the events feed lists decisions after a cursor, oldest first")
    func events() async throws {
        let harness = try await HTTPTestHarness()
        try await harness.test { client in
            try await client.upload(try HTTPTestHarness.photo("synthetic-clean.jpg"), account: "alice", key: harness.uploader)
            try await client.upload(try HTTPTestHarness.photo("synthetic-food.jpg"), account: "bob", key: harness.uploader)
            let none = try await client.execute(uri: "/v1/events", method: .get, headers: .bearer(harness.uploader))
            #expect((try none.json()["events"] as? [Any])?.isEmpty == true)
            #expect(try none.json()["next_after"] as? Int == 0)
        }
        try await harness.drain()
        try await harness.test { client in
            let feed = try await client.execute(uri: "/v1/events?limit=1", method: .get, headers: .bearer(harness.uploader))
            let first = try #require((try feed.json()["events"] as? [[String: Any]])?.first)
            #expect(first["account"] as? String == "alice")
            #expect(first["status"] as? String == "approved")
            let cursor = try #require(try feed.json()["next_after"] as? Int)
            let rest = try await client.execute(uri: "/v1/events?after=\(cursor)", method: .get, headers: .bearer(harness.uploader))
            let events = try #require(try rest.json()["events"] as? [[String: Any]])
            #expect(events.map { $0["account"] as? String } == ["bob"])
            #expect(events.map { $0["status"] as? String } == ["rejected"])
            #expect(
                try await client.execute(uri: "/v1/events?after=-1", method: .get, headers: .bearer(harness.uploader)).status == .badRequest
            )
        }
    }

    @Test("health and metrics answer without a key; metrics are Prometheus text prefixed plateproof_")
    func healthAndMetrics() async throws {
        let harness = try await HTTPTestHarness()
        _ = ServiceMetrics.registry
        try await harness.test { client in
            try await client.upload(try HTTPTestHarness.photo("synthetic-clean.jpg"), account: "alice", key: harness.uploader)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(try health.json()["queue_depth"] as? Int == 1)
        }
        try await harness.drain()
        try await harness.test { client in
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok)
            for name in [
                "plateproof_claims_received_total", "plateproof_decisions_total", "plateproof_queue_depth",
                "plateproof_job_duration_seconds", "plateproof_decode_duration_seconds",
            ] {
                #expect(metrics.text.contains("# TYPE \(name)"), "missing \(name)")
            }
        }
    }
}

@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    /// `METHOD /path` for every operation in the document (paths at two spaces, methods at four).
    static func documentedRoutes() -> Set<String> {
        var routes = Set<String>()
        var path: String?
        var inPaths = false
        for line in OpenAPIDocument.yaml.split(separator: "\n", omittingEmptySubsequences: true) {
            if !line.hasPrefix(" ") { inPaths = line == "paths:" }
            guard inPaths else { continue }
            if line.hasPrefix("  /") { path = String(line.dropFirst(2).dropLast()) }
            let methods = ["get", "post", "put", "patch", "delete"]
            if line.hasPrefix("    "), !line.hasPrefix("     "), let path,
                let method = methods.first(where: { line == "    \($0):" })
            {
                routes.insert("\(method.uppercased()) \(path)")
            }
        }
        return routes
    }

    @Test("every route is in the document and every documented operation is routed")
    func matchesRouter() async throws {
        let harness = try await HTTPTestHarness()
        let routed = Set(APIServer.router(harness.dependencies).routes.map(\.description))
        let documented = Self.documentedRoutes()
        #expect(routed.count >= 14)
        #expect(routed.subtracting(documented).isEmpty, "routed but not documented: \(routed.subtracting(documented))")
        #expect(documented.subtracting(routed).isEmpty, "documented but not routed: \(documented.subtracting(routed))")
    }

    @Test("the document is served at /openapi.yaml")
    func served() async throws {
        let harness = try await HTTPTestHarness()
        try await harness.test { client in
            let response = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(response.status == .ok)
            #expect(response.text == OpenAPIDocument.yaml)
            #expect(response.text.hasPrefix("openapi: 3."))
        }
    }
}
