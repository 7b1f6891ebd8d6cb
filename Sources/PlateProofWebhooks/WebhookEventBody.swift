import Foundation
import PlateProofDomain
public import PlateProofRepresentations
public import PlateProofStore

/// The JSON an endpoint receives: `id`, `type`, `created_at` and `data`, the claim (as
/// `GET /v1/claims/{id}` shows it) or the ledger entry.
public struct WebhookEventBody: Encodable, Sendable {
    public var id: Int64
    public var type: String
    public var createdAt: Int64
    public var data: EventData

    public enum EventData: Encodable, Sendable {
        case claim(ClaimJSON)
        case ledgerEntry(LedgerEntryJSON)

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .claim(let claim): try claim.encode(to: encoder)
            case .ledgerEntry(let entry): try entry.encode(to: encoder)
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, type, data
        case createdAt = "created_at"
    }

    /// The event's body as the store has it now: the claim or entry it names, read once and kept,
    /// so that every endpoint and every retry sends the same bytes.
    public static func render(_ event: DecisionEvent, from store: any Store) async throws(StoreError) -> String {
        let data: EventData
        if let entryID = event.ledgerEntryID {
            guard let line = try await store.ledgerLine(id: entryID) else { throw StoreError(.notFound, "no ledger entry \(entryID)") }
            data = .ledgerEntry(LedgerEntryJSON(line.entry, id: line.id, namingAccount: true))
        } else {
            guard let claim = try await store.claim(id: event.claimID) else { throw StoreError(.notFound, "no claim \(event.claimID)") }
            data = .claim(ClaimJSON(claim))
        }
        let body = WebhookEventBody(id: event.id, type: event.type.rawValue, createdAt: event.at.secondsSince1970, data: data)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let json = try? encoder.encode(body), let text = String(data: json, encoding: .utf8) else {
            throw StoreError(.storage, "event \(event.id) cannot be encoded")
        }
        return text
    }
}
