import Hummingbird

/// One route: its method and path as the OpenAPI document writes them (`/v1/claims/{id}`).
public struct APIRoute: Hashable, Sendable, CustomStringConvertible {
    public var method: String
    public var path: String
    public var description: String { "\(method) \(path)" }
}

/// Adds routes to the router and remembers them, so a test can hold the router and the OpenAPI
/// document to each other.
final class RouteTable {
    let router: Router<APIRequestContext>
    private(set) var routes: [APIRoute] = []

    init(router: Router<APIRequestContext>) { self.router = router }

    func on(
        _ method: HTTPRequest.Method,
        _ path: String,
        use handler: @escaping @Sendable (Request, APIRequestContext) async throws -> Response
    ) {
        router.on(RouterPath(path), method: method, use: handler)
        routes.append(APIRoute(method: method.rawValue, path: path))
    }
}
