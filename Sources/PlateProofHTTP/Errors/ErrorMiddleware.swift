import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import PlateProofStore

/// Turns every error into a JSON `APIError`, so no request ends in an unexplained 500: framework
/// errors keep their status, store errors map to theirs, and anything else is logged.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as StoreError {
            if error.code != .notFound && error.code != .conflict {
                context.logger.error("store failure", metadata: ["error": "\(error)", "underlying": "\(error.underlying ?? "")"])
            }
            return try APIError(error).response(from: request, context: context)
        } catch let error as HTTPParserError {
            // A body the parser cannot read (a chunk size of `zz`, a chunk longer than it says) is the client's error.
            return try APIError(.badRequest, "malformed_request", "the request cannot be parsed: \(error)").response(
                from: request,
                context: context
            )
        } catch is NIOTooManyBytesError {
            return try APIError(.contentTooLarge, "too_large", "the request body is larger than the limit").response(
                from: request,
                context: context
            )
        } catch let error as HTTPError {
            let code = error.status == .notFound ? "not_found" : error.status == .methodNotAllowed ? "method_not_allowed" : "bad_request"
            let message = error.body ?? (error.status == .notFound ? "no such resource" : error.status.reasonPhrase)
            return try APIError(error.status.code >= 500 ? .badRequest : error.status, code, message).response(
                from: request,
                context: context
            )
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            return try APIError(error.status, "bad_request", error.status.reasonPhrase).response(from: request, context: context)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(error)"])
            return try APIError(.internalServerError, "internal", "an unexpected error; it has been logged").response(
                from: request,
                context: context
            )
        }
    }
}
