public import PlateProofImaging

/// One photo offered to enrol a plate model, as the verifier saw it: the largest dish in it
/// unwrapped around its centre.
public struct EnrolmentSample: Sendable {
    /// How the photo is named in a refusal (its file name).
    public var name: String
    public var phash: PerceptualHash
    /// The quality gates it failed; nothing else was measured.
    public var qualityFailures: [ReasonCode]
    /// The largest dish, in its own coordinates; nil when none was found.
    var view: DishTemplate?
    /// Its major semi-axis over the analysis image's long side, and minor over major.
    var size = 0.0
    var aspect = 1.0
}

/// Why photos were refused for enrolment: a stable `code` and a message naming the photos.
public struct EnrolmentError: Error, Sendable, Equatable {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    static func photoCount(_ count: Int) -> Self {
        Self(code: "enrolment_photo_count", message: "enrolment takes 3 to 10 photos of one clean plate model; got \(count)")
    }
    static func unusable(_ photo: String, _ reasons: [ReasonCode]) -> Self {
        Self(code: "photo_unusable", message: "\(photo) cannot be judged: \(reasons.map(\.rawValue).joined(separator: ", "))")
    }
    static func unreadable(_ photo: String, _ error: ImagingError) -> Self {
        Self(code: "photo_unusable", message: "\(photo) cannot be read: \(error.message)")
    }
    static func plateNotFound(_ photo: String) -> Self {
        Self(code: "plate_not_found", message: "no plate or bowl was found in \(photo)")
    }
    static func duplicates(_ first: String, _ second: String) -> Self {
        Self(code: "duplicate_photos", message: "\(first) and \(second) are the same shot; enrol different shots of the plate")
    }
    static func holdsFood(_ photos: [String]) -> Self {
        Self(
            code: "photo_holds_food",
            message: "\(photos.joined(separator: ", ")): the same plate as the other photos, with something on it; enrol clean plates only"
        )
    }
    static func disagree(_ photos: [String]) -> Self {
        Self(code: "photos_disagree", message: "\(photos.joined(separator: ", ")): not the plate model the other photos show")
    }
}

extension Verifier {
    /// What enrolment needs of one photo (see ``PlateProfile/enrol(name:samples:configuration:)``).
    /// - Parameters:
    ///   - image: The upright analysis image.
    ///   - sourceWidth, sourceHeight: Upright size of the photo it came from.
    public func enrolmentSample(_ image: PixelBuffer, name: String, sourceWidth: Int, sourceHeight: Int) -> EnrolmentSample {
        let planes = PixelKernels.colorPlanes(image)
        var sample = EnrolmentSample(
            name: name,
            phash: PerceptualHash(lightness: planes.lightness),
            qualityFailures: QualityGates(configuration: configuration)
                .failures(lightness: planes.lightness, sourceWidth: sourceWidth, sourceHeight: sourceHeight)
        )
        guard sample.qualityFailures.isEmpty else { return sample }
        let scene = Scene(planes, configuration: configuration)
        let finder = DishFinder(configuration: configuration)
        let regions = finder.sorted(
            finder.dishes(planes: scene.blurred, segmentation: scene.segmentation, support: scene.support),
            scene: scene
        ).dishes
        // The plate is the largest dish, found either way: beside a bowl the regions found, a plate
        // whose glaze or pattern makes no region is still found by its round outline.
        let outlines = finder.sorted(finder.roundDishes(planes: scene.blurred), scene: scene).dishes.filter { circle in
            circle.evenRim >= configuration.minEvenRim
                && !regions.contains { $0.ellipse.contains(x: Int(circle.ellipse.centerX), y: Int(circle.ellipse.centerY)) }
        }
        let dishes = regions + outlines
        guard let dish = dishes.max(by: { $0.fill.count < $1.fill.count }) else { return sample }
        sample.view = DishView(dish, scene: scene) { scene.cutlery.mask[$0] }.template
        sample.size = dish.ellipse.major / Double(max(scene.width, scene.height))
        sample.aspect = dish.ellipse.minor / dish.ellipse.major
        return sample
    }
}

extension PhotoAssessor {
    /// Reads photos of a clean plate model and learns it (see
    /// ``PlateProfile/enrol(name:samples:configuration:)``); a photo that cannot be read refuses the
    /// enrolment as `photo_unusable`.
    /// - Parameter photos: Each photo's name (what a refusal calls it) and where to read it.
    public func enrolPlate(name: String, photos: [(name: String, source: ImageSource)]) throws(EnrolmentError) -> PlateProfile {
        var samples: [EnrolmentSample] = []
        for photo in photos {
            do {
                let output = try pipeline.run(photo.source)
                let (width, height) = (output.header.orientedWidth, output.header.orientedHeight)
                samples.append(verifier.enrolmentSample(output.analysis, name: photo.name, sourceWidth: width, sourceHeight: height))
            } catch {
                throw .unreadable(photo.name, error)
            }
        }
        return try PlateProfile.enrol(name: name, samples: samples, configuration: verifier.configuration)
    }
}

extension PlateProfile {
    /// Learns a plate model from 3-10 photos of it clean, taken as different shots; refuses photos
    /// that cannot make one: unreadable or unjudgeable ones, one with no plate, two of the same
    /// shot, one showing something on the plate the others do not, or a plate unlike the others'.
    /// The profile's version is 0: the store numbers it.
    public static func enrol(
        name: String,
        samples: [EnrolmentSample],
        configuration: VerifierConfiguration
    ) throws(EnrolmentError)
        -> PlateProfile
    {
        guard (3...10).contains(samples.count) else { throw .photoCount(samples.count) }
        var views: [DishTemplate] = []
        for sample in samples {
            guard sample.qualityFailures.isEmpty else { throw .unusable(sample.name, sample.qualityFailures) }
            guard let view = sample.view else { throw .plateNotFound(sample.name) }
            views.append(view)
        }
        for i in samples.indices {
            for j in samples.indices
            where j > i && samples[i].phash.distance(to: samples[j].phash) <= configuration.enrolmentDuplicateDistance {
                throw .duplicates(samples[i].name, samples[j].name)
            }
        }
        // Each view turned onto the first, then onto the median of all, which the first no longer biases.
        var aligned = views.map { $0.rotated(by: views[0].registration(of: $0)) }
        var template = DishTemplate.median(of: aligned)
        aligned = views.map { $0.rotated(by: template.registration(of: $0)) }
        template = DishTemplate.median(of: aligned)

        // Each photo against the others one by one: one that fits none of them differs.
        let differing = aligned.indices.filter { i in
            let share =
                aligned.indices.filter { $0 != i }.map { aligned[$0].differingShare(of: aligned[i], configuration: configuration) }.min()
                ?? 0
            return share > configuration.enrolmentDiffers
        }
        if !differing.isEmpty {
            guard differing.count * 2 < samples.count else { throw .disagree(differing.map { samples[$0].name }) }
            // The same model has the same rim: a photo whose rim differs is of another plate, one
            // whose rim agrees has something in its well.
            let otherPlates = differing.filter {
                template.differingShare(of: aligned[$0], rimOnly: true, configuration: configuration) > configuration.enrolmentDiffers
            }
            if !otherPlates.isEmpty { throw .disagree(otherPlates.map { samples[$0].name }) }
            throw .holdsFood(differing.map { samples[$0].name })
        }
        let sizes = samples.map(\.size)
        return PlateProfile(
            name: name,
            version: 0,
            kind: .round,
            photos: samples.count,
            aspect: samples.map(\.aspect).reduce(0, +) / Double(samples.count),
            sizeRange: (sizes.min() ?? 0)...(sizes.max() ?? 0),
            template: template
        )
    }
}

extension DishTemplate {
    /// Per cell, the median of the views that saw it, and how far they spread around it (median
    /// absolute deviation of the relative lightness, and of the opponent distance).
    static func median(of views: [DishTemplate]) -> DishTemplate {
        var result = DishTemplate(
            lightness: [],
            redGreen: [],
            yellowBlue: [],
            lightnessSpread: [],
            colourSpread: []
        )
        func median(_ values: [Float]) -> Float {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return .nan }
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        for cell in 0..<cellCount {
            let seen = views.filter { !$0.lightness[cell].isNaN }
            let (l, a, b) = (
                median(seen.map { $0.lightness[cell] }), median(seen.map { $0.redGreen[cell] }), median(seen.map { $0.yellowBlue[cell] })
            )
            result.lightness.append(l)
            result.redGreen.append(a)
            result.yellowBlue.append(b)
            result.lightnessSpread.append(seen.isEmpty ? 0 : median(seen.map { abs($0.lightness[cell] - l) }))
            result.colourSpread.append(seen.isEmpty ? 0 : median(seen.map { abs($0.redGreen[cell] - a) + abs($0.yellowBlue[cell] - b) }))
        }
        return result
    }

    /// Whether a colour at cell (`ring`, `sector`) looks as this template says somewhere about
    /// there (a ring and a sector either way): not darker than `gain` times the template's
    /// lightness allows, and of its colour; nil when the template saw none of those cells.
    func fits(l: Float, a: Float, b: Float, ring: Int, sector: Int, gain: Float, configuration: VerifierConfiguration) -> Bool? {
        let spread = configuration.profileSpreadFactor
        var seen = false
        for r in max(0, ring - 1)...min(Self.rings - 1, ring + 1) {
            for step in -1...1 {
                let t = Self.cell(ring: r, sector: (sector + step + Self.sectors) % Self.sectors)
                let expected = lightness[t]
                guard !expected.isNaN else { continue }
                seen = true
                // A strong colour varies with the camera's saturation: its tolerance grows with it.
                let saturated = configuration.profileSaturation * (abs(redGreen[t]) + abs(yellowBlue[t]))
                if gain * expected - l <= configuration.profileLightness + spread * lightnessSpread[t],
                    abs(a - redGreen[t]) + abs(b - yellowBlue[t]) <= configuration.profileColour + saturated + spread * colourSpread[t]
                {
                    return true
                }
            }
        }
        return seen ? false : nil
    }

    /// Share of the cells `view` saw (of the rim only, or all) that do not fit this template.
    func differingShare(of view: DishTemplate, rimOnly: Bool = false, configuration: VerifierConfiguration) -> Double {
        var seen = 0, differing = 0
        for cell in 0..<Self.cellCount where !view.lightness[cell].isNaN && (!rimOnly || cell / Self.sectors >= DishView.rimFrom) {
            let fit = fits(
                l: view.lightness[cell],
                a: view.redGreen[cell],
                b: view.yellowBlue[cell],
                ring: cell / Self.sectors,
                sector: cell % Self.sectors,
                gain: 1,
                configuration: configuration
            )
            guard let fit else { continue }
            seen += 1
            if !fit { differing += 1 }
        }
        return seen == 0 ? 1 : Double(differing) / Double(seen)
    }
}
