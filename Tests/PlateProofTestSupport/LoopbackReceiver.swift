public import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP receiver on a loopback port, for deliveries to hit: it records every request and
/// answers as `behaviour` says, including as hostile receivers do.
public final class LoopbackReceiver: Sendable {
    public enum Behaviour: Sendable {
        /// A status, with a short body.
        case status(Int)
        /// Never answers (keeps the connection open, silent).
        case silence
        /// 200, then a body that never ends.
        case endlessBody
        /// A redirect to `location`.
        case redirect(String)
    }

    public struct Received: Sendable {
        public var headers: [String: String]
        public var body: String
        public var at: Date
    }

    /// What arrived, and how to answer the next one.
    private final class Log: Sendable {
        let answer: @Sendable (Int) -> Behaviour
        let received = Mutex<[Received]>([])

        init(answer: @escaping @Sendable (Int) -> Behaviour) { self.answer = answer }

        func record(_ request: Received) -> Behaviour {
            let index = received.withLock { received in
                received.append(request)
                return received.count - 1
            }
            return answer(index)
        }
    }

    let channel: any Channel
    private let log: Log

    public var port: Int { channel.localAddress?.port ?? 0 }
    public var url: String { "http://127.0.0.1:\(port)/hook" }
    public var received: [Received] { log.received.withLock { $0 } }

    /// Starts a receiver that answers the `n`-th request (0 first) as `answer(n)` says.
    public init(answer: @escaping @Sendable (Int) -> Behaviour) async throws {
        let log = Log(answer: answer)
        self.log = log
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(record: log.record))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    public func stop() async { try? await channel.close() }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let record: @Sendable (Received) -> Behaviour
        var head: HTTPRequestHead?
        var body = ByteBuffer()

        init(record: @escaping @Sendable (Received) -> Behaviour) { self.record = record }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body.clear()
            case .body(var chunk):
                body.writeBuffer(&chunk)
            case .end:
                let headers = Dictionary(head?.headers.map { ($0.name.lowercased(), $0.value) } ?? [], uniquingKeysWith: { a, _ in a })
                let behaviour = record(Received(headers: headers, body: String(buffer: body), at: Date()))
                respond(behaviour, context: context)
            }
        }

        func respond(_ behaviour: Behaviour, context: ChannelHandlerContext) {
            switch behaviour {
            case .silence:
                return
            case .status(let code):
                let payload = ByteBuffer(string: "answer \(code)")
                var headers = HTTPHeaders([("Content-Length", "\(payload.readableBytes)")])
                headers.add(name: "Connection", value: "close")
                context.write(
                    wrapOutboundOut(.head(.init(version: .http1_1, status: .init(statusCode: code), headers: headers))),
                    promise: nil
                )
                context.write(wrapOutboundOut(.body(.byteBuffer(payload))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
            case .redirect(let location):
                let headers = HTTPHeaders([("Location", location), ("Content-Length", "0"), ("Connection", "close")])
                context.write(wrapOutboundOut(.head(.init(version: .http1_1, status: .found, headers: headers))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
            case .endlessBody:
                let headers = HTTPHeaders([("Transfer-Encoding", "chunked")])
                context.writeAndFlush(wrapOutboundOut(.head(.init(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                stream(context: context)
            }
        }

        /// 64 KB more, once the last was written, until the other side goes.
        func stream(context: ChannelHandlerContext) {
            let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 << 10)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(chunk)))).whenSuccess { self.stream(context: context) }
        }
    }
}
