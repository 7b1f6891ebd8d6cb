import Hummingbird
import PlateProofDomain
import PlateProofStore

/// `GET /v1/events?after=CURSOR`: the feed of decisions upload backends poll instead of asking
/// claim by claim.
struct EventRoutes {
    let dependencies: ServiceDependencies

    func add(to routes: RouteTable) {
        routes.on(.get, "/v1/events", use: events)
    }

    /// The caller's site's decisions; a platform-wide key sees every site's, or `?site=`'s.
    @Sendable func events(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.requireAnyKey()
        let after = try request.integerQuery("after", default: 0, in: 0...Int64.max)
        let limit = try request.integerQuery("limit", default: 100, in: 1...1000)
        let site = try await caller.siteFilter(requested: try request.siteQuery(), store: dependencies.store)
        let events = try await dependencies.store.decisionEvents(site: site, after: after, limit: Int(limit))
        return .json(EventsJSON(events: events.map(EventsJSON.Event.init), nextAfter: events.last?.id ?? after))
    }
}

struct EventsJSON: Encodable {
    struct Event: Encodable {
        var eventID: Int64
        var type: String
        var claimID: Int64
        var site: String
        var account: String
        var status: String
        var decidedBy: String
        var at: Int64

        enum CodingKeys: String, CodingKey {
            case account, status, at, type, site
            case eventID = "event_id"
            case claimID = "claim_id"
            case decidedBy = "decided_by"
        }

        init(_ event: DecisionEvent) {
            eventID = event.id
            type = event.type.rawValue
            claimID = event.claimID
            site = event.site.rawValue
            account = event.account.rawValue
            status = event.status.rawValue
            decidedBy = event.decidedBy
            at = event.at.secondsSince1970
        }
    }

    var events: [Event]
    /// Pass as `after` to get the next events (the same cursor when there were none).
    var nextAfter: Int64

    enum CodingKeys: String, CodingKey {
        case events
        case nextAfter = "next_after"
    }
}
