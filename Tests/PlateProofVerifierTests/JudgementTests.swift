import PlateProofImaging
import PlateProofVerifier
import Testing

/// Every branch of the decision, on measurements made up for it.
@Suite("Judgement")
struct JudgementTests {
    let clean = Findings(
        dishes: 1,
        score: 0.01,
        doubtful: 0,
        outlineFit: 0.95,
        missedDishScore: 0,
        foodElsewhere: 0,
        looseFood: 0,
        unexaminedTableware: 0,
        dishShare: 0.4,
        colourfulShare: 0.5
    )

    func judge(_ findings: Findings?, gates: [ReasonCode] = []) -> Verification {
        Verifier().judge(
            VerifierMeasurement(
                width: 640,
                height: 480,
                phash: PerceptualHash(value: 1),
                qualityFailures: gates,
                findings: findings,
                heuristicVersion: VerifierConfiguration().heuristicVersion
            )
        )
    }

    func with(_ change: (inout Findings) -> Void) -> Findings {
        var findings = clean
        change(&findings)
        return findings
    }

    @Test("an enrolled model finding much where the general rules find a clean dish goes to a person; both finding much rejects")
    func profileAgainstGeneralRules() {
        let doubted = judge(with { ($0.score, $0.plateProfile, $0.generalScore) = (0.4, "blue-rim@2", 0.02) })
        #expect(doubted.decision == .review && doubted.reasons == [.residueUncertain] && doubted.plateProfile == "blue-rim@2")
        let agreed = judge(with { ($0.score, $0.plateProfile, $0.generalScore) = (0.4, "blue-rim@2", 0.3) })
        #expect(agreed.decision == .reject && agreed.reasons == [.residueHigh] && agreed.plateProfile == "blue-rim@2")
    }

    @Test("a clean dish with nothing elsewhere is approved")
    func approve() {
        let verdict = judge(clean)
        #expect(verdict.decision == .approve && verdict.label == .clean && verdict.reasons.isEmpty)
        #expect(verdict.confidence > 0.5)
    }

    @Test("a failed quality gate rejects as unusable, whatever was found")
    func gates() {
        let verdict = judge(nil, gates: [.tooDark])
        #expect(verdict.decision == .reject && verdict.label == .unusable && verdict.reasons == [.tooDark])
    }

    @Test("a covered dish rejects, the band between goes to a person")
    func residue() {
        let c = VerifierConfiguration()
        #expect(judge(with { $0.score = c.rejectAtLeast }).decision == .reject)
        let between = judge(with { $0.score = (c.approveAtMost + c.rejectAtLeast) / 2 })
        #expect(between.decision == .review && between.reasons == [.residueUncertain])
    }

    @Test("a dish the others missed rejects when clearly covered and holds back an approval when less so")
    func missedDish() {
        let c = VerifierConfiguration()
        #expect(judge(with { $0.missedDishScore = c.missedDishRejectAtLeast }).decision == .reject)
        let held = judge(with { $0.missedDishScore = c.approveAtMost + 0.01 })
        #expect(held.decision == .review && held.reasons == [.foodElsewhere])
    }

    @Test("food elsewhere, a doubtful zone, unexamined tableware and no colour each hold back an approval")
    func holdBacks() {
        let c = VerifierConfiguration()
        #expect(judge(with { $0.foodElsewhere = c.foodElsewhereToBlock + 0.001 }).reasons == [.foodElsewhere])
        #expect(judge(with { $0.doubtful = c.approveAtMost }).reasons == [.residueUncertain])
        #expect(judge(with { $0.unexaminedTableware = c.maxUnexaminedTableware + 0.01 }).reasons == [.plateUncertain])
        #expect(judge(with { $0.dishShare = c.minDishShareToApprove / 2 }).reasons == [.plateUncertain])
        #expect(judge(with { $0.colourfulShare = 0 }).reasons == [.monochrome])
        for findings in [with { $0.foodElsewhere = c.foodElsewhereToReject - 0.001 }, with { $0.colourfulShare = 0 }] {
            #expect(judge(findings).decision == .review)
        }
    }

    @Test("food covering much of the picture outside a clean dish rejects")
    func muchFoodElsewhere() {
        let c = VerifierConfiguration()
        let verdict = judge(with { $0.foodElsewhere = c.foodElsewhereToReject })
        #expect(verdict.decision == .reject && verdict.label == .food && verdict.reasons == [.foodElsewhere])
        #expect(verdict.score == (c.foodElsewhereToReject * 1000).rounded() / 1000)
    }

    @Test("no dish: a person looks, unless food fills the tableware in the picture")
    func noDish() {
        let c = VerifierConfiguration()
        let none = with { $0.dishes = 0 }
        let verdict = judge(none)
        #expect(verdict.decision == .review && verdict.label == .notPlate && verdict.reasons == [.plateNotFound])
        let full = judge(
            with {
                $0.dishes = 0; $0.foodElsewhere = c.foodElsewhereToReject
            }
        )
        #expect(full.decision == .reject && full.label == .food && full.reasons == [.residueHigh])
        #expect(
            judge(
                with {
                    $0.dishes = 0; $0.looseFood = c.looseFoodToReject
                }
            ).decision == .reject
        )
        #expect(
            judge(
                with {
                    $0.dishes = 0; $0.looseFood = c.looseFoodToReject / 2
                }
            ).decision == .review
        )
    }

    @Test("measuring and judging apart gives the verdict verify gives")
    func splitEqualsWhole() throws {
        let image = try ImageDecoder().decode(TestData.fixture("plates/synthetic-food.jpg")).pixels
        let verifier = Verifier()
        let measurement = verifier.measure(image, sourceWidth: 320, sourceHeight: 240, thorough: true)
        #expect(verifier.judge(measurement) == verifier.verify(image, sourceWidth: 320, sourceHeight: 240))
        // A dish already covered enough is rejected without looking elsewhere, to the same verdict.
        let quick = verifier.measure(image, sourceWidth: 320, sourceHeight: 240)
        #expect(verifier.judge(quick) == verifier.judge(measurement))
        // Thresholds the decision alone uses change the verdict without measuring again.
        let lenient = Verifier(configuration: try #require(VerifierConfiguration().setting("reject_at_least", to: 0.99)))
        #expect(lenient.judge(measurement).decision == .review)
    }
}
