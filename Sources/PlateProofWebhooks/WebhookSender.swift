import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import PlateProofDomain
public import PlateProofStore
import Synchronization

/// Sends one delivery: resolves the endpoint's host, refuses an internal address, connects to
/// exactly the address it checked (so a second DNS answer cannot point elsewhere), POSTs the
/// signed body, follows no redirect, and reads at most `responseBytes` of the answer, all
/// within `timeout`.
public struct WebhookSender: Sendable {
    public var policy: WebhookURLPolicy
    public var timeout: Duration
    /// The most of an answer's body read (and the first 512 bytes of it kept).
    public var responseBytes: Int
    /// A host name's address (the system's resolver; tests stand in another).
    public var resolver: @Sendable (_ host: String, _ port: Int) async throws -> String

    public init(
        policy: WebhookURLPolicy,
        timeout: Duration = .seconds(10),
        responseBytes: Int = 16 << 10,
        resolver: @escaping @Sendable (_ host: String, _ port: Int) async throws -> String = WebhookSender.systemResolver
    ) {
        self.policy = policy
        self.timeout = timeout
        self.responseBytes = responseBytes
        self.resolver = resolver
    }

    /// The first address `getaddrinfo` gives, looked up on NIO's thread pool (it blocks).
    @Sendable public static func systemResolver(host: String, port: Int) async throws -> String {
        let resolved = try await NIOThreadPool.singleton.runIfActive { try SocketAddress.makeAddressResolvingHost(host, port: port) }
        guard let address = resolved.ipAddress else { throw WebhookURLRefusal("\(host) has no IP address") }
        return address
    }

    /// One attempt; never throws: what went wrong is the attempt's `error`. With `connections`, the
    /// connection is kept for the next delivery to the same host and address.
    public func send(
        body: String,
        eventID: Int64,
        signature: String,
        to url: String,
        connections: WebhookConnections? = nil,
        now: @Sendable () -> Date = Date.init
    ) async -> DeliveryAttempt {
        let started = ContinuousClock.now
        let at = now()
        func attempt(status: Int? = nil, error: String? = nil, response: String = "") -> DeliveryAttempt {
            let elapsed = ContinuousClock.now - started
            return DeliveryAttempt(
                at: .init(secondsSince1970: Int64(at.timeIntervalSince1970)),
                statusCode: status,
                error: error,
                latencyMilliseconds: elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000,
                response: response
            )
        }
        let target: WebhookTarget
        let address: String
        do {
            target = try policy.check(url)
            address = try await resolve(target)
        } catch let refusal as WebhookURLRefusal {
            return attempt(error: "refused: \(refusal)")
        } catch {
            return attempt(error: "cannot resolve the host: \(error)")
        }
        let client =
            connections?.client(host: target.host, address: address, timeout: timeout) ?? Self.client(target.host, address, timeout)
        defer { if connections == nil { client.shutdown { _ in } } }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "PlateProof-Webhooks/1")
        request.headers.add(name: "PlateProof-Event-Id", value: String(eventID))
        request.headers.add(name: WebhookSignature.header, value: signature)
        request.body = .bytes(ByteBuffer(string: body))
        let (limit, prepared) = (responseBytes, request)
        do {
            let (status, excerpt) = try await withDeadline(timeout) {
                let response = try await client.execute(prepared, timeout: .seconds(Int64(timeout.components.seconds)))
                var kept = ByteBuffer()
                var read = 0
                for try await chunk in response.body {
                    read += chunk.readableBytes
                    var chunk = chunk
                    if kept.readableBytes < 512 { kept.writeBuffer(&chunk) }
                    if read >= limit { break }
                }
                let text = String(decoding: kept.readableBytesView.prefix(512), as: UTF8.self)
                return (Int(response.status.code), text)
            }
            return attempt(status: status, response: excerpt)
        } catch is DeadlineExceeded {
            return attempt(error: "no answer within \(timeout)")
        } catch {
            return attempt(error: Self.describe(error))
        }
    }

    /// A client that connects `host` to `address` only, follows no redirect and speaks HTTP/1.1.
    static func client(_ host: String, _ address: String, _ timeout: Duration) -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(5), read: .seconds(Int64(timeout.components.seconds)))
        )
        configuration.dnsOverride = [host: address]
        configuration.httpVersion = .http1Only
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }

    /// The address to connect to: the host's first address, refused when it is internal.
    func resolve(_ target: WebhookTarget) async throws -> String {
        if let literal = IPAddress(target.host) {
            try policy.check(literal)
            return literal.description
        }
        let text = try await resolver(target.host, target.port)
        guard let address = IPAddress(text) else { throw WebhookURLRefusal("\(target.host) has no IP address") }
        try policy.check(address)
        return address.description
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "connection timed out"
            case .readTimeout, .deadlineExceeded: return "no answer in time"
            case .remoteConnectionClosed: return "the endpoint closed the connection"
            default: return "\(error)"
            }
        }
        return String(describing: error).prefix(200).description
    }
}

struct DeadlineExceeded: Error {}

/// `body`'s value, or `DeadlineExceeded` (and `body` cancelled) once `limit` has passed.
func withDeadline<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw DeadlineExceeded() }
        return value
    }
}

/// HTTP clients kept between deliveries, one per host and checked address, so that a busy endpoint
/// is sent to over connections already open. A host whose address changes gets a new client (and
/// the address is checked again first); the oldest are closed beyond `capacity`.
public final class WebhookConnections: Sendable {
    private let clients = Mutex<(byKey: [String: HTTPClient], order: [String])>(([:], []))
    let capacity: Int

    public init(capacity: Int = 64) { self.capacity = capacity }

    func client(host: String, address: String, timeout: Duration) -> HTTPClient {
        let key = "\(host)|\(address)|\(timeout)"
        let (client, evicted) = clients.withLock { clients -> (HTTPClient, [HTTPClient]) in
            if let client = clients.byKey[key] { return (client, []) }
            let client = WebhookSender.client(host, address, timeout)
            clients.byKey[key] = client
            clients.order.append(key)
            var evicted: [HTTPClient] = []
            while clients.order.count > capacity, let oldest = clients.order.first {
                clients.order.removeFirst()
                if let gone = clients.byKey.removeValue(forKey: oldest) { evicted.append(gone) }
            }
            return (client, evicted)
        }
        for old in evicted { old.shutdown { _ in } }
        return client
    }

    /// Closes every connection; the service does this when it stops.
    public func shutdown() async {
        let all = clients.withLock { clients in
            defer { clients = ([:], []) }
            return Array(clients.byKey.values)
        }
        for client in all { try? await client.shutdown() }
    }
}
