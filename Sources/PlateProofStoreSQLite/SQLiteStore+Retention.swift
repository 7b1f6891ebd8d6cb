import GRDB
public import PlateProofDomain
public import PlateProofStore

extension SQLiteStore {
    /// Original photos whose every claim was decided and made at or before `cutoff`, not yet deleted:
    /// the ones the retention period lets go. Evidence images are kept.
    public func originalsPastRetention(before cutoff: Timestamp) async throws(StoreError) -> [String] {
        try await read { db in
            try db.values(
                String.self,
                sql: """
                    SELECT photo_sha256 FROM claims GROUP BY photo_sha256
                    HAVING MAX(claimed_at) <= ? AND SUM(status IN ('queued', 'processing')) = 0
                       AND SUM(original_deleted_at IS NULL) > 0
                    """,
                arguments: [cutoff.secondsSince1970]
            )
        }
    }

    /// Records that the originals with these digests were deleted.
    public func markOriginalsDeleted(_ digests: [String], at time: Timestamp) async throws(StoreError) {
        try await write { db in
            for digest in digests {
                try db.run(
                    sql: "UPDATE claims SET original_deleted_at = ? WHERE photo_sha256 = ? AND original_deleted_at IS NULL",
                    arguments: [time.secondsSince1970, digest]
                )
                try Self.audit(AuditLine(actor: "retention", action: .deleteOriginal, claimID: nil, detail: digest, at: time), db)
            }
        }
    }
}
