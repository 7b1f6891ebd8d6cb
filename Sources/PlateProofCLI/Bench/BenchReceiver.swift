import Foundation
import Hummingbird
import Synchronization

/// A fast webhook receiver on a loopback port for `bench-webhooks`: answers 204 at once and notes
/// when each event arrived, by the claim it names.
final class BenchReceiver: Sendable {
    let arrivals = Mutex<[(phase: String, claim: Int64, at: ContinuousClock.Instant)]>([])

    /// Serves until `body` returns; `body` gets the receiver's URL.
    func serving<T: Sendable>(_ body: @escaping @Sendable (_ url: String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("/hook/{phase}") { [self] request, context -> Response in
            let phase = context.parameters.get("phase") ?? ""
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let object = try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any]
            let claim = ((object?["data"] as? [String: Any])?["claim_id"] as? NSNumber)?.int64Value ?? -1
            self.arrivals.withLock { $0.append((phase, claim, .now)) }
            return Response(status: .noContent)
        }
        let (port, ready) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in ready.yield(channel.localAddress?.port ?? 0) }
        )
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.runService()
                return nil
            }
            var iterator = port.makeAsyncIterator()
            guard let bound = await iterator.next() else { throw CancellationError() }
            defer { group.cancelAll() }
            return try await body("http://127.0.0.1:\(bound)/hook")
        }
    }

    /// Events that arrived at `URL/phase`.
    func count(_ phase: String) -> Int { arrivals.withLock { $0.filter { $0.phase == phase }.count } }
}
