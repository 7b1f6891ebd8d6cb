import Foundation
import Hummingbird
import PlateProofDomain
import PlateProofRepresentations
import PlateProofStore
import PlateProofWebhooks

/// `/v1/webhooks`: endpoints that receive events as signed POSTs, their deliveries and resends
/// (admin role). A site's admin manages its site's endpoints only: the others, those of other
/// sites and the platform's (which receive every site's events), do not exist for it.
struct WebhookRoutes {
    let dependencies: ServiceDependencies

    func add(to routes: RouteTable) {
        routes.on(.post, "/v1/webhooks", use: create)
        routes.on(.get, "/v1/webhooks", use: list)
        routes.on(.get, "/v1/webhooks/{id}", use: show)
        routes.on(.patch, "/v1/webhooks/{id}", use: update)
        routes.on(.delete, "/v1/webhooks/{id}", use: delete)
        routes.on(.post, "/v1/webhooks/{id}/disable", use: disable)
        routes.on(.post, "/v1/webhooks/{id}/rotate", use: rotate)
        routes.on(.get, "/v1/webhooks/{id}/deliveries", use: deliveries)
        routes.on(.post, "/v1/webhooks/{id}/deliveries/{delivery}/resend", use: resend)
    }

    @Sendable func create(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        let body = try await WebhookBody.read(request)
        guard let url = body.url, let events = body.events else {
            throw APIError(.unprocessableContent, "invalid_webhook", "url and events are required")
        }
        // An endpoint of one site receives that site's events only; a site's admin makes its site's.
        let requested = try body.site.map { raw in
            guard let id = try? SiteID(validating: raw) else {
                throw APIError(.unprocessableContent, "invalid_webhook", "site: not a site id", field: "site")
            }
            return id
        }
        // Another site than a site admin's is answered as one that does not exist.
        let site = requested ?? caller.key.site
        if let site {
            let stored = caller.key.sees(site) ? try await dependencies.store.site(site) : nil
            guard stored != nil else {
                throw APIError(.unprocessableContent, "invalid_webhook", "site: no site \(site)", field: "site")
            }
        }
        let (endpoint, secret) = try await run {
            try await admin().create(
                url: url,
                events: events,
                description: body.description ?? "",
                site: site,
                actor: caller.actor,
                now: dependencies.now()
            )
        }
        return .json(WebhookJSON(endpoint, secret: secret), status: .created)
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        let visible = try await dependencies.store.webhooks().filter(caller.sees)
        return .json(WebhookListJSON(webhooks: visible.map { WebhookJSON($0) }))
    }

    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        return .json(WebhookJSON(try await endpoint(context, caller)))
    }

    @Sendable func update(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        let id = try await endpoint(context, caller).id
        let body = try await WebhookBody.read(request)
        var active: Bool?
        if let status = body.status {
            guard let parsed = WebhookEndpoint.Status(rawValue: status) else {
                throw APIError(.unprocessableContent, "invalid_webhook", "status: active or disabled")
            }
            active = parsed == .active
        }
        let endpoint = try await run {
            try await admin().update(
                id: id,
                url: body.url,
                events: body.events,
                description: body.description,
                active: active,
                actor: caller.actor,
                now: dependencies.now()
            )
        }
        return .json(WebhookJSON(endpoint))
    }

    @Sendable func delete(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        try await dependencies.store.deleteWebhook(id: try await endpoint(context, caller).id, actor: caller.actor, now: dependencies.now())
        return Response(status: .noContent)
    }

    @Sendable func disable(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        let id = try await endpoint(context, caller).id
        let endpoint = try await run { try await admin().update(id: id, active: false, actor: caller.actor, now: dependencies.now()) }
        return .json(WebhookJSON(endpoint))
    }

    @Sendable func rotate(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        let id = try await endpoint(context, caller).id
        let (endpoint, secret) = try await run { try await admin().rotate(id: id, actor: caller.actor, now: dependencies.now()) }
        return .json(WebhookJSON(endpoint, secret: secret))
    }

    @Sendable func deliveries(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        let endpoint = try await endpoint(context, caller)
        let limit = try request.integerQuery("limit", default: 50, in: 1...500)
        let deliveries = try await dependencies.store.deliveries(endpoint: endpoint.id, limit: Int(limit))
        return .json(DeliveryListJSON(deliveries: deliveries.map(DeliveryJSON.init)))
    }

    @Sendable func resend(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        let endpoint = try await endpoint(context, caller)
        guard let text = context.parameters.get("delivery"), let id = Int64(text), id > 0 else {
            throw APIError.badRequest("invalid_delivery_id", "a delivery id is a positive integer")
        }
        guard let delivery = try await dependencies.store.delivery(id: id), delivery.endpointID == endpoint.id else {
            throw APIError(.notFound, "not_found", "no delivery \(id) of webhook \(endpoint.id)")
        }
        return .json(
            DeliveryJSON(try await dependencies.store.resendDelivery(id: delivery.id, actor: caller.actor, now: dependencies.now()))
        )
    }

    // MARK: - Helpers

    func admin() throws(WebhookAdminError) -> WebhookAdmin {
        guard let admin = dependencies.webhooks else {
            throw .invalid(field: "webhooks", message: "this server runs without webhooks")
        }
        return admin
    }

    /// The path's endpoint; 404 when there is none, or `caller` may not see it.
    func endpoint(_ context: APIRequestContext, _ caller: Caller) async throws -> WebhookEndpoint {
        let id = try context.webhookID()
        guard let endpoint = try await dependencies.store.webhook(id: id), caller.sees(endpoint) else {
            throw APIError(.notFound, "not_found", "no webhook \(id)")
        }
        return endpoint
    }

    /// `body`'s value, with an administration refusal as the API's error.
    func run<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as WebhookAdminError {
            switch error {
            case .invalid(let field, let message):
                throw APIError(.unprocessableContent, "invalid_webhook", "\(field): \(message)", field: field)
            case .key(let error): throw APIError(.internalServerError, "webhook_key", error.description)
            case .store(let error): throw APIError(error)
            }
        }
    }
}

extension Caller {
    /// Who the audit log names for an administrative change.
    var actor: String { "admin:\(key.name)" }

    /// A site's admin sees its site's endpoints; a platform-wide one, every endpoint.
    func sees(_ endpoint: WebhookEndpoint) -> Bool { key.site == nil || endpoint.site == key.site }
}

extension APIRequestContext {
    func webhookID() throws -> String {
        guard let id = parameters.get("id"), (1...64).contains(id.utf8.count),
            id.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || (0x30...0x39).contains($0) || (0x61...0x7a).contains($0) })
        else { throw APIError.badRequest("invalid_webhook_id", "a webhook id is wh_ and hex digits") }
        return id
    }
}

/// The JSON body of creating or changing an endpoint.
private struct WebhookBody: Decodable {
    var url: String?
    var events: [String]?
    var description: String?
    var status: String?
    var site: String?

    static func read(_ request: Request) async throws -> WebhookBody {
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024)
        do {
            return try JSONDecoder().decode(WebhookBody.self, from: Data(body.readableBytesView))
        } catch {
            throw APIError.badRequest(
                "invalid_body",
                "send JSON {\"url\": \"https://…\", \"events\": [\"claim.approved\", …], \"description\": \"…\"}"
            )
        }
    }
}

struct WebhookListJSON: Encodable {
    var webhooks: [WebhookJSON]
}

struct DeliveryListJSON: Encodable {
    var deliveries: [DeliveryJSON]
}
