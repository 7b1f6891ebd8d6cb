import PlateProofDomain

extension ClaimState {
    /// The state after `event`; an event the claim's state does not allow is a `conflict`.
    func applyingOrConflict(_ event: ClaimEvent) throws(StoreError) -> ClaimState {
        do {
            return try applying(event)
        } catch {
            throw StoreError(.conflict, error.description)
        }
    }
}
