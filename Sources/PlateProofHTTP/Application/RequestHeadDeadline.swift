import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Guards the wait for each request head. It closes a connection whose next head has not fully
/// arrived in time, counted from the moment the connection opens and again from each answer
/// written, so a client that trickles its header a byte a second, or holds a keep-alive connection
/// idle, cannot keep connections open for good. A head the parser cannot read (a control character
/// in a header, say) is answered as every other error is: 400 with a JSON `code`, then the
/// connection closes.
///
/// It sits after the HTTP decoder, so it sees a request only once its head is complete.
final class RequestHeadDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    /// Between a request's head and the end of its answer.
    private var requestInFlight = false

    init(timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            requestInFlight = true
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { requestInFlight = false }
        context.write(data, promise: promise)
    }

    func flush(context: ChannelHandlerContext) {
        context.flush()
        if !requestInFlight { arm(context) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A request being answered reports its own parse errors (a bad chunk in its body, say).
        guard error is HTTPParserError, !requestInFlight else { return context.fireErrorCaught(error) }
        deadline?.cancel()
        deadline = nil
        let body = ByteBuffer(string: #"{"code":"malformed_request","message":"the request cannot be parsed: \#(error)"}"#)
        let head = HTTPResponse(
            status: .badRequest,
            headerFields: [.contentType: "application/json; charset=utf-8", .contentLength: "\(body.readableBytes)", .connection: "close"]
        )
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { [context] _ in context.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    private func arm(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: timeout) {
            loopBound.value.close(promise: nil)
        }
    }
}
