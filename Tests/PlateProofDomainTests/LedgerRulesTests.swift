import PlateProofDomain
import Testing

@Suite("Ledger rules")
struct LedgerRulesTests {
    let alice = AccountID(rawValue: "alice")!
    let now = Timestamp(secondsSince1970: 1_795_478_400)

    func correct(_ entries: inout [LedgerEntry], claim: Int64, paid: Credits?) -> LedgerEntry? {
        let entry = LedgerRules.correction(
            claim: claim,
            account: alice,
            shouldBePaid: paid,
            netPaid: LedgerRules.netPaid(claim: claim, in: entries),
            reason: "test",
            at: now
        )
        if let entry { entries.append(entry) }
        return entry
    }

    @Test("a claim is credited once, however often the correction is applied")
    func creditOnce() {
        var entries: [LedgerEntry] = []
        #expect(correct(&entries, claim: 1, paid: 200)?.kind == .claimCredit)
        #expect(correct(&entries, claim: 1, paid: 200) == nil)
        #expect(LedgerRules.balance(of: entries) == 200)
    }

    @Test("approve, then reject, then approve again: credit, reversal, credit; balances follow")
    func flips() {
        var entries: [LedgerEntry] = []
        _ = correct(&entries, claim: 7, paid: 200)
        let reversal = correct(&entries, claim: 7, paid: nil)
        #expect(reversal?.kind == .reversal && reversal?.amount == -200)
        #expect(correct(&entries, claim: 7, paid: nil) == nil)
        #expect(LedgerRules.balance(of: entries) == .zero)
        #expect(correct(&entries, claim: 7, paid: 200)?.kind == .claimCredit)
        #expect(LedgerRules.balance(of: entries) == 200)
        #expect(entries.count == 3)
    }

    @Test("an account with no entries has balance 0; adjustments count; other claims are separate")
    func balances() {
        var entries: [LedgerEntry] = []
        #expect(LedgerRules.balance(of: entries) == .zero)
        _ = correct(&entries, claim: 1, paid: 200)
        _ = correct(&entries, claim: 2, paid: 200)
        entries.append(LedgerEntry(account: alice, kind: .adjustment, amount: -50, claimID: nil, reason: "moderator", createdAt: now))
        #expect(LedgerRules.balance(of: entries) == 350)
        #expect(LedgerRules.netPaid(claim: 2, in: entries) == 200)
    }
}
