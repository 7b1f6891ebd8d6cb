public import PlateProofDomain
public import PlateProofStore
import PostgresNIO

extension PostgresStore {
    // MARK: - Endpoints

    public func createWebhook(
        _ draft: WebhookDraft,
        sealedSecret: String,
        actor: String,
        now: Timestamp
    ) async throws(StoreError) -> WebhookEndpoint {
        let id = AccessSecrets.webhookID()
        let (events, time) = (draft.events.stored, now.secondsSince1970)
        let site = draft.site?.rawValue
        return try await transaction { db in
            if let site = draft.site { try await Self.requireSite(site, db) }
            try await db.run(
                """
                INSERT INTO webhook_endpoints (id, url, events, description, site, status, created_at, secret_sealed)
                VALUES (\(id), \(draft.url), \(events), \(draft.description), \(site), 'active', \(time), \(sealedSecret))
                """
            )
            try await Self.audit(AuditLine(actor: actor, action: .webhookCreate, claimID: nil, detail: "\(id) \(draft.url)", at: now), db)
            return try await Self.requireWebhook(id, db)
        }
    }

    public func webhooks() async throws(StoreError) -> [WebhookEndpoint] {
        try await transaction { db in try await db.rows("SELECT * FROM webhook_endpoints ORDER BY created_at, id").map(Self.webhook) }
    }

    public func webhook(id: String) async throws(StoreError) -> WebhookEndpoint? {
        try await transaction { db in try await Self.webhook(id, db) }
    }

    public func updateWebhook(
        id: String,
        _ change: WebhookChange,
        actor: String,
        now: Timestamp
    ) async throws(StoreError) -> WebhookEndpoint {
        let (events, status, reason) = (change.events?.stored, change.status?.rawValue, "disabled by \(actor)")
        return try await transaction { db in
            let before = try await Self.requireWebhook(id, db)
            let enabling = change.status == .active && before.status == .disabled
            try await db.run(
                """
                UPDATE webhook_endpoints SET url = COALESCE(\(change.url), url), events = COALESCE(\(events), events),
                    description = COALESCE(\(change.description), description), status = COALESCE(\(status), status),
                    disabled_reason = CASE WHEN \(status)::TEXT = 'active' THEN NULL WHEN \(status)::TEXT = 'disabled' THEN \(reason)
                        ELSE disabled_reason END,
                    failing_since = CASE WHEN \(enabling) THEN NULL ELSE failing_since END
                WHERE id = \(id)
                """
            )
            try await Self.audit(
                AuditLine(actor: actor, action: .webhookUpdate, claimID: nil, detail: WebhookAudit.detail(id, change), at: now),
                db
            )
            return try await Self.requireWebhook(id, db)
        }
    }

    public func rotateWebhookSecret(
        id: String,
        sealedSecret: String,
        previousValidUntil: Timestamp,
        actor: String,
        now: Timestamp
    ) async throws(StoreError) -> WebhookEndpoint {
        let until = previousValidUntil.secondsSince1970
        return try await transaction { db in
            _ = try await Self.requireWebhook(id, db)
            try await db.run(
                """
                UPDATE webhook_endpoints SET previous_secret_sealed = secret_sealed, previous_secret_until = \(until),
                    secret_sealed = \(sealedSecret)
                WHERE id = \(id)
                """
            )
            try await Self.audit(AuditLine(actor: actor, action: .webhookRotate, claimID: nil, detail: id, at: now), db)
            return try await Self.requireWebhook(id, db)
        }
    }

    public func deleteWebhook(id: String, actor: String, now: Timestamp) async throws(StoreError) {
        try await transaction { db in
            _ = try await Self.requireWebhook(id, db)
            try await db.run(
                "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = \(id))"
            )
            try await db.run("DELETE FROM webhook_deliveries WHERE endpoint_id = \(id)")
            try await db.run("DELETE FROM webhook_endpoints WHERE id = \(id)")
            try await Self.audit(AuditLine(actor: actor, action: .webhookDelete, claimID: nil, detail: id, at: now), db)
        }
    }

    // MARK: - Deliveries

    public func leaseDeliveries(
        owner: String,
        limit: Int,
        perEndpoint: Int,
        now: Timestamp,
        leaseSeconds: Int64
    ) async throws(StoreError) -> [LeasedDelivery] {
        let (time, expires) = (now.secondsSince1970, now.secondsSince1970 + leaseSeconds)
        return try await transaction { db in
            var leased: [LeasedDelivery] = []
            // An endpoint row is locked while its deliveries are counted and leased, so two processes
            // never both fill the same endpoint's room.
            let endpoints = try await db.rows(
                """
                SELECT e.*, (SELECT COUNT(*) FROM webhook_deliveries l
                    WHERE l.endpoint_id = e.id AND l.state = 'pending' AND l.lease_expires_at > \(time)) AS busy
                FROM webhook_endpoints e WHERE e.status = 'active' ORDER BY random() FOR UPDATE OF e SKIP LOCKED
                """
            )
            for row in endpoints where leased.count < limit {
                let room = min(perEndpoint - Int(try row.get("busy", as: Int64.self)), limit - leased.count)
                guard room > 0 else { continue }
                let endpoint = try Self.webhook(row)
                let due = try await db.rows(
                    """
                    WITH due AS (
                        SELECT id FROM webhook_deliveries
                        WHERE endpoint_id = \(endpoint.id) AND state = 'pending' AND next_attempt_at <= \(time)
                          AND (lease_owner IS NULL OR lease_expires_at <= \(time))
                        ORDER BY next_attempt_at, id LIMIT \(room) FOR UPDATE SKIP LOCKED
                    ), leased AS (
                        UPDATE webhook_deliveries d SET lease_owner = \(owner), lease_expires_at = \(expires) FROM due WHERE d.id = due.id
                        RETURNING d.id AS delivery_id, d.attempts AS delivery_attempts, d.event_id, d.next_attempt_at AS due_at
                    )
                    SELECT l.delivery_id, l.delivery_attempts, ev.* FROM leased l JOIN events ev ON ev.id = l.event_id
                    ORDER BY l.due_at, l.delivery_id
                    """
                )
                for delivery in due {
                    leased.append(
                        LeasedDelivery(
                            id: try delivery.get("delivery_id"),
                            endpoint: endpoint,
                            event: try Self.event(delivery),
                            body: try delivery.optional("body"),
                            attempts: Int(try delivery.get("delivery_attempts", as: Int32.self))
                        )
                    )
                }
            }
            return leased
        }
    }

    public func keepEventBody(eventID: Int64, body: String) async throws(StoreError) -> String {
        try await transaction { db in
            try await db.run("UPDATE events SET body = \(body) WHERE id = \(eventID) AND body IS NULL")
            return try await db.value(String.self, "SELECT body FROM events WHERE id = \(eventID)") ?? body
        }
    }

    public func finishDelivery(
        id: Int64,
        owner: String,
        attempt: DeliveryAttempt,
        schedule: DeliverySchedule,
        draw: Double,
        now: Timestamp
    ) async throws(StoreError) -> DeliveryResult {
        try await transaction { db in
            guard
                let row = try await db.row(
                    """
                    SELECT d.lease_owner, d.attempts, d.queued_at, d.endpoint_id, e.failing_since, ev.at AS event_at
                    FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id JOIN events ev ON ev.id = d.event_id
                    WHERE d.id = \(id) FOR UPDATE OF d, e
                    """
                )
            else { throw StoreError(.notFound, "no delivery \(id)") }
            guard try row.optional("lease_owner", as: String.self) == owner else {
                throw StoreError(.conflict, "the lease on delivery \(id) is not held by \(owner)")
            }
            let attempts = Int(try row.get("attempts", as: Int32.self))
            let endpoint = try row.get("endpoint_id", as: String.self)
            let step = schedule.step(
                after: attempt.outcome,
                attempts: attempts + 1,
                queuedAt: Timestamp(secondsSince1970: try row.get("queued_at")),
                endpointFailingSince: try row.optional("failing_since", as: Int64.self).map(Timestamp.init(secondsSince1970:)),
                draw: draw,
                now: now
            )
            let (statusCode, state, next, time) = (
                attempt.statusCode.map(Int32.init), step.state.rawValue, step.nextAttemptAt?.secondsSince1970, now.secondsSince1970
            )
            try await db.run(
                """
                INSERT INTO webhook_attempts (delivery_id, at, status_code, error, latency_ms, response)
                VALUES (\(id), \(attempt.at.secondsSince1970), \(statusCode), \(attempt.error), \(attempt.latencyMilliseconds), \(attempt.response))
                """
            )
            try await db.run(
                """
                UPDATE webhook_deliveries SET state = \(state), attempts = attempts + 1, next_attempt_at = \(next), lease_owner = NULL,
                    lease_expires_at = NULL, delivered_at = CASE WHEN \(state)::TEXT = 'delivered' THEN \(time) ELSE delivered_at END
                WHERE id = \(id)
                """
            )
            let failingSince = step.endpointFailingSince?.secondsSince1970
            try await db.run("UPDATE webhook_endpoints SET failing_since = \(failingSince) WHERE id = \(endpoint)")
            if step.disablesEndpoint, let line = WebhookAudit.disabling(endpoint, failingSince: step.endpointFailingSince, now: now) {
                let disabled = try await db.rows(
                    """
                    UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = \(line.detail)
                    WHERE id = \(endpoint) AND status = 'active' RETURNING id
                    """
                )
                if !disabled.isEmpty { try await Self.audit(line, db) }
            }
            return DeliveryResult(step: step, eventAt: Timestamp(secondsSince1970: try row.get("event_at")), firstAttempt: attempts == 0)
        }
    }

    public func deliveries(endpoint: String, limit: Int) async throws(StoreError) -> [WebhookDelivery] {
        try await transaction { db in
            var deliveries: [WebhookDelivery] = []
            for row in try await db.rows("SELECT * FROM webhook_deliveries WHERE endpoint_id = \(endpoint) ORDER BY id DESC LIMIT \(limit)")
            {
                deliveries.append(try await Self.delivery(row, db))
            }
            return deliveries
        }
    }

    public func delivery(id: Int64) async throws(StoreError) -> WebhookDelivery? {
        try await transaction { db in
            guard let row = try await db.row("SELECT * FROM webhook_deliveries WHERE id = \(id)") else { return nil }
            return try await Self.delivery(row, db)
        }
    }

    public func resendDelivery(id: Int64, actor: String, now: Timestamp) async throws(StoreError) -> WebhookDelivery {
        let time = now.secondsSince1970
        return try await transaction { db in
            guard
                let row = try await db.row(
                    """
                    UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = \(time), queued_at = \(time), delivered_at = NULL,
                        lease_owner = NULL, lease_expires_at = NULL
                    WHERE id = \(id) RETURNING *
                    """
                )
            else { throw StoreError(.notFound, "no delivery \(id)") }
            try await Self.audit(AuditLine(actor: actor, action: .webhookResend, claimID: nil, detail: "delivery \(id)", at: now), db)
            return try await Self.delivery(row, db)
        }
    }

    public func pruneDeliveries(deliveredBefore cutoff: Timestamp) async throws(StoreError) -> Int {
        let time = cutoff.secondsSince1970
        return try await transaction { db in
            let pruned = try await db.rows(
                """
                WITH gone AS (
                    DELETE FROM webhook_deliveries WHERE state = 'delivered' AND delivered_at < \(time) RETURNING id
                ), attempts AS (
                    DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM gone)
                )
                SELECT id FROM gone
                """
            ).count
            try await db.run(
                """
                UPDATE events SET body = NULL WHERE body IS NOT NULL AND at < \(time)
                  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = events.id)
                """
            )
            return pruned
        }
    }

    public func outboxCounts() async throws(StoreError) -> OutboxCounts {
        try await transaction { db in
            var counts: [String: Int] = [:]
            for row in try await db.rows("SELECT state, COUNT(*) AS n FROM webhook_deliveries GROUP BY state") {
                counts[try row.get("state")] = Int(try row.get("n", as: Int64.self))
            }
            return OutboxCounts(
                pending: counts["pending"] ?? 0,
                delivered: counts["delivered"] ?? 0,
                failed: counts["failed"] ?? 0,
                attempts: Int(try await db.value(Int64.self, "SELECT COUNT(*) FROM webhook_attempts") ?? 0)
            )
        }
    }

    public func ledgerLine(id: Int64) async throws(StoreError) -> LedgerLine? {
        try await transaction { db in
            try await db.row("SELECT * FROM ledger_entries WHERE id = \(id)").map { row in
                LedgerLine(id: try row.get("id"), entry: try Self.entry(row))
            }
        }
    }

    // MARK: - Rows

    static func webhook(_ id: String, _ db: PostgresTransaction) async throws -> WebhookEndpoint? {
        try await db.row("SELECT * FROM webhook_endpoints WHERE id = \(id)").map(webhook)
    }

    static func requireWebhook(_ id: String, _ db: PostgresTransaction) async throws -> WebhookEndpoint {
        guard let endpoint = try await webhook(id, db) else { throw StoreError(.notFound, "no webhook \(id)") }
        return endpoint
    }

    static func webhook(_ row: PostgresRandomAccessRow) throws -> WebhookEndpoint {
        guard let status = WebhookEndpoint.Status(rawValue: try row.get("status")) else {
            throw StoreError(.storage, "a stored webhook has no valid status")
        }
        return WebhookEndpoint(
            id: try row.get("id"),
            url: try row.get("url"),
            events: [EventType](stored: try row.get("events")),
            description: try row.get("description"),
            site: try row.optional("site", as: String.self).flatMap(SiteID.init(rawValue:)),
            status: status,
            disabledReason: try row.optional("disabled_reason"),
            createdAt: Timestamp(secondsSince1970: try row.get("created_at")),
            failingSince: try row.optional("failing_since", as: Int64.self).map(Timestamp.init(secondsSince1970:)),
            sealedSecret: try row.get("secret_sealed"),
            previousSealedSecret: try row.optional("previous_secret_sealed"),
            previousSecretValidUntil: try row.optional("previous_secret_until", as: Int64.self).map(Timestamp.init(secondsSince1970:))
        )
    }

    static func event(_ row: PostgresRandomAccessRow) throws -> DecisionEvent {
        guard
            let type = EventType(rawValue: try row.get("type")), let account = AccountID(rawValue: try row.get("account")),
            let status = ClaimStatus(rawValue: try row.get("status")), let site = SiteID(rawValue: try row.get("site"))
        else { throw StoreError(.storage, "a stored event is not valid") }
        return DecisionEvent(
            id: try row.get("id"),
            type: type,
            claimID: try row.get("claim_id"),
            ledgerEntryID: try row.optional("ledger_entry_id"),
            site: site,
            account: account,
            status: status,
            decidedBy: try row.get("decided_by"),
            at: Timestamp(secondsSince1970: try row.get("at"))
        )
    }

    static func delivery(_ row: PostgresRandomAccessRow, _ db: PostgresTransaction) async throws -> WebhookDelivery {
        let id = try row.get("id", as: Int64.self)
        let eventID = try row.get("event_id", as: Int64.self)
        guard let state = DeliveryState(rawValue: try row.get("state")),
            let event = try await db.row("SELECT * FROM events WHERE id = \(eventID)")
        else { throw StoreError(.storage, "stored delivery \(id) is not valid") }
        let attempts = try await db.rows("SELECT * FROM webhook_attempts WHERE delivery_id = \(id) ORDER BY id").map { row in
            DeliveryAttempt(
                at: Timestamp(secondsSince1970: try row.get("at")),
                statusCode: try row.optional("status_code", as: Int32.self).map(Int.init),
                error: try row.optional("error"),
                latencyMilliseconds: try row.get("latency_ms"),
                response: try row.get("response")
            )
        }
        return WebhookDelivery(
            id: id,
            endpointID: try row.get("endpoint_id"),
            event: try Self.event(event),
            state: state,
            attempts: attempts,
            nextAttemptAt: try row.optional("next_attempt_at", as: Int64.self).map(Timestamp.init(secondsSince1970:)),
            queuedAt: Timestamp(secondsSince1970: try row.get("queued_at")),
            deliveredAt: try row.optional("delivered_at", as: Int64.self).map(Timestamp.init(secondsSince1970:))
        )
    }
}
