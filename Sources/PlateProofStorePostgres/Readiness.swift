import Synchronization

/// Opens once the store's schema is migrated; transactions wait for it. A failed migration fails
/// every waiting and later transaction with its error.
final class Readiness: Sendable {
    private enum State {
        case waiting([Int: CheckedContinuation<Void, any Error>], next: Int)
        case open
        case failed(any Error)
    }

    private let state = Mutex<State>(.waiting([:], next: 0))

    func open() { settle(.open) }

    func fail(_ error: any Error) { settle(.failed(error)) }

    /// Returns once open; throws the migration's error, or `CancellationError` when cancelled first.
    func wait() async throws {
        let id = Mutex<Int?>(nil)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    switch state {
                    case .open: return .success(())
                    case .failed(let error): return .failure(error)
                    case .waiting(var waiting, let next):
                        guard !Task.isCancelled else { return .failure(CancellationError()) }
                        waiting[next] = continuation
                        state = .waiting(waiting, next: next + 1)
                        id.withLock { $0 = next }
                        return nil
                    }
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let cancelled: CheckedContinuation<Void, any Error>? = state.withLock { state in
                guard case .waiting(var waiting, let next) = state, let key = id.withLock({ $0 }) else { return nil }
                let continuation = waiting.removeValue(forKey: key)
                state = .waiting(waiting, next: next)
                return continuation
            }
            cancelled?.resume(throwing: CancellationError())
        }
    }

    private func settle(_ outcome: State) {
        let waiting: [CheckedContinuation<Void, any Error>] = state.withLock { state in
            guard case .waiting(let waiting, _) = state else { return [] }
            state = outcome
            return Array(waiting.values)
        }
        for continuation in waiting {
            if case .failed(let error) = outcome { continuation.resume(throwing: error) } else { continuation.resume() }
        }
    }
}
