public import PlateProofStore
import PostgresNIO

/// The PostgreSQL schema, one migration a version (shipped ones are never edited); the same tables
/// as the SQLite schema. Processes starting together take an advisory lock, so each migration runs once.
enum PostgresMigrations {
    static let migrations: [(version: Int, name: String, sql: [String])] = [
        (
            1, "claims, jobs, ledger, audit, duplicates, communities, re-verification, keys, sessions, quality control",
            [
                """
                CREATE TABLE claims (
                    id BIGSERIAL PRIMARY KEY,
                    uploader TEXT NOT NULL,
                    idempotency_key TEXT NOT NULL,
                    account TEXT NOT NULL,
                    activity TEXT NOT NULL,
                    photo_sha256 TEXT NOT NULL CHECK (length(photo_sha256) = 64),
                    phash TEXT,
                    status TEXT NOT NULL CHECK (status IN ('queued', 'processing', 'approved', 'rejected', 'review')),
                    decided_by_moderator BOOLEAN NOT NULL DEFAULT FALSE,
                    decision TEXT CHECK (decision IS NULL OR decision IN ('approve', 'reject', 'review')),
                    score DOUBLE PRECISION,
                    reasons TEXT NOT NULL DEFAULT '',
                    heuristic_version TEXT,
                    claimed_at BIGINT NOT NULL,
                    decided_at BIGINT,
                    evidence_sha256 TEXT,
                    matches TEXT NOT NULL DEFAULT '',
                    original_deleted_at BIGINT,
                    UNIQUE (uploader, idempotency_key)
                )
                """,
                "CREATE INDEX claims_by_photo ON claims (photo_sha256)",
                "CREATE INDEX claims_by_account ON claims (account, activity, claimed_at)",
                "CREATE INDEX claims_by_status ON claims (status, claimed_at)",
                """
                CREATE TABLE reverify_runs (
                    id BIGSERIAL PRIMARY KEY,
                    heuristic_version TEXT NOT NULL,
                    selection TEXT NOT NULL,
                    dry_run BOOLEAN NOT NULL,
                    created_at BIGINT NOT NULL,
                    finished_at BIGINT
                )
                """,
                """
                CREATE TABLE jobs (
                    id BIGSERIAL PRIMARY KEY,
                    kind TEXT NOT NULL DEFAULT 'claim' CHECK (kind IN ('claim', 'reverify')),
                    claim_id BIGINT NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
                    run_id BIGINT REFERENCES reverify_runs (id),
                    lease_owner TEXT,
                    lease_expires_at BIGINT,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at BIGINT NOT NULL,
                    last_error TEXT,
                    UNIQUE (kind, claim_id, run_id)
                )
                """,
                "CREATE INDEX jobs_ready ON jobs (kind, next_attempt_at)",
                "CREATE UNIQUE INDEX claim_jobs ON jobs (claim_id) WHERE kind = 'claim'",
                """
                CREATE TABLE ledger_entries (
                    id BIGSERIAL PRIMARY KEY,
                    account TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('claim_credit', 'reversal', 'adjustment')),
                    amount BIGINT NOT NULL,
                    claim_id BIGINT REFERENCES claims (id),
                    claim_sequence INTEGER,
                    reason TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    CHECK ((claim_id IS NULL) = (claim_sequence IS NULL)),
                    UNIQUE (claim_id, claim_sequence)
                )
                """,
                "CREATE INDEX ledger_by_account ON ledger_entries (account)",
                "CREATE INDEX ledger_by_time ON ledger_entries (created_at)",
                """
                CREATE TABLE audit_log (
                    id BIGSERIAL PRIMARY KEY,
                    at BIGINT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    claim_id BIGINT,
                    detail TEXT NOT NULL
                )
                """,
                "CREATE INDEX audit_by_action ON audit_log (action, id)",
                """
                CREATE TABLE phash_bands (
                    band INTEGER NOT NULL,
                    value BIGINT NOT NULL,
                    claim_id BIGINT NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
                    claimed_at BIGINT NOT NULL,
                    PRIMARY KEY (band, value, claim_id)
                )
                """,
                "CREATE TABLE households (id TEXT PRIMARY KEY, created_at BIGINT NOT NULL)",
                "CREATE TABLE household_members (household_id TEXT NOT NULL REFERENCES households (id), account TEXT NOT NULL PRIMARY KEY)",
                "CREATE TABLE groups (id TEXT PRIMARY KEY, created_at BIGINT NOT NULL)",
                """
                CREATE TABLE group_members (
                    group_id TEXT NOT NULL REFERENCES groups (id),
                    account TEXT NOT NULL,
                    PRIMARY KEY (group_id, account)
                )
                """,
                """
                CREATE TABLE reverify_results (
                    run_id BIGINT NOT NULL REFERENCES reverify_runs (id),
                    claim_id BIGINT NOT NULL REFERENCES claims (id),
                    old_status TEXT NOT NULL,
                    new_decision TEXT,
                    change TEXT NOT NULL,
                    score DOUBLE PRECISION,
                    reasons TEXT NOT NULL DEFAULT '',
                    ledger_entries INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (run_id, claim_id)
                )
                """,
                """
                CREATE TABLE reverifications (
                    claim_id BIGINT NOT NULL REFERENCES claims (id),
                    heuristic_version TEXT NOT NULL,
                    decision TEXT NOT NULL,
                    at BIGINT NOT NULL,
                    PRIMARY KEY (claim_id, heuristic_version)
                )
                """,
                """
                CREATE TABLE api_keys (
                    id BIGSERIAL PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL CHECK (role IN ('uploader', 'moderator', 'admin')),
                    key_sha256 TEXT NOT NULL UNIQUE,
                    created_at BIGINT NOT NULL,
                    revoked_at BIGINT
                )
                """,
                """
                CREATE TABLE review_sessions (
                    token_sha256 TEXT PRIMARY KEY,
                    key_id BIGINT NOT NULL REFERENCES api_keys (id),
                    csrf_token TEXT NOT NULL,
                    expires_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE qa_samples (
                    claim_id BIGINT PRIMARY KEY REFERENCES claims (id),
                    machine_decision TEXT NOT NULL,
                    heuristic_version TEXT NOT NULL,
                    sampled_at BIGINT NOT NULL,
                    answer TEXT,
                    answer_reason TEXT,
                    moderator TEXT,
                    answered_at BIGINT
                )
                """,
                "CREATE INDEX qa_open ON qa_samples (answered_at, sampled_at)",
                "CREATE TABLE blobs (digest TEXT PRIMARY KEY, bytes BYTEA NOT NULL)",
            ]
        ),
        (2, "verdict overlays", ["ALTER TABLE claims ADD COLUMN overlay_sha256 TEXT"]),
        (
            3, "decision events",
            [
                // The events feed as typed records, no longer read back from audit-log prose.
                """
                CREATE TABLE decision_events (
                    id BIGSERIAL PRIMARY KEY,
                    claim_id BIGINT NOT NULL REFERENCES claims (id),
                    account TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('approved', 'rejected', 'review')),
                    decided_by TEXT NOT NULL,
                    at BIGINT NOT NULL
                )
                """,
                // Earlier decisions keep their place (and the cursors clients hold).
                """
                INSERT INTO decision_events (id, claim_id, account, status, decided_by, at)
                SELECT a.id, a.claim_id, c.account,
                    CASE a.detail WHEN 'approve' THEN 'approved' WHEN 'reject' THEN 'rejected' ELSE a.detail END, a.actor, a.at
                FROM audit_log a JOIN claims c ON c.id = a.claim_id
                WHERE a.action IN ('decide', 'redecide') AND a.detail IN ('approve', 'reject', 'review', 'approved', 'rejected')
                """,
                "SELECT setval(pg_get_serial_sequence('decision_events', 'id'), COALESCE((SELECT MAX(id) FROM decision_events), 0) + 1, false)",
            ]
        ),
        // One row health rewrites, to prove the database can still be written.
        (4, "health checks", ["CREATE TABLE health_checks (id INTEGER PRIMARY KEY CHECK (id = 1), at BIGINT NOT NULL)"]),
        (
            5, "webhook outbox",
            [
                // One table of events: decisions (the feed) and ledger entries, each written by the
                // transaction that causes it. A body is kept once rendered, so every delivery sends it.
                "ALTER TABLE decision_events RENAME TO events",
                "ALTER TABLE events ADD COLUMN type TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE events ADD COLUMN ledger_entry_id BIGINT REFERENCES ledger_entries (id)",
                "ALTER TABLE events ADD COLUMN body TEXT",
                """
                UPDATE events SET type = CASE WHEN decided_by LIKE 'moderator:%' THEN 'claim.decided_by_moderator'
                    ELSE 'claim.' || status END
                """,
                """
                CREATE TABLE webhook_endpoints (
                    id TEXT PRIMARY KEY,
                    url TEXT NOT NULL,
                    events TEXT NOT NULL,
                    description TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
                    disabled_reason TEXT,
                    created_at BIGINT NOT NULL,
                    failing_since BIGINT,
                    secret_sealed TEXT NOT NULL,
                    previous_secret_sealed TEXT,
                    previous_secret_until BIGINT
                )
                """,
                """
                CREATE TABLE webhook_deliveries (
                    id BIGSERIAL PRIMARY KEY,
                    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id),
                    event_id BIGINT NOT NULL REFERENCES events (id),
                    state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at BIGINT,
                    lease_owner TEXT,
                    lease_expires_at BIGINT,
                    queued_at BIGINT NOT NULL,
                    delivered_at BIGINT,
                    UNIQUE (endpoint_id, event_id)
                )
                """,
                "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at)",
                "CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id)",
                "CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_id)",
                """
                CREATE TABLE webhook_attempts (
                    id BIGSERIAL PRIMARY KEY,
                    delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries (id),
                    at BIGINT NOT NULL,
                    status_code INTEGER,
                    error TEXT,
                    latency_ms BIGINT NOT NULL,
                    response TEXT NOT NULL
                )
                """,
                "CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, id)",
            ]
        ),
        (
            6, "sites",
            [
                // Sites (tenants): accounts, households, groups, claims, ledger entries and events belong
                // to one; an account id is unique within its site. What existed goes to 'default'.
                """
                CREATE TABLE sites (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    time_zone TEXT,
                    utc_offset_seconds BIGINT,
                    activities TEXT,
                    active BOOLEAN NOT NULL DEFAULT TRUE,
                    created_at BIGINT NOT NULL
                )
                """,
                "INSERT INTO sites (id, name, created_at) VALUES ('default', 'Default site', EXTRACT(EPOCH FROM now())::BIGINT)",
                "ALTER TABLE claims ADD COLUMN site TEXT NOT NULL DEFAULT 'default' REFERENCES sites (id)",
                "ALTER TABLE ledger_entries ADD COLUMN site TEXT NOT NULL DEFAULT 'default' REFERENCES sites (id)",
                "ALTER TABLE events ADD COLUMN site TEXT NOT NULL DEFAULT 'default' REFERENCES sites (id)",
                // NULL: a platform-wide key, an endpoint that receives every site's events.
                "ALTER TABLE api_keys ADD COLUMN site TEXT REFERENCES sites (id)",
                "ALTER TABLE webhook_endpoints ADD COLUMN site TEXT REFERENCES sites (id)",
                "DROP INDEX claims_by_account",
                "CREATE INDEX claims_by_account ON claims (site, account, activity, claimed_at)",
                "CREATE INDEX claims_by_site_status ON claims (site, status, claimed_at)",
                "DROP INDEX ledger_by_account",
                "CREATE INDEX ledger_by_account ON ledger_entries (site, account)",
                "CREATE INDEX ledger_by_site_time ON ledger_entries (site, created_at)",
                "CREATE INDEX events_by_site ON events (site, id)",
                "ALTER TABLE household_members DROP CONSTRAINT household_members_household_id_fkey",
                "ALTER TABLE households ADD COLUMN site TEXT NOT NULL DEFAULT 'default' REFERENCES sites (id)",
                "ALTER TABLE households DROP CONSTRAINT households_pkey, ADD PRIMARY KEY (site, id)",
                "ALTER TABLE household_members ADD COLUMN site TEXT NOT NULL DEFAULT 'default'",
                "ALTER TABLE household_members DROP CONSTRAINT household_members_pkey, ADD PRIMARY KEY (site, account)",
                "ALTER TABLE household_members ADD FOREIGN KEY (site, household_id) REFERENCES households (site, id)",
                "ALTER TABLE group_members DROP CONSTRAINT group_members_group_id_fkey",
                "ALTER TABLE groups ADD COLUMN site TEXT NOT NULL DEFAULT 'default' REFERENCES sites (id)",
                "ALTER TABLE groups DROP CONSTRAINT groups_pkey, ADD PRIMARY KEY (site, id)",
                "ALTER TABLE group_members ADD COLUMN site TEXT NOT NULL DEFAULT 'default'",
                "ALTER TABLE group_members DROP CONSTRAINT group_members_pkey, ADD PRIMARY KEY (site, group_id, account)",
                "ALTER TABLE group_members ADD FOREIGN KEY (site, group_id) REFERENCES groups (site, id)",
            ]
        ),
        (
            7, "plate models",
            [
                // A site's enrolled plate models, every version kept: verdicts name the version they used.
                """
                CREATE TABLE plate_models (
                    site TEXT NOT NULL REFERENCES sites (id),
                    name TEXT NOT NULL,
                    version BIGINT NOT NULL,
                    kind TEXT NOT NULL,
                    photos BIGINT NOT NULL,
                    profile TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    removed_at BIGINT,
                    PRIMARY KEY (site, name, version)
                )
                """,
                "ALTER TABLE claims ADD COLUMN plate_profile TEXT",
            ]
        ),
    ]

    static func migrate(_ store: PostgresStore) async throws(StoreError) {
        try await store.transaction(migrating: true) { db in
            try await db.run("SELECT pg_advisory_xact_lock(7270001)")
            try await db.run("CREATE TABLE IF NOT EXISTS plateproof_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)")
            let applied = Set(try await db.values(Int.self, "SELECT version FROM plateproof_migrations"))
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.sql { try await db.run(PostgresQuery(unsafeSQL: statement)) }
                try await db.run("INSERT INTO plateproof_migrations (version, name) VALUES (\(migration.version), \(migration.name))")
            }
        }
    }
}
