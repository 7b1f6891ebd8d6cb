import PlateProofRepresentations

extension ClaimJSON {
    /// One line for people.
    var text: String {
        var line = "claim \(claimID): \(account) \(activity) \(status)"
        if let decision { line += ", decision \(decision)" }
        if let score { line += ", score \(score)" }
        if !reasons.isEmpty { line += ", reasons \(reasons.joined(separator: ", "))" }
        if !matches.isEmpty { line += ", matches claims \(matches.map(String.init).joined(separator: ", "))" }
        return line + ", credits \(credits)"
    }
}

extension AccountJSON {
    /// Lines for people.
    var text: String {
        (["\(account): balance \(balance)"]
            + entries.map { "  \($0.kind) \($0.amount) claim \($0.claimID.map(String.init) ?? "-") (\($0.reason))" })
            .joined(separator: "\n")
    }
}
