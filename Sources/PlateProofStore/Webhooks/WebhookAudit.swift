package import PlateProofDomain

/// The audit lines of webhook administration, the same for every back end.
package enum WebhookAudit {
    package static func detail(_ id: String, _ change: WebhookChange) -> String {
        var parts = [id]
        if let url = change.url { parts.append("url \(url)") }
        if let events = change.events { parts.append("events \(events.map(\.rawValue).joined(separator: ","))") }
        if change.description != nil { parts.append("description") }
        if let status = change.status { parts.append(status.rawValue) }
        return parts.joined(separator: " ")
    }

    /// The line of an endpoint disabled for failing since `failingSince`.
    package static func disabling(_ id: String, failingSince: Timestamp?, now: Timestamp) -> AuditLine? {
        guard let failingSince else { return nil }
        let days = (now.secondsSince1970 - failingSince.secondsSince1970) / 86400
        return AuditLine(
            actor: "webhooks",
            action: .webhookDisable,
            claimID: nil,
            detail: "\(id) failed every attempt for \(days) days",
            at: now
        )
    }
}
