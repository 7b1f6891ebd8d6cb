import Dispatch
import Foundation
public import PlateProofImaging
public import PlateProofVerifier
import Synchronization

/// Runs every transformation over a labelled folder (`clean/`, `food/`) and counts the verdicts it
/// flips the wrong way: a clean photo the transformation turns into a rejection, a food photo it
/// turns into an approval.
public struct RobustnessSuite: Sendable {
    public var assessor: PhotoAssessor
    public var transformations: [Transformation]
    /// Every photo's plate changed the same way (one glaze, one motif, one cutlery setting), as if
    /// all showed one plate model: photos of a repeated plate can then be enrolled as that model.
    public var oneModel: Bool

    public init(assessor: PhotoAssessor = .init(), transformations: [Transformation] = Transformation.allCases, oneModel: Bool = false) {
        self.assessor = assessor
        self.transformations = transformations
        self.oneModel = oneModel
    }

    /// - Parameters:
    ///   - directory: A folder with `clean/` and `food/` subfolders of photos.
    ///   - writingTo: When given, each transformed photo is also written there, as
    ///     `TRANSFORMATION/LABEL/NAME.jpg`, so it can be looked at or passed to `plateproof eval`.
    ///   - progress: Told each photo's path once it is done.
    public func run(
        directory: String,
        writingTo output: String? = nil,
        threads: Int = 2,
        progress: @Sendable (String) -> Void = { _ in }
    ) throws(RobustnessError) -> RobustnessReport {
        var found: [(label: Transformation.Kind, path: String)] = []
        for kind in [Transformation.Kind.clean, .food] {
            let folder = (directory as NSString).appendingPathComponent(kind.rawValue)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
                throw RobustnessError("\(folder) is missing: the suite needs clean/ and food/ in \(directory)")
            }
            for name in names.sorted() where ["jpg", "jpeg", "png"].contains((name as NSString).pathExtension.lowercased()) {
                found.append((kind, (folder as NSString).appendingPathComponent(name)))
            }
        }
        let photos = found
        if let output {
            for transformation in transformations {
                for kind in [Transformation.Kind.clean, .food] where transformation.kind == kind {
                    let folder = "\(output)/\(transformation.rawValue)/\(kind.rawValue)"
                    do {
                        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    } catch {
                        throw RobustnessError("cannot create \(folder): \(error.localizedDescription)")
                    }
                }
            }
        }
        // Clean photos the verifier approves as they are: the plates set beside food photos.
        let originals = Mutex([Original?](repeating: nil, count: photos.count))
        DispatchQueue.concurrentPerform(iterations: threads) { lane in
            for index in stride(from: lane, to: photos.count, by: threads) {
                let original = Original(path: photos[index].path, assessor: assessor)
                originals.withLock { $0[index] = original }
            }
        }
        let known = originals.withLock { $0 }
        let companions = known.indices.filter { photos[$0].label == .clean && known[$0]?.verification.decision == .approve }

        let rows = Mutex([String: RobustnessReport.Row]())
        for transformation in transformations {
            rows.withLock {
                $0[transformation.rawValue] = .init(
                    transformation: transformation,
                    kind: transformation.kind,
                    summary: transformation.summary
                )
            }
        }
        DispatchQueue.concurrentPerform(iterations: threads) { lane in
            for index in stride(from: lane, to: photos.count, by: threads) {
                guard let original = known[index] else { continue }
                let photo = photos[index]
                let name = ((photo.path as NSString).lastPathComponent as NSString).deletingPathExtension
                for transformation in transformations where transformation.kind == photo.label {
                    let companion =
                        companions.isEmpty
                        ? nil
                        : known[companions[Int(SplitMix.seed(name) % UInt64(companions.count))]]
                            .flatMap { clean in clean.largestDish.map { Companion(pixels: clean.pixels, plate: $0) } }
                    let plate = photo.label == .clean ? original.largestDish : original.mostCoveredDish
                    let outcome = Self.outcome(
                        of: transformation,
                        on: original,
                        plate: plate,
                        companion: companion,
                        seed: SplitMix.seed((oneModel ? "" : name) + transformation.rawValue),
                        assessor: assessor,
                        writeTo: output.map { "\($0)/\(transformation.rawValue)/\(photo.label.rawValue)/\(name).jpg" }
                    )
                    rows.withLock { $0[transformation.rawValue]?.add(outcome, photo: photo.path) }
                }
                progress(photo.path)
            }
        }
        let table = rows.withLock { $0 }
        return RobustnessReport(rows: transformations.compactMap { table[$0.rawValue] })
    }

    /// A photo as it is: its pixels, verdict and dishes in its own pixels.
    struct Original: Sendable {
        var pixels: PixelBuffer
        var verification: Verification
        var dishes: [(outline: PlateOutline, residue: Double)]

        init?(path: String, assessor: PhotoAssessor) {
            guard let decoded = try? ImageDecoder(configuration: assessor.pipeline.configuration.decoder).decode(.file(path: path)),
                let output = try? assessor.pipeline.run(.file(path: path))
            else { return nil }
            pixels = decoded.pixels
            let explanation = assessor.verifier.explain(
                output.analysis,
                sourceWidth: output.header.orientedWidth,
                sourceHeight: output.header.orientedHeight
            )
            verification = explanation.verification
            let scale = Double(pixels.width) / Double(output.analysis.width)
            dishes = explanation.dishes.map {
                (
                    PlateOutline(
                        center: Point(($0.centerX + 0.5) * scale, ($0.centerY + 0.5) * scale),
                        semiMajor: $0.semiMajor * scale,
                        semiMinor: $0.semiMinor * scale,
                        angle: $0.angle
                    ),
                    $0.residue
                )
            }
        }

        var largestDish: PlateOutline? { dishes.max { $0.outline.radius < $1.outline.radius }?.outline }
        var mostCoveredDish: PlateOutline? { dishes.max { $0.residue < $1.residue }?.outline }
    }

    enum Outcome {
        case notApplicable
        case kept
        case flipped
    }

    static func outcome(
        of transformation: Transformation,
        on original: Original,
        plate: PlateOutline?,
        companion: Companion?,
        seed: UInt64,
        assessor: PhotoAssessor,
        writeTo path: String?
    ) -> Outcome {
        guard let changed = transformation.apply(to: original.pixels, plate: plate, seed: seed, companion: companion),
            let jpeg = try? JPEGEncoder.encode(changed, quality: transformation.quality)
        else { return .notApplicable }
        if let path { FileManager.default.createFile(atPath: path, contents: Data(jpeg)) }
        let before = original.verification.decision
        let after = assessor.assess(.bytes(jpeg)).verification.decision
        switch transformation.kind {
        case .clean: return before != .reject && after == .reject ? .flipped : .kept
        case .food: return before != .approve && after == .approve ? .flipped : .kept
        }
    }
}

/// How often each transformation flipped a verdict the wrong way.
public struct RobustnessReport: Sendable, Encodable {
    public struct Row: Sendable, Encodable {
        public var transformation: Transformation
        public var kind: Transformation.Kind
        public var summary: String
        /// Photos of its kind, and those it could be applied to (the plate-dependent ones need a dish).
        public var photos = 0
        public var applied = 0
        public var flips = 0
        /// The photos it flipped.
        public var flipped: [String] = []

        /// Flips over the photos it was applied to.
        public var flipRate: Double { applied == 0 ? 0 : Double(flips) / Double(applied) }

        mutating func add(_ outcome: RobustnessSuite.Outcome, photo: String) {
            photos += 1
            switch outcome {
            case .notApplicable: break
            case .kept: applied += 1
            case .flipped:
                applied += 1
                flips += 1
                flipped.append(photo)
                flipped.sort()
            }
        }

        enum CodingKeys: String, CodingKey {
            case transformation, kind, summary, photos, applied, flips, flipped
            case flipRate = "flip_rate"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(transformation, forKey: .transformation)
            try container.encode(kind, forKey: .kind)
            try container.encode(summary, forKey: .summary)
            try container.encode(photos, forKey: .photos)
            try container.encode(applied, forKey: .applied)
            try container.encode(flips, forKey: .flips)
            try container.encode((flipRate * 10000).rounded() / 10000, forKey: .flipRate)
            try container.encode(flipped, forKey: .flipped)
        }
    }

    public var rows: [Row]
}

/// The suite could not run: a folder is missing or cannot be written.
public struct RobustnessError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
