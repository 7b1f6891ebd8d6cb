package import PlateProofDomain

extension ClaimState {
    /// The state after `event`; an event the claim's state does not allow is a `conflict`.
    package func applyingOrConflict(_ event: ClaimEvent) throws(StoreError) -> ClaimState {
        try asConflict { () throws(ClaimTransitionError) in try applying(event) }
    }

    /// The state once a worker takes the claim's job (see ``ClaimState/leased()``), or a `conflict`.
    package func leasedOrConflict() throws(StoreError) -> ClaimState {
        try asConflict { () throws(ClaimTransitionError) in try leased() }
    }
}
