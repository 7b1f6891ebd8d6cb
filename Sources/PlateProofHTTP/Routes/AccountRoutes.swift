import Hummingbird
import PlateProofDomain
import PlateProofRepresentations
import PlateProofStore

/// Balances: accounts (paged ledger), households, and the leaderboard.
struct AccountRoutes {
    let dependencies: ServiceDependencies

    func add(to routes: RouteTable) {
        routes.on(.get, "/v1/accounts/{id}", use: account)
        routes.on(.get, "/v1/households/{id}", use: household)
        routes.on(.get, "/v1/leaderboard", use: leaderboard)
    }

    /// An account of the caller's site (or, for a platform-wide key, of `?site=`).
    @Sendable func account(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.requireAnyKey()
        let account: AccountID = try context.identifier()
        let after = try request.integerQuery("after", default: 0, in: 0...Int64.max)
        let limit = try request.integerQuery("limit", default: 100, in: 1...1000)
        let site = try await caller.site(requested: try request.siteQuery(), store: dependencies.store)
        let balance = try await dependencies.store.balance(of: account, at: site)
        let lines = try await dependencies.store.entries(of: account, at: site, after: after, limit: Int(limit))
        let next = lines.count == Int(limit) ? lines.last?.id : nil
        return .json(
            AccountJSON(
                site: site,
                account: account,
                balance: balance,
                entries: lines.map { LedgerEntryJSON($0.entry, id: $0.id) },
                nextAfter: next
            )
        )
    }

    @Sendable func household(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.requireAnyKey()
        let id: HouseholdID = try context.identifier()
        let site = try await caller.site(requested: try request.siteQuery(), store: dependencies.store)
        guard let household = try await dependencies.store.household(id, at: site) else {
            throw APIError(.notFound, "not_found", "no household \(id)")
        }
        return .json(
            HouseholdJSON(
                site: site.rawValue,
                household: household.id.rawValue,
                members: household.members.map(\.rawValue),
                balance: household.balance.rawValue
            )
        )
    }

    /// One site's ranking, counted in that site's local days: rankings never mix sites.
    @Sendable func leaderboard(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.requireAnyKey()
        let site = try await caller.site(requested: try request.siteQuery(), store: dependencies.store)
        guard let period = RankingPeriod(rawValue: request.stringQuery("period") ?? RankingPeriod.week.rawValue) else {
            throw APIError.badRequest("invalid_parameter", "period is day, week or month")
        }
        let limit = try request.integerQuery("limit", default: 20, in: 1...1000)
        var group: GroupID?
        if let raw = request.stringQuery("group") {
            do { group = try GroupID(validating: raw) } catch { throw APIError.badRequest("invalid_parameter", error.description) }
            guard try await dependencies.store.groupMembers(group!, at: site) != nil else {
                throw APIError(.notFound, "not_found", "no group \(raw)")
            }
        }
        let since = try await dependencies.catalogue(of: site).start(of: period, containing: dependencies.now())
        let entries = try await dependencies.store.leaderboard(at: site, group: group, since: since, limit: Int(limit))
        let ranked = entries.enumerated().map {
            LeaderboardJSON.Line(rank: $0.offset + 1, account: $0.element.account.rawValue, credits: $0.element.credits.rawValue)
        }
        return .json(
            LeaderboardJSON(
                site: site.rawValue,
                period: period.rawValue,
                group: group?.rawValue,
                since: since.secondsSince1970,
                entries: ranked
            )
        )
    }
}

struct HouseholdJSON: Encodable {
    var site: String
    var household: String
    var members: [String]
    var balance: Int64
}

struct LeaderboardJSON: Encodable {
    struct Line: Encodable {
        var rank: Int
        var account: String
        var credits: Int64
    }

    var site: String
    var period: String
    var group: String?
    var since: Int64
    var entries: [Line]
}
