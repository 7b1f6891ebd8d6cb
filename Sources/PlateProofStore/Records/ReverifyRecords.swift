public import PlateProofDomain

/// Which decided claims a re-verification examines.
public struct ReverifySelection: Sendable, Hashable {
    /// Claims made at or after this moment.
    public var since: Timestamp?
    /// Claims made before this moment.
    public var until: Timestamp?
    /// Claims in this status (nil: approved, rejected and review).
    public var status: ClaimStatus?
    public var account: AccountID?
    /// Only this site's claims (after an enrolment of its plate models, say).
    public var site: SiteID?

    public init(
        since: Timestamp? = nil,
        until: Timestamp? = nil,
        status: ClaimStatus? = nil,
        account: AccountID? = nil,
        site: SiteID? = nil
    ) {
        self.since = since
        self.until = until
        self.status = status
        self.account = account
        self.site = site
    }

    /// A stable description, so the same selection resumes the same unfinished run.
    package var key: String {
        "since=\(since?.secondsSince1970.description ?? "-") until=\(until?.secondsSince1970.description ?? "-") "
            + "status=\(status?.rawValue ?? "decided") account=\(account?.rawValue ?? "-")"
            + (site.map { " site=\($0.rawValue)" } ?? "")
    }
}

/// A re-verification run: its jobs sit in the ordinary job queue, so it survives a crash and several
/// processes can share it.
public struct ReverifyRun: Sendable, Hashable {
    public var id: Int64
    public var heuristicVersion: String
    public var dryRun: Bool
    /// Claims selected.
    public var total: Int
    /// Whether this call found an unfinished run to resume.
    public var resumed: Bool

    package init(id: Int64, heuristicVersion: String, dryRun: Bool, total: Int, resumed: Bool) {
        self.id = id
        self.heuristicVersion = heuristicVersion
        self.dryRun = dryRun
        self.total = total
        self.resumed = resumed
    }
}

/// A run's totals.
public struct ReverifySummary: Sendable, Hashable {
    public var examined: Int
    public var unchanged: Int
    public var changed: Int
    /// Counts by kind of change (raw values of ``ReverifyChange``, without unchanged and skipped).
    public var changes: [String: Int]
    public var skippedModerated: Int
    public var ledgerEntriesWritten: Int
    /// Jobs of the run not done yet.
    public var pending: Int

    package init(
        examined: Int,
        unchanged: Int,
        changed: Int,
        changes: [String: Int],
        skippedModerated: Int,
        ledgerEntriesWritten: Int,
        pending: Int
    ) {
        self.examined = examined
        self.unchanged = unchanged
        self.changed = changed
        self.changes = changes
        self.skippedModerated = skippedModerated
        self.ledgerEntriesWritten = ledgerEntriesWritten
        self.pending = pending
    }
}

/// One claim's line in a run's report.
public struct ReverifyReportLine: Sendable, Hashable {
    public var claimID: Int64
    public var account: String
    public var from: String
    public var decision: String?
    public var change: String
    public var score: Double?
    public var reasons: String

    package init(claimID: Int64, account: String, from: String, decision: String?, change: String, score: Double?, reasons: String) {
        self.claimID = claimID
        self.account = account
        self.from = from
        self.decision = decision
        self.change = change
        self.score = score
        self.reasons = reasons
    }
}
