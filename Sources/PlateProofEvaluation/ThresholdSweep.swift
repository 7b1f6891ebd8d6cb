public import PlateProofVerifier

/// Chooses thresholds by trying every combination of given values on labelled photos and keeping
/// the one of least ``OperatingPoint/cost`` summed over the collections (each labelled folder is
/// judged on its own, so a large one cannot hide a miss in a small one); and estimates how that
/// choice generalises by leaving each source out in turn: thresholds chosen on the other sources,
/// rates measured on the one left out.
public struct ThresholdSweep: Sendable {
    /// Values to try, by tunable name (see ``VerifierConfiguration/tunableNames``).
    public var grid: [(name: String, values: [Double])]

    public init(grid: [(name: String, values: [Double])]) { self.grid = grid }

    /// Every combination of the grid's values, in a stable order (the first name varies slowest).
    public var points: [[String: Double]] {
        grid.reduce([[:]]) { partial, axis in
            partial.flatMap { point in axis.values.map { value in point.merging([axis.name: value]) { $1 } } }
        }
    }

    /// The sweep's outcome.
    public struct Result: Sendable {
        public struct Choice: Sendable {
            public var settings: [String: Double]
            /// Rates where the thresholds were chosen, over all photos and by collection.
            public var chosenOn: OperatingPoint
            public var byCollection: [String: OperatingPoint]
        }

        public struct HeldOut: Sendable {
            public var source: String
            public var settings: [String: Double]
            /// Rates on the source left out, with thresholds chosen without it.
            public var rates: OperatingPoint
        }

        public var best: Choice
        public var leaveOneSourceOut: [HeldOut]
    }

    /// - Parameters:
    ///   - decisions: For each point (in ``points`` order), the decision on each photo.
    ///   - minimumSourceSize: Sources with fewer photos are not left out on their own.
    public func choose(photos: [LabelledPhoto], decisions: [[Decision]], minimumSourceSize: Int = 20) -> Result {
        let points = points
        func bestPoint(over indices: [Int]) -> Int {
            let collections = Dictionary(grouping: indices) { photos[$0].collection }.values
            var best = 0, bestCost = Double.infinity
            for point in points.indices {
                let cost = collections.reduce(0) { sum, members in
                    sum + OperatingPoint(members.map { (photos[$0].label, decisions[point][$0]) }).cost
                }
                if cost < bestCost - 1e-12 { (best, bestCost) = (point, cost) }
            }
            return best
        }
        let all = Array(photos.indices)
        let chosen = bestPoint(over: all)
        var heldOut: [Result.HeldOut] = []
        let sources = Dictionary(grouping: all) { photos[$0].source }
        for (source, members) in sources.sorted(by: { $0.key < $1.key }) where members.count >= minimumSourceSize {
            let point = bestPoint(over: all.filter { photos[$0].source != source })
            let rates = OperatingPoint(members.map { (photos[$0].label, decisions[point][$0]) })
            heldOut.append(.init(source: source, settings: points[point], rates: rates))
        }
        func rates(_ members: [Int]) -> OperatingPoint { OperatingPoint(members.map { (photos[$0].label, decisions[chosen][$0]) }) }
        return Result(
            best: .init(
                settings: points[chosen],
                chosenOn: rates(all),
                byCollection: Dictionary(grouping: all) { photos[$0].collection }.mapValues(rates)
            ),
            leaveOneSourceOut: heldOut
        )
    }
}
