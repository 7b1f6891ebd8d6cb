import PlateProofImaging
import PlateProofVerifier
import Testing

@Suite("Verifier")
struct VerifierTests {
    func assess(_ path: String, configuration: VerifierConfiguration = .init()) -> Verification {
        PhotoAssessor(verifier: Verifier(configuration: configuration)).assess(TestData.fixture(path)).verification
    }

    @Test("a clean plate is approved")
    func cleanPlate() {
        let verdict = assess("plates/synthetic-clean.jpg")
        #expect(verdict.decision == .approve)
        #expect(verdict.label == .clean)
        #expect(verdict.score <= VerifierConfiguration().approveAtMost)
        #expect(verdict.dishes == 1)
        #expect(verdict.heuristicVersion == VerifierConfiguration().heuristicVersion)
    }

    @Test("a plate with food is rejected for residue")
    func foodPlate() {
        let verdict = assess("plates/synthetic-food.jpg")
        #expect(verdict.decision == .reject)
        #expect(verdict.label == .food)
        #expect(verdict.reasons == [.residueHigh])
        // Three blobs of radius 30, 24 and 22 cover about a third of the inner plate.
        #expect(verdict.score > 0.25 && verdict.score < 0.5)
    }

    @Test("no plate is never approved")
    func noPlate() {
        let verdict = assess("plates/synthetic-no-plate.jpg")
        #expect(verdict.decision != .approve)
        #expect(verdict.reasons.contains(.plateNotFound) || verdict.label == .unusable)
    }

    @Test("quality gates: too small, too dark, flat")
    func gates() {
        let verifier = Verifier()
        let black = PixelBuffer(width: 64, height: 48)
        let dark = verifier.verify(black, sourceWidth: 640, sourceHeight: 480)
        #expect(dark.label == .unusable && dark.decision == .reject)
        #expect(dark.reasons.contains(.tooDark))
        #expect(dark.reasons.contains(.lowContrast))
        let small = verifier.verify(TestData.pattern(width: 64, height: 48), sourceWidth: 64, sourceHeight: 48)
        #expect(small.reasons.contains(.tooSmall))
    }

    @Test("an unreadable photo is unusable and rejected, with its error")
    func unreadable() {
        let assessment = PhotoAssessor().assess(TestData.fixture("damaged/truncated-60pct.jpg"))
        #expect(assessment.verification.label == .unusable)
        #expect(assessment.verification.decision == .reject)
        #expect(assessment.verification.reasons == [.undecodable])
        #expect(assessment.error?.code == .truncated)
    }

    @Test("thresholds can be overridden by name, and the version says so")
    func overrides() throws {
        let strict = try #require(VerifierConfiguration().setting("approve_at_most", to: 0))
        #expect(strict.approveAtMost == 0)
        #expect(strict.heuristicVersion.hasSuffix("+approve_at_most=0.0"))
        #expect(VerifierConfiguration().setting("no_such_threshold", to: 1) == nil)
        #expect(VerifierConfiguration.tunableNames.contains("darker_than_dish"))
        let lenient = try #require(VerifierConfiguration().setting("reject_at_least", to: 0.99))
        #expect(assess("plates/synthetic-food.jpg", configuration: lenient).decision == .review)
    }

    @Test("every numeric threshold can be overridden by its snake_case name")
    func everyThresholdIsTunable() {
        let names = Set(VerifierConfiguration.tunableNames)
        for child in Mirror(reflecting: VerifierConfiguration()).children {
            guard let label = child.label, !(child.value is String), !(child.value is Bool) else { continue }
            let snake = label.reduce(into: "") { name, character in
                name += character.isUppercase ? "_" + character.lowercased() : String(character)
            }
            #expect(names.contains(snake), "\(label) has no --set name")
        }
    }

    @Test("the same clean plate in black and white goes to a person, not to the ledger")
    func monochrome() throws {
        var image = try ImageDecoder().decode(TestData.fixture("plates/synthetic-clean.jpg")).pixels
        #expect(Verifier().verify(image, sourceWidth: image.width, sourceHeight: image.height).decision == .approve)
        for y in 0..<image.height {
            for x in 0..<image.width {
                let pixel = SIMD3<Int>(truncatingIfNeeded: image[x, y])
                image[x, y] = SIMD3(repeating: UInt8((pixel.x * 299 + pixel.y * 587 + pixel.z * 114) / 1000))
            }
        }
        let verdict = Verifier().verify(image, sourceWidth: image.width, sourceHeight: image.height)
        #expect(verdict.decision == .review)
        #expect(verdict.reasons == [.monochrome])
    }

    @Test("the overlay marks the residue it counted")
    func overlay() throws {
        let image = try ImageDecoder().decode(TestData.fixture("plates/synthetic-food.jpg")).pixels
        let explanation = Verifier().explain(image, sourceWidth: 320, sourceHeight: 240)
        let (verdict, overlay) = (explanation.verification, explanation.overlay)
        #expect(verdict.decision == .reject)
        #expect(overlay != image)
        #expect(overlay.width == image.width && overlay.height == image.height)
    }
}
