package import PlateProofDomain

extension ClaimRecord {
    /// The claim as settlement sees it, with the count a back end read for its local day.
    package func facts(paidThatDay: Int) -> ClaimFacts {
        ClaimFacts(
            claimID: id,
            account: request.account,
            activity: request.activity,
            claimedAt: request.claimedAt,
            state: state,
            reasons: reasons,
            netPaid: credits,
            paidThatDay: paidThatDay
        )
    }
}

extension [ClaimReason] {
    /// How a claim's reasons are kept in one text column: their codes, comma-separated.
    package var stored: String { map(\.code).joined(separator: ",") }

    package init(stored: String) {
        self = stored.isEmpty ? [] : stored.split(separator: ",").map { ClaimReason(code: String($0)) }
    }
}

extension [Int64] {
    /// How a claim's matches are kept in one text column.
    package var stored: String { map(String.init).joined(separator: ",") }

    package init(stored: String) { self = stored.split(separator: ",").compactMap { Int64($0) } }
}

/// The plan `settle` makes; a step settlement does not allow is a `conflict`.
package func planned<T>(_ settle: () throws(SettlementConflict) -> T) throws(StoreError) -> T {
    try asConflict(settle)
}

/// What `body` returns; a step a claim's rules refuse (a transition, a settlement) is a `conflict`.
package func asConflict<T, Refusal: Error & CustomStringConvertible>(_ body: () throws(Refusal) -> T) throws(StoreError) -> T {
    do {
        return try body()
    } catch {
        throw StoreError(.conflict, error.description)
    }
}
