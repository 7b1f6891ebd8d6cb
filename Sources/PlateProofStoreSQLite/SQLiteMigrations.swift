import GRDB
import PlateProofStore

/// The SQLite schema, one migration a version; shipped migrations are never edited.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: claims, jobs, ledger, audit") { db in
            try db.execute(
                sql: """
                    CREATE TABLE claims (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        uploader TEXT NOT NULL,
                        idempotency_key TEXT NOT NULL,
                        account TEXT NOT NULL,
                        activity TEXT NOT NULL,
                        photo_sha256 TEXT NOT NULL CHECK (length(photo_sha256) = 64),
                        phash TEXT,
                        status TEXT NOT NULL CHECK (status IN ('queued', 'processing', 'approved', 'rejected', 'review')),
                        decided_by_moderator INTEGER NOT NULL DEFAULT 0 CHECK (decided_by_moderator IN (0, 1)),
                        decision TEXT CHECK (decision IS NULL OR decision IN ('approve', 'reject', 'review')),
                        score REAL,
                        reasons TEXT NOT NULL DEFAULT '',
                        heuristic_version TEXT,
                        claimed_at INTEGER NOT NULL,
                        decided_at INTEGER,
                        UNIQUE (uploader, idempotency_key)
                    );
                    CREATE INDEX claims_by_photo ON claims (photo_sha256);
                    CREATE INDEX claims_by_account ON claims (account, activity, claimed_at);

                    CREATE TABLE jobs (
                        claim_id INTEGER PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE,
                        lease_owner TEXT,
                        lease_expires_at INTEGER,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER NOT NULL,
                        last_error TEXT
                    );
                    CREATE INDEX jobs_ready ON jobs (next_attempt_at);

                    -- Append-only. (claim_id, claim_sequence) is unique: two writers that both saw the
                    -- same history of a claim cannot both add its next entry, so nothing is paid twice.
                    CREATE TABLE ledger_entries (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        account TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('claim_credit', 'reversal', 'adjustment')),
                        amount INTEGER NOT NULL,
                        claim_id INTEGER REFERENCES claims (id),
                        claim_sequence INTEGER,
                        reason TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        CHECK ((claim_id IS NULL) = (claim_sequence IS NULL)),
                        UNIQUE (claim_id, claim_sequence)
                    );
                    CREATE INDEX ledger_by_account ON ledger_entries (account);

                    CREATE TABLE audit_log (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at INTEGER NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        claim_id INTEGER,
                        detail TEXT NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v2: evidence images") { db in
            try db.execute(sql: "ALTER TABLE claims ADD COLUMN evidence_sha256 TEXT")
        }
        migrator.registerMigration("v3: duplicate detection") { db in
            try db.execute(
                sql: """
                    ALTER TABLE claims ADD COLUMN matches TEXT NOT NULL DEFAULT '';
                    -- Perceptual hashes cut into bands: near duplicates share at least one (see DuplicateRules).
                    CREATE TABLE phash_bands (
                        band INTEGER NOT NULL,
                        value INTEGER NOT NULL,
                        claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
                        claimed_at INTEGER NOT NULL,
                        PRIMARY KEY (band, value, claim_id)
                    );
                    """
            )
        }
        migrator.registerMigration("v4: households and groups") { db in
            try db.execute(
                sql: """
                    CREATE TABLE households (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL);
                    -- An account belongs to at most one household.
                    CREATE TABLE household_members (
                        household_id TEXT NOT NULL REFERENCES households (id),
                        account TEXT NOT NULL PRIMARY KEY
                    );
                    CREATE TABLE groups (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL);
                    CREATE TABLE group_members (
                        group_id TEXT NOT NULL REFERENCES groups (id),
                        account TEXT NOT NULL,
                        PRIMARY KEY (group_id, account)
                    );
                    CREATE INDEX ledger_by_time ON ledger_entries (created_at);
                    """
            )
        }
        migrator.registerMigration("v5: original photo retention") { db in
            try db.execute(sql: "ALTER TABLE claims ADD COLUMN original_deleted_at INTEGER")
        }
        migrator.registerMigration("v6: re-verification runs") { db in
            try db.execute(
                sql: """
                    -- Re-verification jobs share the jobs table: kind 'reverify', one per claim and run.
                    ALTER TABLE jobs RENAME TO jobs_v1;
                    CREATE TABLE jobs (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        kind TEXT NOT NULL DEFAULT 'claim' CHECK (kind IN ('claim', 'reverify')),
                        claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
                        run_id INTEGER REFERENCES reverify_runs (id),
                        lease_owner TEXT,
                        lease_expires_at INTEGER,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER NOT NULL,
                        last_error TEXT,
                        UNIQUE (kind, claim_id, run_id)
                    );
                    CREATE TABLE reverify_runs (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        heuristic_version TEXT NOT NULL,
                        selection TEXT NOT NULL,
                        dry_run INTEGER NOT NULL,
                        created_at INTEGER NOT NULL,
                        finished_at INTEGER
                    );
                    INSERT INTO jobs (kind, claim_id, lease_owner, lease_expires_at, attempts, next_attempt_at, last_error)
                        SELECT 'claim', claim_id, lease_owner, lease_expires_at, attempts, next_attempt_at, last_error FROM jobs_v1;
                    DROP TABLE jobs_v1;
                    CREATE INDEX jobs_ready ON jobs (kind, next_attempt_at);
                    CREATE UNIQUE INDEX claim_jobs ON jobs (claim_id) WHERE kind = 'claim';
                    -- What each run found per claim (its report), and the one correction per claim and heuristic.
                    CREATE TABLE reverify_results (
                        run_id INTEGER NOT NULL REFERENCES reverify_runs (id),
                        claim_id INTEGER NOT NULL REFERENCES claims (id),
                        old_status TEXT NOT NULL,
                        new_decision TEXT,
                        change TEXT NOT NULL,
                        score REAL,
                        reasons TEXT NOT NULL DEFAULT '',
                        ledger_entries INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (run_id, claim_id)
                    );
                    CREATE TABLE reverifications (
                        claim_id INTEGER NOT NULL REFERENCES claims (id),
                        heuristic_version TEXT NOT NULL,
                        decision TEXT NOT NULL,
                        at INTEGER NOT NULL,
                        PRIMARY KEY (claim_id, heuristic_version)
                    );
                    """
            )
        }
        migrator.registerMigration("v7: API keys, review sessions, quality control") { db in
            try db.execute(
                sql: """
                    -- Keys are stored as SHA-256 digests only; the key itself is shown once, at creation.
                    CREATE TABLE api_keys (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL UNIQUE,
                        role TEXT NOT NULL CHECK (role IN ('uploader', 'moderator', 'admin')),
                        key_sha256 TEXT NOT NULL UNIQUE,
                        created_at INTEGER NOT NULL,
                        revoked_at INTEGER
                    );
                    CREATE TABLE review_sessions (
                        token_sha256 TEXT PRIMARY KEY,
                        key_id INTEGER NOT NULL REFERENCES api_keys (id),
                        csrf_token TEXT NOT NULL,
                        expires_at INTEGER NOT NULL
                    );
                    -- Machine decisions sampled for a moderator's second look (quality control).
                    CREATE TABLE qa_samples (
                        claim_id INTEGER PRIMARY KEY REFERENCES claims (id),
                        machine_decision TEXT NOT NULL,
                        heuristic_version TEXT NOT NULL,
                        sampled_at INTEGER NOT NULL,
                        answer TEXT,
                        answer_reason TEXT,
                        moderator TEXT,
                        answered_at INTEGER
                    );
                    CREATE INDEX qa_open ON qa_samples (answered_at, sampled_at);
                    CREATE INDEX claims_by_status ON claims (status, claimed_at);
                    CREATE INDEX audit_by_action ON audit_log (action, id);
                    """
            )
        }
        migrator.registerMigration("v8: verdict overlays") { db in
            try db.execute(sql: "ALTER TABLE claims ADD COLUMN overlay_sha256 TEXT")
        }
        migrator.registerMigration("v9: decision events") { db in
            try db.execute(
                sql: """
                    -- The events feed as typed records, no longer read back from audit-log prose.
                    CREATE TABLE decision_events (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        claim_id INTEGER NOT NULL REFERENCES claims (id),
                        account TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('approved', 'rejected', 'review')),
                        decided_by TEXT NOT NULL,
                        at INTEGER NOT NULL
                    );
                    -- Earlier decisions keep their place (and the cursors clients hold).
                    INSERT INTO decision_events (id, claim_id, account, status, decided_by, at)
                    SELECT a.id, a.claim_id, c.account,
                        CASE a.detail WHEN 'approve' THEN 'approved' WHEN 'reject' THEN 'rejected' ELSE a.detail END, a.actor, a.at
                    FROM audit_log a JOIN claims c ON c.id = a.claim_id
                    WHERE a.action IN ('decide', 'redecide') AND a.detail IN ('approve', 'reject', 'review', 'approved', 'rejected')
                    ORDER BY a.id;
                    """
            )
        }
        migrator.registerMigration("v10: health checks") { db in
            // One row health rewrites, to prove the database can still be written.
            try db.execute(sql: "CREATE TABLE health_checks (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL)")
        }
        migrator.registerMigration("v11: webhook outbox") { db in
            try db.execute(
                sql: """
                    -- One table of events: decisions (the feed) and ledger entries, each written by the
                    -- transaction that causes it. A body is kept once rendered, so every delivery sends it.
                    ALTER TABLE decision_events RENAME TO events;
                    ALTER TABLE events ADD COLUMN type TEXT NOT NULL DEFAULT '';
                    ALTER TABLE events ADD COLUMN ledger_entry_id INTEGER REFERENCES ledger_entries (id);
                    ALTER TABLE events ADD COLUMN body TEXT;
                    UPDATE events SET type = CASE WHEN decided_by LIKE 'moderator:%' THEN 'claim.decided_by_moderator'
                        ELSE 'claim.' || status END;
                    CREATE TABLE webhook_endpoints (
                        id TEXT PRIMARY KEY,
                        url TEXT NOT NULL,
                        events TEXT NOT NULL,
                        description TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
                        disabled_reason TEXT,
                        created_at INTEGER NOT NULL,
                        failing_since INTEGER,
                        -- Sealed (AES-GCM) by the service: signing needs the secret itself, so it cannot be hashed.
                        secret_sealed TEXT NOT NULL,
                        previous_secret_sealed TEXT,
                        previous_secret_until INTEGER
                    );
                    -- The outbox: one row per event and endpoint, leased like jobs.
                    CREATE TABLE webhook_deliveries (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id),
                        event_id INTEGER NOT NULL REFERENCES events (id),
                        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER,
                        lease_owner TEXT,
                        lease_expires_at INTEGER,
                        queued_at INTEGER NOT NULL,
                        delivered_at INTEGER,
                        UNIQUE (endpoint_id, event_id)
                    );
                    CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
                    CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id);
                    CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_id);
                    CREATE TABLE webhook_attempts (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id),
                        at INTEGER NOT NULL,
                        status_code INTEGER,
                        error TEXT,
                        latency_ms INTEGER NOT NULL,
                        response TEXT NOT NULL
                    );
                    CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, id);
                    """
            )
        }
        migrator.registerMigration("v12: sites") { db in
            try db.execute(
                sql: """
                    -- Sites (tenants): accounts, households, groups, claims, ledger entries and events belong
                    -- to one; an account id is unique within its site. What existed goes to 'default'.
                    CREATE TABLE sites (
                        id TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        time_zone TEXT,
                        utc_offset_seconds INTEGER,
                        activities TEXT,
                        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
                        created_at INTEGER NOT NULL
                    );
                    INSERT INTO sites (id, name, created_at) VALUES ('default', 'Default site', CAST(strftime('%s', 'now') AS INTEGER));
                    ALTER TABLE claims ADD COLUMN site TEXT NOT NULL DEFAULT 'default';
                    ALTER TABLE ledger_entries ADD COLUMN site TEXT NOT NULL DEFAULT 'default';
                    ALTER TABLE events ADD COLUMN site TEXT NOT NULL DEFAULT 'default';
                    -- NULL: a platform-wide key, an endpoint that receives every site's events.
                    ALTER TABLE api_keys ADD COLUMN site TEXT REFERENCES sites (id);
                    ALTER TABLE webhook_endpoints ADD COLUMN site TEXT REFERENCES sites (id);
                    DROP INDEX claims_by_account;
                    CREATE INDEX claims_by_account ON claims (site, account, activity, claimed_at);
                    CREATE INDEX claims_by_site_status ON claims (site, status, claimed_at);
                    DROP INDEX ledger_by_account;
                    CREATE INDEX ledger_by_account ON ledger_entries (site, account);
                    CREATE INDEX ledger_by_site_time ON ledger_entries (site, created_at);
                    CREATE INDEX events_by_site ON events (site, id);

                    CREATE TABLE households_v12 (
                        site TEXT NOT NULL REFERENCES sites (id),
                        id TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        PRIMARY KEY (site, id)
                    );
                    -- An account belongs to at most one household.
                    CREATE TABLE household_members_v12 (
                        site TEXT NOT NULL,
                        household_id TEXT NOT NULL,
                        account TEXT NOT NULL,
                        PRIMARY KEY (site, account),
                        FOREIGN KEY (site, household_id) REFERENCES households_v12 (site, id)
                    );
                    CREATE TABLE groups_v12 (
                        site TEXT NOT NULL REFERENCES sites (id),
                        id TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        PRIMARY KEY (site, id)
                    );
                    CREATE TABLE group_members_v12 (
                        site TEXT NOT NULL,
                        group_id TEXT NOT NULL,
                        account TEXT NOT NULL,
                        PRIMARY KEY (site, group_id, account),
                        FOREIGN KEY (site, group_id) REFERENCES groups_v12 (site, id)
                    );
                    INSERT INTO households_v12 (site, id, created_at) SELECT 'default', id, created_at FROM households;
                    INSERT INTO household_members_v12 (site, household_id, account) SELECT 'default', household_id, account FROM household_members;
                    INSERT INTO groups_v12 (site, id, created_at) SELECT 'default', id, created_at FROM groups;
                    INSERT INTO group_members_v12 (site, group_id, account) SELECT 'default', group_id, account FROM group_members;
                    DROP TABLE household_members;
                    DROP TABLE households;
                    DROP TABLE group_members;
                    DROP TABLE groups;
                    ALTER TABLE households_v12 RENAME TO households;
                    ALTER TABLE household_members_v12 RENAME TO household_members;
                    ALTER TABLE groups_v12 RENAME TO groups;
                    ALTER TABLE group_members_v12 RENAME TO group_members;
                    """
            )
        }
        migrator.registerMigration("v13: plate models") { db in
            try db.execute(
                sql: """
                    -- A site's enrolled plate models, every version kept: verdicts name the version they used.
                    CREATE TABLE plate_models (
                        site TEXT NOT NULL REFERENCES sites (id),
                        name TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        photos INTEGER NOT NULL,
                        profile TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        removed_at INTEGER,
                        PRIMARY KEY (site, name, version)
                    );
                    ALTER TABLE claims ADD COLUMN plate_profile TEXT;
                    """
            )
        }
        return migrator
    }
}
