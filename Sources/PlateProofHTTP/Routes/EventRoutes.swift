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

    @Sendable func events(_ request: Request, context: APIRequestContext) async throws -> Response {
        _ = try context.requireAnyKey()
        let after = try request.integerQuery("after", default: 0, in: 0...Int64.max)
        let limit = try request.integerQuery("limit", default: 100, in: 1...1000)
        let events = try await dependencies.store.decisionEvents(after: after, limit: Int(limit))
        return .json(EventsJSON(events: events.map(EventsJSON.Event.init), nextAfter: events.last?.id ?? after))
    }
}

struct EventsJSON: Encodable {
    struct Event: Encodable {
        var eventID: Int64
        var type: String
        var claimID: Int64
        var account: String
        var status: String
        var decidedBy: String
        var at: Int64

        enum CodingKeys: String, CodingKey {
            case account, status, at, type
            case eventID = "event_id"
            case claimID = "claim_id"
            case decidedBy = "decided_by"
        }

        init(_ event: DecisionEvent) {
            eventID = event.id
            type = event.type.rawValue
            claimID = event.claimID
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
