public import PlateProofDomain

/// Webhook endpoints and their outbox. Every event is written by the transaction of the decision
/// or ledger entry that causes it, with one delivery per active endpoint that subscribes to its
/// type (see `Store`); this protocol manages endpoints and moves deliveries along.
public protocol WebhookStore: Sendable {
    /// Registers an endpoint with a new id; it receives the events written from now on.
    func createWebhook(
        _ draft: WebhookDraft,
        sealedSecret: String,
        actor: String,
        now: Timestamp
    ) async throws(StoreError) -> WebhookEndpoint
    func webhooks() async throws(StoreError) -> [WebhookEndpoint]
    func webhook(id: String) async throws(StoreError) -> WebhookEndpoint?
    /// Changes an endpoint's URL, types, description or status (enabling one clears its failures).
    func updateWebhook(id: String, _ change: WebhookChange, actor: String, now: Timestamp) async throws(StoreError) -> WebhookEndpoint
    /// Replaces the secret; the old one is still signed with until `previousValidUntil`.
    func rotateWebhookSecret(
        id: String,
        sealedSecret: String,
        previousValidUntil: Timestamp,
        actor: String,
        now: Timestamp
    ) async throws(StoreError) -> WebhookEndpoint
    /// Removes an endpoint with its deliveries and their attempts.
    func deleteWebhook(id: String, actor: String, now: Timestamp) async throws(StoreError)

    /// Takes up to `limit` due deliveries of active endpoints that no process holds (or whose lease
    /// expired), each endpoint's oldest first: one event to one endpoint is sent by one process at a
    /// time, and no endpoint has more than `perEndpoint` deliveries in flight across all processes,
    /// so an endpoint that times out cannot take every sender. Endpoints are taken in random order.
    func leaseDeliveries(
        owner: String,
        limit: Int,
        perEndpoint: Int,
        now: Timestamp,
        leaseSeconds: Int64
    ) async throws(StoreError) -> [LeasedDelivery]
    /// Keeps `body` as the event's body unless one was kept already; returns the one kept.
    func keepEventBody(eventID: Int64, body: String) async throws(StoreError) -> String
    /// Records an attempt of a delivery `owner` holds and moves it on as `schedule` plans it
    /// (`draw`, uniform in 0..<1, is the jitter's); disables the endpoint, audited, when the
    /// schedule says so.
    func finishDelivery(
        id: Int64,
        owner: String,
        attempt: DeliveryAttempt,
        schedule: DeliverySchedule,
        draw: Double,
        now: Timestamp
    ) async throws(StoreError) -> DeliveryResult
    /// An endpoint's deliveries, newest first, with their attempts.
    func deliveries(endpoint: String, limit: Int) async throws(StoreError) -> [WebhookDelivery]
    func delivery(id: Int64) async throws(StoreError) -> WebhookDelivery?
    /// Queues a delivery again, due now, with a new retry window (a failed one, or one delivered long ago).
    func resendDelivery(id: Int64, actor: String, now: Timestamp) async throws(StoreError) -> WebhookDelivery
    /// Deletes deliveries delivered before `cutoff` with their attempts, and the bodies of events
    /// no delivery needs any more; returns how many deliveries went.
    func pruneDeliveries(deliveredBefore cutoff: Timestamp) async throws(StoreError) -> Int
    func outboxCounts() async throws(StoreError) -> OutboxCounts
    /// One ledger entry (what a `ledger.entry_created` event carries).
    func ledgerLine(id: Int64) async throws(StoreError) -> LedgerLine?
}

extension WebhookStore {
    /// `leaseDeliveries` with no cap per endpoint but `limit`.
    public func leaseDeliveries(owner: String, limit: Int, now: Timestamp, leaseSeconds: Int64) async throws(StoreError) -> [LeasedDelivery]
    {
        try await leaseDeliveries(owner: owner, limit: limit, perEndpoint: limit, now: now, leaseSeconds: leaseSeconds)
    }
}
