public import PlateProofStore
import PostgresNIO
import Synchronization

/// Runs one transaction against a deadline without waiting for it to give up.
///
/// postgres-nio does not cancel a query that is in flight, and a query written to a connection
/// that has just closed is never answered. A task group would wait for such a query forever (and
/// with it a worker's graceful shutdown), so the work runs in its own task: at the deadline, or
/// when the caller is cancelled, the caller is answered at once, the work is cancelled and the
/// connection it holds is closed, which the server takes as a rollback.
final class TransactionDeadline<T: Sendable>: Sendable {
    private let state = Mutex<State>(State())

    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var connection: PostgresConnection?
        var work: Task<Void, Never>?
        var timer: Task<Void, Never>?
        var answered = false
    }

    /// Runs `work`; it calls `using(_:)` with the connection it holds once it has one.
    static func run(
        timeout: Duration,
        _ work: @escaping @Sendable (TransactionDeadline<T>) async throws -> T
    ) async throws -> T {
        let deadline = TransactionDeadline<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let cancelled = deadline.state.withLock { state in
                    guard !state.answered else { return true }
                    state.continuation = continuation
                    return false
                }
                if cancelled { return continuation.resume(throwing: CancellationError()) }
                let workTask = Task {
                    do { deadline.answer(.success(try await work(deadline))) } catch { deadline.answer(.failure(error)) }
                }
                let timer = Task {
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    deadline.abandon(StoreError(.unavailable, "the database did not answer within \(timeout)"))
                }
                let answered = deadline.state.withLock { state in
                    state.work = workTask
                    state.timer = timer
                    return state.answered
                }
                if answered {
                    timer.cancel()
                    workTask.cancel()
                }
            }
        } onCancel: {
            deadline.abandon(CancellationError())
        }
    }

    /// Records the connection the work holds, so that abandoning the work can close it; work
    /// already abandoned gets its connection closed at once, before it can commit anything.
    func using(_ connection: PostgresConnection) {
        let abandoned = state.withLock { state in
            state.connection = connection
            return state.answered  // only abandonment answers the caller before the work has its connection
        }
        if abandoned { Task { try? await connection.close() } }
    }

    private func answer(_ result: Result<T, any Error>) {
        guard let settled = settle() else { return }
        settled.timer?.cancel()
        settled.continuation?.resume(with: result)
    }

    private func abandon(_ error: any Error) {
        guard let settled = settle() else { return }
        settled.timer?.cancel()
        settled.work?.cancel()
        if let connection = settled.connection { Task { try? await connection.close() } }
        settled.continuation?.resume(throwing: error)
    }

    /// Marks the caller answered, once; the first to come gets what it needs to finish.
    private func settle() -> State? {
        state.withLock { state in
            guard !state.answered else { return nil }
            let settled = state
            state = State(answered: true)
            return settled
        }
    }
}
