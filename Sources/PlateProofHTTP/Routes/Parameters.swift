import Hummingbird
import PlateProofDomain

/// Reading path and query parameters into typed values, with 400 answers that name the parameter.
extension APIRequestContext {
    func claimID() throws -> Int64 {
        guard let text = parameters.get("id"), let id = Int64(text), id > 0 else {
            throw APIError.badRequest("invalid_claim_id", "a claim id is a positive integer")
        }
        return id
    }

    func identifier<Kind>(_ name: String = "id") throws -> Identifier<Kind> {
        do {
            return try Identifier<Kind>(validating: parameters.get(name) ?? "")
        } catch {
            throw APIError.badRequest("invalid_\(Kind.name)", error.description)
        }
    }
}

extension Request {
    /// An integer query parameter within `range`, or `defaultValue` when absent.
    func integerQuery(_ name: String, default defaultValue: Int64, in range: ClosedRange<Int64>) throws -> Int64 {
        guard let text = uri.queryParameters[Substring(name)] else { return defaultValue }
        guard let value = Int64(text), range.contains(value) else {
            throw APIError.badRequest("invalid_parameter", "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func stringQuery(_ name: String) -> String? { uri.queryParameters[Substring(name)].map(String.init) }
}
