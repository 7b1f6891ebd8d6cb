import PlateProofEvaluation
import PlateProofVerifier
import Testing

@Suite("Operating points and threshold sweeps")
struct ThresholdSweepTests {
    func photo(_ label: LabelledPhoto.Label, _ source: String, _ n: Int) -> LabelledPhoto {
        LabelledPhoto(path: "\(label)/\(source)_\(n).jpg", label: label, source: source)
    }

    @Test("rates count false approvals over food and other, clean outcomes over clean, reviews over all")
    func rates() {
        let point = OperatingPoint([
            (.clean, .approve), (.clean, .approve), (.clean, .reject), (.clean, .review),
            (.food, .approve), (.food, .reject), (.other, .review), (.other, .reject),
        ])
        #expect(point.photos == 8)
        #expect(point.falseApprovals == 0.25 && point.cleanAutoApprovals == 0.5 && point.cleanRejections == 0.25)
        #expect(point.reviewRate == 0.25)
        let onlyFood = OperatingPoint([(.food, .reject)])
        #expect(onlyFood.cleanAutoApprovals == nil && onlyFood.falseApprovals == 0)
    }

    @Test("the cost is zero but for a hundredth of the rates once every target is met, and grows with each miss")
    func cost() {
        let perfect = OperatingPoint([(.clean, .approve), (.food, .reject)])
        #expect(perfect.cost < 0.01)
        let falseApproval = OperatingPoint([(.clean, .approve), (.food, .approve)])
        #expect(falseApproval.cost > 20)
        let reviewed = OperatingPoint([(.clean, .review), (.food, .reject)])
        #expect(reviewed.cost > perfect.cost && reviewed.cost < falseApproval.cost)
    }

    @Test("the grid's points are every combination, the first name varying slowest")
    func points() {
        let sweep = ThresholdSweep(grid: [("a", [1, 2]), ("b", [10, 20, 30])])
        #expect(sweep.points.count == 6)
        #expect(
            sweep.points.first == ["a": 1, "b": 10] && sweep.points[1] == ["a": 1, "b": 20] && sweep.points.last == ["a": 2, "b": 30]
        )
    }

    @Test("the point of least cost is chosen; a source left out gets the point chosen without it")
    func leaveOneSourceOut() {
        // Source x prefers point 0 (its food is approved at point 1), source y prefers point 1 (its
        // clean plates are reviewed at point 0); y is larger, so all together choose point 1.
        var photos: [LabelledPhoto] = []
        var atZero: [Decision] = [], atOne: [Decision] = []
        for n in 0..<20 {
            photos.append(photo(.food, "x", n))
            atZero.append(.reject)
            atOne.append(n == 0 ? .approve : .reject)
        }
        for n in 0..<40 {
            photos.append(photo(.clean, "y", n))
            atZero.append(.review)
            atOne.append(.approve)
            photos.append(photo(.food, "y", 100 + n))
            atZero.append(.reject)
            atOne.append(.reject)
        }
        photos.append(photo(.clean, "z", 0))
        atZero.append(.approve)
        atOne.append(.approve)
        let sweep = ThresholdSweep(grid: [("approve_at_most", [0.05, 0.1])])
        let result = sweep.choose(photos: photos, decisions: [atZero, atOne], minimumSourceSize: 20)
        #expect(result.best.settings == ["approve_at_most": 0.1])
        #expect(result.leaveOneSourceOut.map(\.source) == ["x", "y"], "z has too few photos to be left out")
        let x = result.leaveOneSourceOut[0], y = result.leaveOneSourceOut[1]
        // Without x, y's clean plates decide: point 1, where one of x's 20 food photos is approved.
        #expect(x.settings == ["approve_at_most": 0.1] && x.rates.falseApprovals == 0.05)
        // Without y, x's false approval decides: point 0, where all of y's clean plates go to review.
        #expect(y.settings == ["approve_at_most": 0.05] && y.rates.reviewRate == 0.5 && y.rates.cleanAutoApprovals == 0)
    }

    @Test("each collection is judged on its own: a miss in a small one is not hidden by a large one")
    func collections() {
        // A large collection gains a little at point 1 (one more of its 400 clean plates approved);
        // a small one loses much (one of its 10 food photos approved).
        var photos: [LabelledPhoto] = []
        var atZero: [Decision] = [], atOne: [Decision] = []
        for n in 0..<400 {
            photos.append(LabelledPhoto(path: "large/clean/\(n)", label: .clean, source: "l", collection: "large"))
            atZero.append(n < 300 ? .approve : .review)
            atOne.append(n < 301 ? .approve : .review)
            photos.append(LabelledPhoto(path: "large/food/\(n)", label: .food, source: "l", collection: "large"))
            atZero.append(.reject)
            atOne.append(.reject)
        }
        for n in 0..<10 {
            photos.append(LabelledPhoto(path: "small/\(n)", label: .food, source: "s", collection: "small"))
            atZero.append(.reject)
            atOne.append(n == 0 ? .approve : .reject)
        }
        let pooled = OperatingPoint(zip(photos.map(\.label), atOne).map { ($0, $1) })
        let pooledZero = OperatingPoint(zip(photos.map(\.label), atZero).map { ($0, $1) })
        #expect(pooled.cost < pooledZero.cost, "pooled, the one false approval is within the target and point 1 would win")
        let result = ThresholdSweep(grid: [("approve_at_most", [0.05, 0.1])]).choose(photos: photos, decisions: [atZero, atOne])
        #expect(result.best.settings == ["approve_at_most": 0.05])
        #expect(result.best.byCollection["small"]?.falseApprovals == 0 && result.best.byCollection["large"]?.photos == 800)
    }

    @Test("a labelled folder without clean/, food/ or other/ is refused by name")
    func missingFolder() {
        #expect(throws: EvaluationError.self) { try LabelledPhoto.load("/nonexistent-plateproof-folder") }
    }
}
