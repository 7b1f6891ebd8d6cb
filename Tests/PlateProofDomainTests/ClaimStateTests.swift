import PlateProofDomain
import Testing

@Suite("Claim state machine")
struct ClaimStateTests {
    @Test("a claim is leased, then decided by the machine", arguments: ClaimDecision.allCases)
    func machinePath(decision: ClaimDecision) throws {
        let decided = try ClaimState().applying(.leased).applying(.machineDecided(decision))
        let expected: [ClaimDecision: ClaimStatus] = [.approve: .approved, .reject: .rejected, .review: .review]
        #expect(decided.status == expected[decision])
        #expect(!decided.decidedByModerator)
        #expect(decided.isPaid == (decision == .approve))
    }

    @Test("a released job goes back to the queue and can be leased again")
    func release() throws {
        let processing = try ClaimState().applying(.leased)
        #expect(try processing.applying(.released) == ClaimState(status: .queued))
        #expect(throws: ClaimTransitionError.self) { try ClaimState().applying(.released) }
        #expect(throws: ClaimTransitionError.self) { try processing.applying(.leased) }
    }

    @Test("moderators decide claims in review, once")
    func moderation() throws {
        let review = ClaimState(status: .review)
        let approved = try review.applying(.moderated(.approve))
        #expect(approved == ClaimState(status: .approved, decidedByModerator: true))
        #expect(throws: ClaimTransitionError.self) { try approved.applying(.moderated(.reject)) }
        #expect(throws: ClaimTransitionError.self) { try review.applying(.moderated(.review)) }
        #expect(throws: ClaimTransitionError.self) { try ClaimState(status: .queued).applying(.moderated(.approve)) }
    }

    @Test("a quality check can overturn a machine decision, once, and then binds machines")
    func qualityCheck() throws {
        let overturned = try ClaimState(status: .approved).applying(.qualityChecked(.reject))
        #expect(overturned == ClaimState(status: .rejected, decidedByModerator: true))
        #expect(try ClaimState(status: .rejected).applying(.qualityChecked(.reject)).decidedByModerator)
        #expect(throws: ClaimTransitionError.self) { try overturned.applying(.qualityChecked(.approve)) }
        #expect(throws: ClaimTransitionError.self) { try overturned.applying(.reverified(.approve)) }
        #expect(throws: ClaimTransitionError.self) { try ClaimState(status: .review).applying(.qualityChecked(.approve)) }
        #expect(throws: ClaimTransitionError.self) { try ClaimState(status: .approved).applying(.qualityChecked(.review)) }
    }

    @Test("re-verification changes machine decisions but never a moderator's")
    func reverification() throws {
        let machineApproved = ClaimState(status: .approved)
        #expect(try machineApproved.applying(.reverified(.reject)).status == .rejected)
        #expect(try ClaimState(status: .rejected).applying(.reverified(.review)).status == .review)
        let moderated = ClaimState(status: .rejected, decidedByModerator: true)
        #expect(throws: ClaimTransitionError.self) { try moderated.applying(.reverified(.approve)) }
        #expect(throws: ClaimTransitionError.self) { try ClaimState(status: .processing).applying(.reverified(.approve)) }
    }
}
