public import PlateProofDomain

/// A registered receiver of events: where they go, which types, and the secret they are signed
/// with, kept sealed (the store never sees it in the clear).
public struct WebhookEndpoint: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case active
        case disabled
    }

    public var id: String
    public var url: String
    public var events: [EventType]
    public var description: String
    /// The one site whose events it receives; nil for every site's.
    public var site: SiteID?
    public var status: Status
    /// Why it was disabled: by an admin, or after failing for days.
    public var disabledReason: String?
    public var createdAt: Timestamp
    /// When its current run of failed attempts began; nil after a success.
    public var failingSince: Timestamp?
    public var sealedSecret: String
    /// The secret before the last rotation, still signed with until `previousSecretValidUntil`.
    public var previousSealedSecret: String?
    public var previousSecretValidUntil: Timestamp?

    package init(
        id: String,
        url: String,
        events: [EventType],
        description: String,
        site: SiteID?,
        status: Status,
        disabledReason: String?,
        createdAt: Timestamp,
        failingSince: Timestamp?,
        sealedSecret: String,
        previousSealedSecret: String?,
        previousSecretValidUntil: Timestamp?
    ) {
        self.id = id
        self.url = url
        self.events = events
        self.description = description
        self.site = site
        self.status = status
        self.disabledReason = disabledReason
        self.createdAt = createdAt
        self.failingSince = failingSince
        self.sealedSecret = sealedSecret
        self.previousSealedSecret = previousSealedSecret
        self.previousSecretValidUntil = previousSecretValidUntil
    }

    /// The sealed secrets to sign with at `now`: the current one, then the previous one while valid.
    public func sealedSecrets(at now: Timestamp) -> [String] {
        guard let previous = previousSealedSecret, let until = previousSecretValidUntil, now < until else { return [sealedSecret] }
        return [sealedSecret, previous]
    }
}

/// A new endpoint, as an admin asks for it.
public struct WebhookDraft: Sendable, Hashable {
    public var url: String
    public var events: [EventType]
    public var description: String
    /// The one site whose events it receives; nil for every site's.
    public var site: SiteID?

    public init(url: String, events: [EventType], description: String, site: SiteID? = nil) {
        self.url = url
        self.events = events
        self.description = description
        self.site = site
    }
}

/// An update to an endpoint; nil leaves a field as it is.
public struct WebhookChange: Sendable, Hashable {
    public var url: String?
    public var events: [EventType]?
    public var description: String?
    public var status: WebhookEndpoint.Status?

    public init(url: String? = nil, events: [EventType]? = nil, description: String? = nil, status: WebhookEndpoint.Status? = nil) {
        self.url = url
        self.events = events
        self.description = description
        self.status = status
    }
}

/// One attempt to deliver an event, as recorded for debugging.
public struct DeliveryAttempt: Sendable, Hashable {
    public var at: Timestamp
    /// The HTTP status the endpoint answered; nil when it did not answer.
    public var statusCode: Int?
    /// What went wrong without an answer (a timeout, a refused connection, a refused address).
    public var error: String?
    public var latencyMilliseconds: Int64
    /// The first bytes of the answer's body.
    public var response: String

    public init(at: Timestamp, statusCode: Int?, error: String?, latencyMilliseconds: Int64, response: String) {
        self.at = at
        self.statusCode = statusCode
        self.error = error
        self.latencyMilliseconds = latencyMilliseconds
        self.response = response
    }

    public var outcome: DeliveryOutcome { statusCode.map { (200..<300).contains($0) } == true ? .succeeded : .failed }
}

/// One event for one endpoint, with its attempts.
public struct WebhookDelivery: Sendable, Hashable {
    public var id: Int64
    public var endpointID: String
    public var event: DecisionEvent
    public var state: DeliveryState
    public var attempts: [DeliveryAttempt]
    public var nextAttemptAt: Timestamp?
    /// When it was queued, or last resent: the start of its retry window.
    public var queuedAt: Timestamp
    public var deliveredAt: Timestamp?

    package init(
        id: Int64,
        endpointID: String,
        event: DecisionEvent,
        state: DeliveryState,
        attempts: [DeliveryAttempt],
        nextAttemptAt: Timestamp?,
        queuedAt: Timestamp,
        deliveredAt: Timestamp?
    ) {
        self.id = id
        self.endpointID = endpointID
        self.event = event
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.queuedAt = queuedAt
        self.deliveredAt = deliveredAt
    }
}

/// A delivery a process holds the lease on, with what it needs to send it.
public struct LeasedDelivery: Sendable, Hashable {
    public var id: Int64
    public var endpoint: WebhookEndpoint
    public var event: DecisionEvent
    /// The event's body, once one delivery rendered it (every later one sends the same bytes).
    public var body: String?
    /// Attempts made before this one.
    public var attempts: Int

    package init(id: Int64, endpoint: WebhookEndpoint, event: DecisionEvent, body: String?, attempts: Int) {
        self.id = id
        self.endpoint = endpoint
        self.event = event
        self.body = body
        self.attempts = attempts
    }
}

/// What an attempt changed: the delivery's step, and whether its endpoint was disabled for it.
public struct DeliveryResult: Sendable, Hashable {
    public var step: DeliveryStep
    /// When the delivery's event happened (for the lag from event to delivery).
    public var eventAt: Timestamp
    public var firstAttempt: Bool

    package init(step: DeliveryStep, eventAt: Timestamp, firstAttempt: Bool) {
        self.step = step
        self.eventAt = eventAt
        self.firstAttempt = firstAttempt
    }
}

/// The outbox's size, by delivery state, and how many event bodies it keeps.
public struct OutboxCounts: Sendable, Hashable {
    public var pending: Int
    public var delivered: Int
    public var failed: Int
    public var attempts: Int

    package init(pending: Int, delivered: Int, failed: Int, attempts: Int) {
        self.pending = pending
        self.delivered = delivered
        self.failed = failed
        self.attempts = attempts
    }
}

extension [EventType] {
    /// How an endpoint's event types are kept in one text column: `,a,b,`, so that a type is found
    /// by looking for `,type,`.
    package var stored: String { "," + map(\.rawValue).joined(separator: ",") + "," }

    package init(stored: String) { self = stored.split(separator: ",").compactMap { EventType(rawValue: String($0)) } }
}
