import GRDB
public import PlateProofDomain
public import PlateProofStore

extension SQLiteStore {
    // MARK: - Endpoints

    public func createWebhook(
        _ draft: WebhookDraft,
        sealedSecret: String,
        actor: String,
        now: Timestamp
    ) async throws(StoreError) -> WebhookEndpoint {
        let id = AccessSecrets.webhookID()
        return try await write { db in
            if let site = draft.site { try Self.requireSite(site, db) }
            try db.run(
                sql: """
                    INSERT INTO webhook_endpoints (id, url, events, description, site, status, created_at, secret_sealed)
                    VALUES (?, ?, ?, ?, ?, 'active', ?, ?)
                    """,
                arguments: [
                    id, draft.url, draft.events.stored, draft.description, draft.site?.rawValue, now.secondsSince1970, sealedSecret,
                ]
            )
            try Self.audit(AuditLine(actor: actor, action: .webhookCreate, claimID: nil, detail: "\(id) \(draft.url)", at: now), db)
            return try Self.requireWebhook(id, db)
        }
    }

    public func webhooks() async throws(StoreError) -> [WebhookEndpoint] {
        try await read { db in try db.rows(sql: "SELECT * FROM webhook_endpoints ORDER BY created_at, id").map(Self.webhook) }
    }

    public func webhook(id: String) async throws(StoreError) -> WebhookEndpoint? {
        try await read { db in try Self.webhook(id, db) }
    }

    public func updateWebhook(
        id: String,
        _ change: WebhookChange,
        actor: String,
        now: Timestamp
    ) async throws(StoreError) -> WebhookEndpoint {
        try await write { db in
            let before = try Self.requireWebhook(id, db)
            let enabling = change.status == .active && before.status == .disabled
            try db.run(
                sql: """
                    UPDATE webhook_endpoints SET url = COALESCE(?, url), events = COALESCE(?, events),
                        description = COALESCE(?, description), status = COALESCE(?, status),
                        disabled_reason = CASE WHEN ? = 'active' THEN NULL WHEN ? = 'disabled' THEN ? ELSE disabled_reason END,
                        failing_since = CASE WHEN ? THEN NULL ELSE failing_since END
                    WHERE id = ?
                    """,
                arguments: [
                    change.url, change.events?.stored, change.description, change.status?.rawValue, change.status?.rawValue,
                    change.status?.rawValue, "disabled by \(actor)", enabling, id,
                ]
            )
            try Self.audit(
                AuditLine(actor: actor, action: .webhookUpdate, claimID: nil, detail: WebhookAudit.detail(id, change), at: now),
                db
            )
            return try Self.requireWebhook(id, db)
        }
    }

    public func rotateWebhookSecret(
        id: String,
        sealedSecret: String,
        previousValidUntil: Timestamp,
        actor: String,
        now: Timestamp
    ) async throws(StoreError) -> WebhookEndpoint {
        try await write { db in
            _ = try Self.requireWebhook(id, db)
            try db.run(
                sql: """
                    UPDATE webhook_endpoints SET previous_secret_sealed = secret_sealed, previous_secret_until = ?, secret_sealed = ?
                    WHERE id = ?
                    """,
                arguments: [previousValidUntil.secondsSince1970, sealedSecret, id]
            )
            try Self.audit(AuditLine(actor: actor, action: .webhookRotate, claimID: nil, detail: id, at: now), db)
            return try Self.requireWebhook(id, db)
        }
    }

    public func deleteWebhook(id: String, actor: String, now: Timestamp) async throws(StoreError) {
        try await write { db in
            _ = try Self.requireWebhook(id, db)
            try db.run(
                sql: "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = ?)",
                arguments: [id]
            )
            try db.run(sql: "DELETE FROM webhook_deliveries WHERE endpoint_id = ?", arguments: [id])
            try db.run(sql: "DELETE FROM webhook_endpoints WHERE id = ?", arguments: [id])
            try Self.audit(AuditLine(actor: actor, action: .webhookDelete, claimID: nil, detail: id, at: now), db)
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
        let time = now.secondsSince1970
        return try await write { db in
            var leased: [LeasedDelivery] = []
            let endpoints = try db.rows(
                sql: """
                    SELECT e.*, (SELECT COUNT(*) FROM webhook_deliveries l
                        WHERE l.endpoint_id = e.id AND l.state = 'pending' AND l.lease_expires_at > ?) AS busy
                    FROM webhook_endpoints e WHERE e.status = 'active' ORDER BY random()
                    """,
                arguments: [time]
            )
            for row in endpoints where leased.count < limit {
                let room = min(perEndpoint - (row["busy"] as Int), limit - leased.count)
                guard room > 0 else { continue }
                let endpoint = try Self.webhook(row)
                let due = try db.rows(
                    sql: """
                        SELECT d.id AS delivery_id, d.attempts AS delivery_attempts, ev.* FROM webhook_deliveries d JOIN events ev ON ev.id = d.event_id
                        WHERE d.endpoint_id = ? AND d.state = 'pending' AND d.next_attempt_at <= ?
                          AND (d.lease_owner IS NULL OR d.lease_expires_at <= ?)
                        ORDER BY d.next_attempt_at, d.id LIMIT ?
                        """,
                    arguments: [endpoint.id, time, time, room]
                )
                for delivery in due {
                    let id: Int64 = delivery["delivery_id"]
                    try db.run(
                        sql: "UPDATE webhook_deliveries SET lease_owner = ?, lease_expires_at = ? WHERE id = ?",
                        arguments: [owner, time + leaseSeconds, id]
                    )
                    leased.append(
                        LeasedDelivery(
                            id: id,
                            endpoint: endpoint,
                            event: try Self.event(delivery),
                            body: delivery["body"],
                            attempts: delivery["delivery_attempts"]
                        )
                    )
                }
            }
            return leased
        }
    }

    public func keepEventBody(eventID: Int64, body: String) async throws(StoreError) -> String {
        try await write { db in
            try db.run(sql: "UPDATE events SET body = ? WHERE id = ? AND body IS NULL", arguments: [body, eventID])
            return try db.value(String.self, sql: "SELECT body FROM events WHERE id = ?", arguments: [eventID]) ?? body
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
        try await write { db in
            guard
                let row = try db.row(
                    sql: """
                        SELECT d.lease_owner, d.attempts, d.queued_at, d.endpoint_id, e.failing_since, ev.at AS event_at
                        FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id JOIN events ev ON ev.id = d.event_id
                        WHERE d.id = ?
                        """,
                    arguments: [id]
                )
            else { throw StoreError(.notFound, "no delivery \(id)") }
            guard (row["lease_owner"] as String?) == owner else {
                throw StoreError(.conflict, "the lease on delivery \(id) is not held by \(owner)")
            }
            let attempts: Int = row["attempts"]
            let step = schedule.step(
                after: attempt.outcome,
                attempts: attempts + 1,
                queuedAt: Timestamp(secondsSince1970: row["queued_at"]),
                endpointFailingSince: (row["failing_since"] as Int64?).map(Timestamp.init(secondsSince1970:)),
                draw: draw,
                now: now
            )
            try db.run(
                sql: """
                    INSERT INTO webhook_attempts (delivery_id, at, status_code, error, latency_ms, response) VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, attempt.at.secondsSince1970, attempt.statusCode, attempt.error, attempt.latencyMilliseconds, attempt.response,
                ]
            )
            try db.run(
                sql: """
                    UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, next_attempt_at = ?, lease_owner = NULL,
                        lease_expires_at = NULL, delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END
                    WHERE id = ?
                    """,
                arguments: [step.state.rawValue, step.nextAttemptAt?.secondsSince1970, step.state.rawValue, now.secondsSince1970, id]
            )
            let endpoint: String = row["endpoint_id"]
            try db.run(
                sql: "UPDATE webhook_endpoints SET failing_since = ? WHERE id = ?",
                arguments: [step.endpointFailingSince?.secondsSince1970, endpoint]
            )
            if step.disablesEndpoint, let line = WebhookAudit.disabling(endpoint, failingSince: step.endpointFailingSince, now: now) {
                try db.run(
                    sql: "UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = ? WHERE id = ? AND status = 'active'",
                    arguments: [line.detail, endpoint]
                )
                if db.changesCount > 0 { try Self.audit(line, db) }
            }
            return DeliveryResult(step: step, eventAt: Timestamp(secondsSince1970: row["event_at"]), firstAttempt: attempts == 0)
        }
    }

    public func deliveries(endpoint: String, limit: Int) async throws(StoreError) -> [WebhookDelivery] {
        try await read { db in
            try db.rows(
                sql: "SELECT * FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY id DESC LIMIT ?",
                arguments: [endpoint, limit]
            )
            .map { row in try Self.delivery(row, db) }
        }
    }

    public func delivery(id: Int64) async throws(StoreError) -> WebhookDelivery? {
        try await read { db in
            try db.row(sql: "SELECT * FROM webhook_deliveries WHERE id = ?", arguments: [id]).map { row in try Self.delivery(row, db) }
        }
    }

    public func resendDelivery(id: Int64, actor: String, now: Timestamp) async throws(StoreError) -> WebhookDelivery {
        try await write { db in
            let time = now.secondsSince1970
            try db.run(
                sql: """
                    UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = ?, queued_at = ?, delivered_at = NULL,
                        lease_owner = NULL, lease_expires_at = NULL
                    WHERE id = ?
                    """,
                arguments: [time, time, id]
            )
            guard db.changesCount > 0, let row = try db.row(sql: "SELECT * FROM webhook_deliveries WHERE id = ?", arguments: [id]) else {
                throw StoreError(.notFound, "no delivery \(id)")
            }
            try Self.audit(AuditLine(actor: actor, action: .webhookResend, claimID: nil, detail: "delivery \(id)", at: now), db)
            return try Self.delivery(row, db)
        }
    }

    public func pruneDeliveries(deliveredBefore cutoff: Timestamp) async throws(StoreError) -> Int {
        let time = cutoff.secondsSince1970
        return try await write { db in
            try db.run(
                sql: """
                    DELETE FROM webhook_attempts WHERE delivery_id IN
                        (SELECT id FROM webhook_deliveries WHERE state = 'delivered' AND delivered_at < ?)
                    """,
                arguments: [time]
            )
            try db.run(sql: "DELETE FROM webhook_deliveries WHERE state = 'delivered' AND delivered_at < ?", arguments: [time])
            let pruned = db.changesCount
            try db.run(
                sql: """
                    UPDATE events SET body = NULL WHERE body IS NOT NULL AND at < ?
                      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = events.id)
                    """,
                arguments: [time]
            )
            return pruned
        }
    }

    public func outboxCounts() async throws(StoreError) -> OutboxCounts {
        try await read { db in
            var counts: [String: Int] = [:]
            for row in try db.rows(sql: "SELECT state, COUNT(*) AS n FROM webhook_deliveries GROUP BY state") {
                counts[row["state"]] = row["n"]
            }
            return OutboxCounts(
                pending: counts["pending"] ?? 0,
                delivered: counts["delivered"] ?? 0,
                failed: counts["failed"] ?? 0,
                attempts: try db.value(Int.self, sql: "SELECT COUNT(*) FROM webhook_attempts") ?? 0
            )
        }
    }

    public func ledgerLine(id: Int64) async throws(StoreError) -> LedgerLine? {
        try await read { db in
            try db.row(sql: "SELECT * FROM ledger_entries WHERE id = ?", arguments: [id]).map { row in
                LedgerLine(id: row["id"], entry: try Self.entry(row))
            }
        }
    }

    // MARK: - Rows

    static func webhook(_ id: String, _ db: Database) throws -> WebhookEndpoint? {
        try db.row(sql: "SELECT * FROM webhook_endpoints WHERE id = ?", arguments: [id]).map(webhook)
    }

    static func requireWebhook(_ id: String, _ db: Database) throws -> WebhookEndpoint {
        guard let endpoint = try webhook(id, db) else { throw StoreError(.notFound, "no webhook \(id)") }
        return endpoint
    }

    static func webhook(_ row: Row) throws -> WebhookEndpoint {
        guard let status = WebhookEndpoint.Status(rawValue: row["status"]) else {
            throw StoreError(.storage, "a stored webhook has no valid status")
        }
        return WebhookEndpoint(
            id: row["id"],
            url: row["url"],
            events: [EventType](stored: row["events"]),
            description: row["description"],
            site: (row["site"] as String?).flatMap(SiteID.init(rawValue:)),
            status: status,
            disabledReason: row["disabled_reason"],
            createdAt: Timestamp(secondsSince1970: row["created_at"]),
            failingSince: (row["failing_since"] as Int64?).map(Timestamp.init(secondsSince1970:)),
            sealedSecret: row["secret_sealed"],
            previousSealedSecret: row["previous_secret_sealed"],
            previousSecretValidUntil: (row["previous_secret_until"] as Int64?).map(Timestamp.init(secondsSince1970:))
        )
    }

    static func event(_ row: Row) throws -> DecisionEvent {
        guard
            let type = EventType(rawValue: row["type"]), let account = AccountID(rawValue: row["account"]),
            let status = ClaimStatus(rawValue: row["status"]), let site = SiteID(rawValue: row["site"])
        else { throw StoreError(.storage, "a stored event is not valid") }
        return DecisionEvent(
            id: row["id"],
            type: type,
            claimID: row["claim_id"],
            ledgerEntryID: row["ledger_entry_id"],
            site: site,
            account: account,
            status: status,
            decidedBy: row["decided_by"],
            at: Timestamp(secondsSince1970: row["at"])
        )
    }

    static func delivery(_ row: Row, _ db: Database) throws -> WebhookDelivery {
        let id: Int64 = row["id"]
        guard
            let state = DeliveryState(rawValue: row["state"]),
            let event = try db.row(sql: "SELECT * FROM events WHERE id = ?", arguments: [row["event_id"]])
        else { throw StoreError(.storage, "stored delivery \(id) is not valid") }
        let attempts = try db.rows(sql: "SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY id", arguments: [id]).map { row in
            DeliveryAttempt(
                at: Timestamp(secondsSince1970: row["at"]),
                statusCode: row["status_code"],
                error: row["error"],
                latencyMilliseconds: row["latency_ms"],
                response: row["response"]
            )
        }
        return WebhookDelivery(
            id: id,
            endpointID: row["endpoint_id"],
            event: try Self.event(event),
            state: state,
            attempts: attempts,
            nextAttemptAt: (row["next_attempt_at"] as Int64?).map(Timestamp.init(secondsSince1970:)),
            queuedAt: Timestamp(secondsSince1970: row["queued_at"]),
            deliveredAt: (row["delivered_at"] as Int64?).map(Timestamp.init(secondsSince1970:))
        )
    }
}
