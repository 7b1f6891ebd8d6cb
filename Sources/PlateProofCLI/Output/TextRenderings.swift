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

extension WebhookJSON {
    /// One line for people.
    var text: String {
        var line = "\(id)\t\(status)\t\(url)\t\(events.joined(separator: ","))"
        if let disabledReason { line += "\t(\(disabledReason))" }
        return line
    }
}

extension DeliveryJSON {
    /// Lines for people: the delivery, then one per attempt.
    var text: String {
        ([
            "delivery \(deliveryID): event \(eventID) \(type) \(state), \(attempts.count) attempt(s)"
                + (nextAttemptAt.map { ", next at \($0)" } ?? "")
        ]
            + attempts.map {
                "  \($0.at) \($0.statusCode.map(String.init) ?? "-") \($0.latencyMs) ms \($0.error ?? $0.response.prefix(80).description)"
            })
            .joined(separator: "\n")
    }
}
