import Hummingbird

/// Answers 405 with an `Allow` header, instead of 404, when the path exists but not the method.
/// Added after every route, so it wraps only the router's not-found responder.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let routes: [APIRoute]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
            let allowed = routes.filter { Self.matches($0.path, segments) }.map(\.method)
            guard !allowed.isEmpty else { throw error }
            throw APIError(
                .methodNotAllowed,
                "method_not_allowed",
                "\(request.method.rawValue) is not allowed here; use \(allowed.joined(separator: ", "))",
                headers: [.allow: allowed.joined(separator: ", ")]
            )
        }
    }

    /// Whether a route template (`/v1/claims/{id}`) matches the path's segments.
    static func matches(_ template: String, _ segments: [Substring]) -> Bool {
        let parts = template.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count == segments.count else { return false }
        return zip(parts, segments).allSatisfy { part, segment in part.hasPrefix("{") || part == segment }
    }
}
