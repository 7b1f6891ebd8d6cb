import ArgumentParser
import Foundation
import PlateProofDomain
import PlateProofImaging
import PlateProofStore
import PlateProofVerifier
import PlateProofWorker

/// `plateproof verify`: the verifier's verdict on photos.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide whether photos show a clean plate: label, decision, residue score and reasons.",
        discussion: """
            Labels: clean, food, not_plate, unusable. Decisions: approve, reject, review (a person \
            decides). The score is the share of the worst dish still covered (0-1). An unreadable file \
            is unusable and rejected, with the error. With --site, dishes recognised as one of the site's \
            enrolled plate models (see `plates enrol`) are measured against it, and `plate_profile` names it. \
            Exit status: 0 unless the command was misused (2).
            """
    )

    @Argument(help: "JPEG or PNG photos.")
    var files: [String]

    @Flag(help: "Print one JSON object per line instead of text.")
    var json = false

    @Flag(help: "With --json, add what the verdict was decided from (`measurements`: residue, dish share, food elsewhere, …).")
    var measurements = false

    @Option(help: "Write a PNG per photo into this folder (created if needed) showing the dishes found and the residue counted.")
    var overlays: String?

    @Option(help: "Verify with this site's enrolled plate models (read from the storage below).")
    var site: String?

    @OptionGroup(title: "Storage (with --site)")
    var storage: StorageOptions

    @OptionGroup(title: "Limits")
    var limits: DecodeLimitOptions

    @OptionGroup(title: "Verifier")
    var verifier: VerifierOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file") }
        if let site { let _: SiteID = try identifier(site) }
    }

    func run() async throws {
        var profiles: [PlateProfile] = []
        if let site {
            let siteID: SiteID = try identifier(site)
            profiles = try await storage.withStorage { store, _ in
                guard try await store.site(siteID) != nil else { throw ValidationError("no site \(site)") }
                return try await store.plateProfiles(at: siteID)
            }
        }
        let assessor = PhotoAssessor(
            pipeline: PhotoPipeline(configuration: .init(decoder: .init(limits: limits.limits))),
            verifier: Verifier(configuration: try verifier.configuration(), profiles: profiles)
        )
        if let overlays {
            try FileManager.default.createDirectory(atPath: overlays, withIntermediateDirectories: true)
        }
        for file in files {
            let assessment = assessor.assess(.file(path: file))
            if let overlays, let analysis = assessment.output?.analysis {
                let overlay = assessor.verifier.explain(
                    analysis,
                    sourceWidth: assessment.verification.width,
                    sourceHeight: assessment.verification.height
                ).overlay
                let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension + ".png"
                try Thumbnail.writeAtomically(try PNGEncoder.encode(overlay), to: (overlays as NSString).appendingPathComponent(name))
            }
            var record = VerifyJSON(file: file, assessment: assessment)
            if measurements { record.measurements = assessment.measurement?.findings.map(FindingsJSON.init) }
            let line = json ? JSONLine.encode(record) : Self.text(file, assessment)
            FileHandleOutput.standardOutput.write(line + "\n")
        }
    }

    static func text(_ file: String, _ assessment: Assessment) -> String {
        let v = assessment.verification
        var line = "\(file): \(v.decision.rawValue) (\(v.label.rawValue)), score \(v.score), confidence \(v.confidence)"
        if !v.reasons.isEmpty { line += ", reasons: " + v.reasons.map(\.rawValue).joined(separator: ", ") }
        if let profile = v.plateProfile { line += ", plate \(profile)" }
        if let error = assessment.error { line += " [\(error.code): \(error.message)]" }
        return line
    }
}

/// The JSON line `verify --json` prints for one photo.
struct VerifyJSON: Encodable {
    var file: String
    var label: String
    var decision: String
    var score: Double
    var confidence: Double
    var reasons: [String]
    var width: Int
    var height: Int
    var phash: String
    var heuristicVersion: String
    var dishes: Int
    /// The enrolled model measured against (`name@version`); null when none matched.
    var plateProfile: String?
    var error: ErrorJSON?
    var measurements: FindingsJSON?

    enum CodingKeys: String, CodingKey {
        case file, label, decision, score, confidence, reasons, width, height, phash, dishes, error, measurements
        case heuristicVersion = "heuristic_version"
        case plateProfile = "plate_profile"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(label, forKey: .label)
        try container.encode(decision, forKey: .decision)
        try container.encode(score, forKey: .score)
        try container.encode(confidence, forKey: .confidence)
        try container.encode(reasons, forKey: .reasons)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(phash, forKey: .phash)
        try container.encode(heuristicVersion, forKey: .heuristicVersion)
        try container.encode(dishes, forKey: .dishes)
        try container.encode(plateProfile, forKey: .plateProfile)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encodeIfPresent(measurements, forKey: .measurements)
    }

    init(file: String, assessment: Assessment) {
        let v = assessment.verification
        self.file = file
        label = v.label.rawValue
        decision = v.decision.rawValue
        score = v.score
        confidence = v.confidence
        reasons = v.reasons.map(\.rawValue)
        width = v.width
        height = v.height
        phash = v.phash.description
        heuristicVersion = v.heuristicVersion
        dishes = v.dishes
        plateProfile = v.plateProfile
        error = assessment.error.map(ErrorJSON.init)
    }
}

/// The measurements a verdict was decided from (see ``Findings``), as `verify --measurements` prints them.
struct FindingsJSON: Encodable {
    var score: Double
    var doubtful: Double
    var outlineFit: Double
    var missedDishScore: Double
    var foodElsewhere: Double
    var looseFood: Double
    var unexaminedTableware: Double
    var dishShare: Double
    var colourfulShare: Double

    enum CodingKeys: String, CodingKey {
        case score, doubtful
        case outlineFit = "outline_fit"
        case missedDishScore = "missed_dish_score"
        case foodElsewhere = "food_elsewhere"
        case looseFood = "loose_food"
        case unexaminedTableware = "unexamined_tableware"
        case dishShare = "dish_share"
        case colourfulShare = "colourful_share"
    }

    init(_ findings: Findings) {
        func rounded(_ value: Double) -> Double { (value * 10000).rounded() / 10000 }
        score = rounded(findings.score)
        doubtful = rounded(findings.doubtful)
        outlineFit = rounded(findings.outlineFit)
        missedDishScore = rounded(findings.missedDishScore)
        foodElsewhere = rounded(findings.foodElsewhere)
        looseFood = rounded(findings.looseFood)
        unexaminedTableware = rounded(findings.unexaminedTableware)
        dishShare = rounded(findings.dishShare)
        colourfulShare = rounded(findings.colourfulShare)
    }
}
