public import PlateProofDomain

/// Everything PlateProof keeps: claims and their job queue, the append-only ledger, the audit log,
/// households and groups, API keys and review sessions, quality-control samples and
/// re-verification runs. Workers, the HTTP service and the command line depend on this, not on a
/// database: `SQLiteStore` (PlateProofStoreSQLite) is the embedded
/// implementation, `PostgresStore` (PlateProofStorePostgres) the one for several machines.
///
/// Every method is one transaction; failures are `StoreError`s with stable codes.
public protocol Store: WebhookStore {
    // MARK: Claims and the queue

    /// Stores a claim and queues its job; the same uploader and idempotency key return the stored
    /// claim, and with other content are a `conflict`. An unknown site is `notFound`, a
    /// deactivated one `siteInactive`.
    func enqueue(_ request: ClaimRequest) async throws(StoreError) -> EnqueueResult
    /// Takes the oldest due job that is not leased (or whose lease expired).
    func leaseNextJob(owner: String, now: Timestamp, leaseSeconds: Int64) async throws(StoreError) -> LeasedJob?
    /// Records the machine's verdict for a leased job as `settlement` plans it (`qualityControlDraw`,
    /// uniform in 0..<1, is its quality-control draw), and ends the job.
    func complete(
        claimID: Int64,
        owner: String,
        verdict: MachineVerdict,
        settlement: Settlement,
        qualityControlDraw: Double,
        now: Timestamp
    ) async throws(StoreError) -> ClaimRecord
    /// Puts a leased job back after a transient failure, to be taken again at `nextAttempt`.
    func retry(claimID: Int64, owner: String, error: String, nextAttempt: Timestamp, now: Timestamp) async throws(StoreError)
    /// Applies a later decision (a moderator's, a newer heuristic's) with a new ledger entry.
    func redecide(
        claimID: Int64,
        event: ClaimEvent,
        actor: String,
        catalogue: ActivityCatalogue,
        now: Timestamp
    ) async throws(StoreError)
        -> ClaimRecord
    func claim(id: Int64) async throws(StoreError) -> ClaimRecord?
    func allClaims() async throws(StoreError) -> [ClaimRecord]
    /// Jobs still queued or leased.
    func pendingJobs() async throws(StoreError) -> Int
    /// Writes one row: a database that answers reads but cannot be written (a full disk, a
    /// read-only file) fails here, `unavailable` and saying why. Health asks this.
    func checkWritable(now: Timestamp) async throws(StoreError)

    // MARK: Ledger

    func balance(of account: AccountID, at site: SiteID) async throws(StoreError) -> Credits
    func entries(of account: AccountID, at site: SiteID) async throws(StoreError) -> [LedgerEntry]
    func entries(of account: AccountID, at site: SiteID, after cursor: Int64, limit: Int) async throws(StoreError) -> [LedgerLine]
    func ledgerTotal() async throws(StoreError) -> Credits
    func entryCountsByClaim() async throws(StoreError) -> [Int64: Int]
    /// Decisions after `cursor`, of one site or (nil) of all.
    func decisionEvents(site: SiteID?, after cursor: Int64, limit: Int) async throws(StoreError) -> [DecisionEvent]

    // MARK: Households, groups, rankings

    // Households and groups are a site's, of that site's accounts; rankings never mix sites.

    func createHousehold(_ id: HouseholdID, at site: SiteID, now: Timestamp) async throws(StoreError)
    func addToHousehold(_ id: HouseholdID, at site: SiteID, accounts: [AccountID]) async throws(StoreError)
    func household(_ id: HouseholdID, at site: SiteID) async throws(StoreError) -> HouseholdRecord?
    func createGroup(_ id: GroupID, at site: SiteID, now: Timestamp) async throws(StoreError)
    func addToGroup(_ id: GroupID, at site: SiteID, accounts: [AccountID]) async throws(StoreError)
    func groupMembers(_ id: GroupID, at site: SiteID) async throws(StoreError) -> [AccountID]?
    func leaderboard(at site: SiteID, group: GroupID?, since: Timestamp, limit: Int) async throws(StoreError) -> [LeaderboardEntry]

    // MARK: Sites

    /// A `conflict` when the id is taken.
    func createSite(_ site: Site) async throws(StoreError)
    /// Replaces a site's own activities (nil: the platform's again); `notFound` for an unknown id.
    func setActivities(_ activities: [Activity]?, of site: SiteID, now: Timestamp) async throws(StoreError) -> Site
    /// From now on the site takes no claims; `notFound` for an unknown id.
    func deactivateSite(_ site: SiteID, now: Timestamp) async throws(StoreError) -> Site
    func site(_ id: SiteID) async throws(StoreError) -> Site?
    /// Every site, by id.
    func sites() async throws(StoreError) -> [Site]

    // MARK: Plate models

    /// Stores `model` as the next version of its name at its site (its `version` is ignored: 1 for
    /// a name not in use, one more than the last otherwise) and returns it as stored; `notFound`
    /// for an unknown site, `siteInactive` for a deactivated one.
    func enrolPlateModel(_ model: PlateModel) async throws(StoreError) -> PlateModel
    /// A site's models in use: the latest version of each name not removed, by name.
    func plateModels(at site: SiteID) async throws(StoreError) -> [PlateModel]
    /// From now on verdicts do not use the model; past verdicts still name their version.
    /// `notFound` when the site has no such model in use.
    func removePlateModel(_ name: String, at site: SiteID, now: Timestamp) async throws(StoreError)

    // MARK: Moderation

    /// Claims awaiting a moderator, of one site or (nil) of all.
    func reviewQueue(site: SiteID?, limit: Int) async throws(StoreError) -> [ReviewItem]
    func reviewCounts(site: SiteID?) async throws(StoreError) -> (review: Int, qa: Int)
    /// A site's approved claims whose verdict used none of its plate models, newest first: photos of
    /// plates it may not have enrolled yet, offered on the review page as plate models.
    func plateCandidates(at site: SiteID, limit: Int) async throws(StoreError) -> [ClaimRecord]
    func moderate(
        claimID: Int64,
        decision: ClaimDecision,
        reason: String,
        moderator: String,
        catalogue: ActivityCatalogue,
        now: Timestamp
    ) async throws(StoreError) -> ModerationOutcome
    /// Per heuristic version, of one site or (nil) of all.
    func agreementRates(site: SiteID?) async throws(StoreError) -> [AgreementRate]

    // MARK: Keys and sessions

    /// A key scoped to `site`, or platform-wide when it is nil; an unknown site is `notFound`.
    func createKey(
        name: String,
        role: APIRole,
        site: SiteID?,
        now: Timestamp
    ) async throws(StoreError) -> (key: APIKeyRecord, secret: String)
    func key(secret: String) async throws(StoreError) -> APIKeyRecord?
    func keys() async throws(StoreError) -> [APIKeyRecord]
    func revokeKey(name: String, now: Timestamp) async throws(StoreError)
    func openSession(
        for key: APIKeyRecord,
        lifetimeSeconds: Int64,
        now: Timestamp
    ) async throws(StoreError)
        -> (token: String, session: ReviewSession)
    func session(token: String, now: Timestamp) async throws(StoreError) -> ReviewSession?
    func closeSession(token: String) async throws(StoreError)

    // MARK: Re-verification and retention

    func startReverifyRun(
        _ selection: ReverifySelection,
        heuristicVersion: String,
        dryRun: Bool,
        now: Timestamp
    ) async throws(StoreError)
        -> ReverifyRun
    func leaseReverifyJobs(
        run: Int64,
        owner: String,
        limit: Int,
        now: Timestamp,
        leaseSeconds: Int64
    ) async throws(StoreError)
        -> [ClaimRecord]
    /// Records what the run's heuristic found for a leased claim (`decision` nil: its photo could not
    /// be read) and applies the correction settlement plans, unless the run is a dry run.
    /// `plateModels`: the site's models it ran with; `plateProfile`: the one the verdict used.
    func completeReverify(
        run: ReverifyRun,
        claimID: Int64,
        owner: String,
        decision: ClaimDecision?,
        score: Double?,
        reasons: [ClaimReason],
        plateModels: [String],
        plateProfile: String?,
        catalogue: ActivityCatalogue,
        now: Timestamp
    ) async throws(StoreError) -> ReverifyChange
    func reverifySummary(run: Int64) async throws(StoreError) -> ReverifySummary
    func reverifyReport(run: Int64) async throws(StoreError) -> [ReverifyReportLine]
    func originalsPastRetention(before cutoff: Timestamp) async throws(StoreError) -> [String]
    func markOriginalsDeleted(_ digests: [String], at time: Timestamp) async throws(StoreError)
}

extension Store {
    /// `complete` with no quality-control sampling.
    public func complete(
        claimID: Int64,
        owner: String,
        verdict: MachineVerdict,
        catalogue: ActivityCatalogue,
        duplicates rules: DuplicateRules = .init(),
        now: Timestamp
    ) async throws(StoreError) -> ClaimRecord {
        try await complete(
            claimID: claimID,
            owner: owner,
            verdict: verdict,
            settlement: Settlement(catalogue: catalogue, duplicates: rules),
            qualityControlDraw: 1,
            now: now
        )
    }
}
