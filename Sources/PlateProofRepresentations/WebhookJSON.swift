import PlateProofDomain
public import PlateProofStore

/// An endpoint as `plateproof webhooks … --json` and `/v1/webhooks` show it; `secret` only when
/// it was just made (creation, rotation).
public struct WebhookJSON: Codable, Sendable, Equatable {
    public var id: String
    public var url: String
    public var events: [String]
    public var description: String
    /// The one site whose events it receives; null for every site's.
    public var site: String?
    public var status: String
    public var disabledReason: String?
    public var createdAt: Int64
    public var failingSince: Int64?
    public var secret: String?
    /// Until when the secret before the last rotation is still signed with.
    public var previousSecretValidUntil: Int64?

    enum CodingKeys: String, CodingKey {
        case id, url, events, description, status, secret, site
        case disabledReason = "disabled_reason"
        case createdAt = "created_at"
        case failingSince = "failing_since"
        case previousSecretValidUntil = "previous_secret_valid_until"
    }

    public init(_ endpoint: WebhookEndpoint, secret: String? = nil) {
        id = endpoint.id
        url = endpoint.url
        events = endpoint.events.map(\.rawValue)
        description = endpoint.description
        site = endpoint.site?.rawValue
        status = endpoint.status.rawValue
        disabledReason = endpoint.disabledReason
        createdAt = endpoint.createdAt.secondsSince1970
        failingSince = endpoint.failingSince?.secondsSince1970
        self.secret = secret
        previousSecretValidUntil = endpoint.previousSecretValidUntil?.secondsSince1970
    }
}

/// One delivery, with every attempt.
public struct DeliveryJSON: Codable, Sendable, Equatable {
    public struct Attempt: Codable, Sendable, Equatable {
        public var at: Int64
        public var statusCode: Int?
        public var error: String?
        public var latencyMs: Int64
        /// The first bytes of the answer.
        public var response: String

        enum CodingKeys: String, CodingKey {
            case at, error, response
            case statusCode = "status_code"
            case latencyMs = "latency_ms"
        }
    }

    public var deliveryID: Int64
    public var webhookID: String
    public var eventID: Int64
    public var type: String
    public var state: String
    public var attempts: [Attempt]
    public var nextAttemptAt: Int64?
    public var queuedAt: Int64
    public var deliveredAt: Int64?

    enum CodingKeys: String, CodingKey {
        case type, state, attempts
        case deliveryID = "delivery_id"
        case webhookID = "webhook_id"
        case eventID = "event_id"
        case nextAttemptAt = "next_attempt_at"
        case queuedAt = "queued_at"
        case deliveredAt = "delivered_at"
    }

    public init(_ delivery: WebhookDelivery) {
        deliveryID = delivery.id
        webhookID = delivery.endpointID
        eventID = delivery.event.id
        type = delivery.event.type.rawValue
        state = delivery.state.rawValue
        attempts = delivery.attempts.map {
            Attempt(
                at: $0.at.secondsSince1970,
                statusCode: $0.statusCode,
                error: $0.error,
                latencyMs: $0.latencyMilliseconds,
                response: $0.response
            )
        }
        nextAttemptAt = delivery.nextAttemptAt?.secondsSince1970
        queuedAt = delivery.queuedAt.secondsSince1970
        deliveredAt = delivery.deliveredAt?.secondsSince1970
    }
}
