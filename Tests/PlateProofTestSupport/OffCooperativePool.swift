import Foundation

/// Runs long, blocking test work (verifying hundreds of photos, waiting for a child process) on a
/// thread of its own and awaits it.
///
/// Swift Testing runs tests side by side on the cooperative pool, which has one thread per core. A
/// test that blocks one of them for minutes starves every other test's tasks on a 2-core machine:
/// a database call that is only waiting for its turn then misses its deadline.
public func offCooperativePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
