import GRDB
import PlateProofDomain
public import PlateProofStore

extension SQLiteStore {
    // MARK: - Transactions with typed errors

    func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw Self.storeError(error)
        }
    }

    func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw Self.storeError(error)
        }
    }

    /// What an SQLite failure means: the service's condition (busy, full, read-only, failing or
    /// damaged storage) is `unavailable`, a clash with what is stored a `conflict`, a file that
    /// cannot be opened a `storage` error of the configuration; the rest is a bug.
    static func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else { return StoreError(.storage, "database error", underlying: "\(error)") }
        let reason: String
        switch error.resultCode {
        case .SQLITE_CONSTRAINT: return StoreError(.conflict, "the change conflicts with what is stored", underlying: "\(error)")
        case .SQLITE_BUSY, .SQLITE_LOCKED: reason = "the database is busy"
        case .SQLITE_FULL: reason = "the disk holding the database is full"
        case .SQLITE_READONLY: reason = "the database is read-only (check the file's and its folder's permissions and mount)"
        case .SQLITE_IOERR: reason = "the disk failed a read or write of the database"
        case .SQLITE_CANTOPEN:
            return StoreError(
                .storage,
                "the database file cannot be opened (does its folder exist, and may it be written?)",
                underlying: "\(error)"
            )
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: reason = "the database file is damaged (restore it from a backup)"
        default: return StoreError(.storage, "database error", underlying: "\(error)")
        }
        return StoreError(.unavailable, reason, underlying: "\(error)")
    }

    // MARK: - Rows

    static func claim(id: Int64, _ db: Database) throws -> ClaimRecord? {
        try db.row(sql: "\(claimQuery) WHERE c.id = ?", arguments: [id]).map(claim)
    }

    static func require(_ id: Int64, _ db: Database) throws -> ClaimRecord {
        guard let claim = try claim(id: id, db) else { throw StoreError(.notFound, "no claim \(id)") }
        return claim
    }

    static func claim(uploader: String, key: String, _ db: Database) throws -> ClaimRecord? {
        try db.row(sql: "\(claimQuery) WHERE c.uploader = ? AND c.idempotency_key = ?", arguments: [uploader, key])
            .map(claim)
    }

    private static let claimQuery = """
        SELECT c.*, (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries l WHERE l.claim_id = c.id) AS credits
        FROM claims c
        """

    private static func claim(_ row: Row) throws -> ClaimRecord {
        func decoded<T>(_ value: String?, _ make: (String) -> T?, _ column: String) throws -> T {
            guard let value, let result = make(value) else {
                throw StoreError(.storage, "stored \(column) \"\(value ?? "null")\" is not valid")
            }
            return result
        }
        return ClaimRecord(
            id: row["id"],
            request: ClaimRequest(
                site: try decoded(row["site"], SiteID.init(rawValue:), "site"),
                uploader: row["uploader"],
                idempotencyKey: row["idempotency_key"],
                account: try decoded(row["account"], AccountID.init(rawValue:), "account"),
                activity: try decoded(row["activity"], ActivityID.init(rawValue:), "activity"),
                photoSHA256: row["photo_sha256"],
                claimedAt: Timestamp(secondsSince1970: row["claimed_at"])
            ),
            state: ClaimState(
                status: try decoded(row["status"], ClaimStatus.init(rawValue:), "status"),
                decidedByModerator: row["decided_by_moderator"]
            ),
            decision: (row["decision"] as String?).flatMap(ClaimDecision.init(rawValue:)),
            score: row["score"],
            reasons: [ClaimReason](stored: row["reasons"]),
            heuristicVersion: row["heuristic_version"],
            phash: row["phash"],
            decidedAt: (row["decided_at"] as Int64?).map(Timestamp.init(secondsSince1970:)),
            evidenceSHA256: row["evidence_sha256"],
            overlaySHA256: row["overlay_sha256"],
            plateProfile: (row["plate_profile"] as String?).flatMap { $0.isEmpty ? nil : $0 },
            matches: [Int64](stored: row["matches"]),
            originalDeletedAt: (row["original_deleted_at"] as Int64?).map(Timestamp.init(secondsSince1970:)),
            credits: Credits(row["credits"])
        )
    }

    static func entry(_ row: Row) throws -> LedgerEntry {
        guard let account = AccountID(rawValue: row["account"]), let kind = LedgerEntryKind(rawValue: row["kind"]) else {
            throw StoreError(.storage, "a stored ledger entry is not valid")
        }
        return LedgerEntry(
            account: account,
            kind: kind,
            amount: Credits(row["amount"]),
            claimID: row["claim_id"],
            reason: row["reason"],
            createdAt: Timestamp(secondsSince1970: row["created_at"])
        )
    }

    // MARK: - Writes inside a transaction

    /// Earlier claims of the same bytes, and claims whose perceptual hash is within the rules'
    /// distance (found through the band index, not a scan); records this claim's bands.
    static func history(of claim: ClaimRecord, phash: String?, rules: DuplicateRules, _ db: Database) throws -> PhotoHistory {
        let exact = try db.values(
            Int64.self,
            sql: "SELECT id FROM claims WHERE photo_sha256 = ? AND id < ? ORDER BY id LIMIT 20",
            arguments: [claim.request.photoSHA256, claim.id]
        )
        guard let phash, let hash = UInt64(phash, radix: 16) else { return PhotoHistory(exact: exact) }
        let since = claim.request.claimedAt.secondsSince1970 - rules.nearDuplicateWindowSeconds
        var candidates = Set<Int64>()
        for band in rules.bands(of: hash) {
            candidates.formUnion(
                try db.values(
                    Int64.self,
                    sql: "SELECT claim_id FROM phash_bands WHERE band = ? AND value = ? AND claimed_at >= ? AND claim_id != ?",
                    arguments: [band.band, band.value, since, claim.id]
                )
            )
        }
        var near: [Int64] = []
        for candidate in candidates.sorted() where !exact.contains(candidate) {
            let other = try db.value(String.self, sql: "SELECT phash FROM claims WHERE id = ?", arguments: [candidate])
            if let other, let otherHash = UInt64(other, radix: 16), DuplicateRules.distance(hash, otherHash) <= rules.nearDuplicateDistance
            {
                near.append(candidate)
            }
        }
        for band in rules.bands(of: hash) {
            try db.run(
                sql: "INSERT OR IGNORE INTO phash_bands (band, value, claim_id, claimed_at) VALUES (?, ?, ?, ?)",
                arguments: [band.band, band.value, claim.id, claim.request.claimedAt.secondsSince1970]
            )
        }
        return PhotoHistory(exact: exact, near: near)
    }
}

/// Statements compiled once per connection and reused: the queue runs the same few all day.
extension Database {
    func run(sql: String, arguments: StatementArguments = []) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }

    func row(sql: String, arguments: StatementArguments = []) throws -> Row? {
        try Row.fetchOne(cachedStatement(sql: sql), arguments: arguments)
    }

    func rows(sql: String, arguments: StatementArguments = []) throws -> [Row] {
        try Row.fetchAll(cachedStatement(sql: sql), arguments: arguments)
    }

    func value<T: DatabaseValueConvertible & StatementColumnConvertible>(
        _ type: T.Type,
        sql: String,
        arguments: StatementArguments = []
    ) throws -> T? {
        try T.fetchOne(cachedStatement(sql: sql), arguments: arguments)
    }

    func values<T: DatabaseValueConvertible & StatementColumnConvertible>(
        _ type: T.Type,
        sql: String,
        arguments: StatementArguments = []
    ) throws -> [T] {
        try T.fetchAll(cachedStatement(sql: sql), arguments: arguments)
    }
}
