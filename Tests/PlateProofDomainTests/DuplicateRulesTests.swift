import PlateProofDomain
import Testing

@Suite("Duplicate and stale photo rules")
struct DuplicateRulesTests {
    let rules = DuplicateRules()
    let claim = Timestamp(secondsSince1970: 1_795_478_400)

    @Test("stale: older than a day, or from the future beyond the drift tolerance")
    func staleness() {
        #expect(!rules.isStale(capture: claim.adding(seconds: -3600), claimedAt: claim))
        #expect(rules.isStale(capture: claim.adding(seconds: -86401), claimedAt: claim))
        #expect(!rules.isStale(capture: claim.adding(seconds: 300), claimedAt: claim))
        #expect(rules.isStale(capture: claim.adding(seconds: 3600), claimedAt: claim))
    }

    @Test("hashes within the distance always share a band; the bands cover all 64 bits", arguments: [0, 3, 9, 15])
    func pigeonhole(distance: Int) {
        let rules = DuplicateRules(nearDuplicateDistance: distance)
        #expect(rules.bands(of: 0).count == distance + 1)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let hash = UInt64.random(in: .min ... .max, using: &generator)
            var other = hash
            for bit in (0..<64).shuffled(using: &generator).prefix(distance) { other ^= 1 << UInt64(bit) }
            #expect(DuplicateRules.distance(hash, other) == distance)
            let shared = zip(rules.bands(of: hash), rules.bands(of: other)).contains { $0.value == $1.value }
            #expect(shared)
        }
        #expect(rules.bands(of: .max).allSatisfy { $0.value != 0 })
    }

    @Test("a reused or stale photo turns a machine's approval into a review; other reasons and decisions pass")
    func holds() {
        for code in ["duplicate_photo", "near_duplicate", "stale_photo"] {
            let reason = ClaimReason(code: code)
            #expect(DuplicateRules.decision(.approve, reasons: [.machine("residue_uncertain"), reason]) == .review)
            #expect(DuplicateRules.decision(.reject, reasons: [reason]) == .reject)
        }
        #expect(DuplicateRules.decision(.approve, reasons: [.machine("plate_uncertain"), .dailyCapReached]) == .approve)
        #expect(DuplicateRules.decision(.review, reasons: []) == .review)
    }
}
