extension Verifier {
    /// The verdict the decision thresholds give a measurement: a label, a decision, its reasons
    /// and a confidence.
    ///
    /// A dish clearly covered rejects, a clean one approves unless something holds the approval
    /// back: no colour at all, food elsewhere in the picture, a doubtful zone, or too little of the
    /// picture explained by the dishes. A person decides the band between and those cases.
    public func judge(_ measurement: VerifierMeasurement) -> Verification {
        var verdict = Verification(
            label: .unusable,
            decision: .reject,
            score: 0,
            confidence: 1,
            reasons: measurement.qualityFailures,
            width: measurement.width,
            height: measurement.height,
            phash: measurement.phash,
            dishes: 0,
            heuristicVersion: measurement.heuristicVersion
        )
        guard let findings = measurement.findings else { return verdict }
        let c = configuration
        let fit = min(1, max(0, (findings.outlineFit - 0.5) * 2))
        verdict.dishes = findings.dishes
        verdict.plateProfile = findings.plateProfile
        func set(_ label: PlateLabel, _ decision: Decision, _ reasons: [ReasonCode], _ confidence: Double, score: Double) {
            (verdict.label, verdict.decision, verdict.reasons) = (label, decision, reasons)
            verdict.score = (score * 1000).rounded() / 1000
            verdict.confidence = (confidence * 100).rounded() / 100
        }
        guard findings.dishes > 0 else {
            if findings.missedDishScore >= c.missedDishRejectAtLeast {
                // A round outline that is no clean dish, but holds food.
                set(.food, .reject, [.residueHigh], 0.5, score: findings.missedDishScore)
            } else if findings.foodElsewhere >= c.foodElsewhereToReject || findings.looseFood >= c.looseFoodToReject {
                // No dish outline, but food fills the tableware, or the picture.
                set(.food, .reject, [.residueHigh], 0.5, score: max(findings.foodElsewhere, findings.looseFood))
            } else {
                set(.notPlate, c.reviewWhenNoPlate ? .review : .reject, [.plateNotFound], 0.5, score: 0)
            }
            return verdict
        }
        let score = findings.score
        if score >= c.rejectAtLeast, let general = findings.generalScore, general <= c.approveAtMost {
            // The enrolled model finds much on a dish the general rules find clean: it may be
            // another plate that looks like it. A person decides.
            set(.food, .review, [.residueUncertain], fit * 0.3, score: score)
        } else if score >= c.rejectAtLeast {
            set(.food, .reject, [.residueHigh], fit * (0.6 + 0.4 * min(1, (score - c.rejectAtLeast) / (1 - c.rejectAtLeast))), score: score)
        } else if findings.missedDishScore >= c.missedDishRejectAtLeast {
            // A dish the others missed, found by its outline, clearly holds food.
            set(.food, .reject, [.residueHigh], fit * 0.6, score: findings.missedDishScore)
        } else if findings.foodElsewhere >= c.foodElsewhereToReject {
            // The dishes found may be clean, but food covers much of the picture elsewhere.
            set(.food, .reject, [.foodElsewhere], fit * 0.5, score: findings.foodElsewhere)
        } else if score > c.approveAtMost {
            let middle = (c.approveAtMost + c.rejectAtLeast) / 2
            let halfBand = (c.rejectAtLeast - c.approveAtMost) / 2
            set(score < middle ? .clean : .food, .review, [.residueUncertain], fit * 0.5 * abs(score - middle) / halfBand, score: score)
        } else if findings.colourfulShare < c.minColourfulShare {
            // A black-and-white picture of a clean plate was not taken for this claim.
            set(.clean, .review, [.monochrome], fit * 0.5, score: score)
        } else if findings.foodElsewhere > c.foodElsewhereToBlock || findings.missedDishScore > c.approveAtMost {
            // The dishes found are clean, but food lies elsewhere in the picture.
            set(.clean, .review, [.foodElsewhere], fit * 0.4, score: score)
        } else if score + findings.doubtful > c.approveAtMost {
            // An evenly coloured centre of another hue: a glaze, or soup.
            set(.clean, .review, [.residueUncertain], fit * 0.4, score: score)
        } else if findings.dishShare < c.minDishShareToApprove || findings.unexaminedTableware > c.maxUnexaminedTableware {
            // Too little of the picture is explained by the dishes found, or tableware was not
            // looked into: another dish may hold food.
            set(.clean, .review, [.plateUncertain], fit * 0.4, score: score)
        } else {
            set(.clean, .approve, [], fit * (0.6 + 0.4 * (1 - score / max(1e-9, c.approveAtMost))), score: score)
        }
        return verdict
    }
}
