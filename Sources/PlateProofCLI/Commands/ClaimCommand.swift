import ArgumentParser
import PlateProofDomain
import PlateProofStore

/// `plateproof claim show`.
struct ClaimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim",
        abstract: "Look at claims.",
        subcommands: [Show.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a claim: status, decision, score, reasons, credits.")

        @Argument(help: "The claim id.")
        var id: Int64

        @OptionGroup(title: "Storage")
        var storage: StorageOptions

        @Flag(help: "Print one JSON object instead of text.")
        var json = false

        func run() async throws {
            let (store, _) = try storage.open()
            guard let claim = try await store.claim(id: id) else {
                FileHandleOutput.standardError.write("no claim \(id)\n")
                throw ExitCode(1)
            }
            let output = ClaimJSON(claim)
            FileHandleOutput.standardOutput.write((json ? JSONLine.encode(output) : output.text) + "\n")
        }
    }
}

/// A claim as scripts see it (`claim show --json`; the HTTP API will answer the same shape).
struct ClaimJSON: Encodable {
    var claimID: Int64
    var account: String
    var activity: String
    var status: String
    var decision: String?
    var score: Double?
    var reasons: [String]
    var credits: Int64
    var heuristicVersion: String?
    var phash: String?
    var evidenceSHA256: String?
    /// Earlier claims of the same or a near-identical photo.
    var matches: [Int64]
    var claimedAt: Int64
    var decidedAt: Int64?

    enum CodingKeys: String, CodingKey {
        case account, activity, status, decision, score, reasons, credits, phash, matches
        case claimID = "claim_id"
        case heuristicVersion = "heuristic_version"
        case evidenceSHA256 = "evidence_sha256"
        case claimedAt = "claimed_at"
        case decidedAt = "decided_at"
    }

    init(_ claim: ClaimRecord) {
        claimID = claim.id
        account = claim.request.account.rawValue
        activity = claim.request.activity.rawValue
        status = claim.state.status.rawValue
        decision = claim.decision?.rawValue
        score = claim.score
        reasons = claim.reasons
        credits = claim.credits.rawValue
        heuristicVersion = claim.heuristicVersion
        phash = claim.phash
        evidenceSHA256 = claim.evidenceSHA256
        matches = claim.matches
        claimedAt = claim.request.claimedAt.secondsSince1970
        decidedAt = claim.decidedAt?.secondsSince1970
    }

    var text: String {
        var line = "claim \(claimID): \(account) \(activity) \(status)"
        if let decision { line += ", decision \(decision)" }
        if let score { line += ", score \(score)" }
        if !reasons.isEmpty { line += ", reasons \(reasons.joined(separator: ", "))" }
        if !matches.isEmpty { line += ", matches claims \(matches.map(String.init).joined(separator: ", "))" }
        return line + ", credits \(credits)"
    }
}
