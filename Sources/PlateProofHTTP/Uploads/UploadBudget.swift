import HTTPTypes
import Synchronization

/// Memory for upload bodies in flight, shared by every request. An upload reserves what its body
/// will take (its length, times the copies it is held in) before reading it; when the budget is
/// spent it is turned away with 503 and Retry-After, rather than the process growing without bound.
/// One upload always fits when nothing else is in flight, whatever its size.
final class UploadBudget: Sendable {
    let bytes: Int
    private let inFlight = Mutex(0)

    init(bytes: Int) { self.bytes = bytes }

    /// Reserves `amount` bytes; false when they do not fit now.
    func reserve(_ amount: Int) -> Bool {
        inFlight.withLock { used in
            guard used == 0 || used + amount <= bytes else { return false }
            used += amount
            return true
        }
    }

    func release(_ amount: Int) { inFlight.withLock { $0 -= amount } }
}

extension APIError {
    /// The answer when the upload budget is spent.
    static let uploadsBusy = APIError(
        .serviceUnavailable,
        "busy",
        "too many uploads are being read; retry shortly",
        headers: [.retryAfter: "1"]
    )
}
