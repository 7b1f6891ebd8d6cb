public import Hummingbird
import HummingbirdCore
public import Logging
public import ServiceLifecycle

/// Builds the HTTP service: the API, the review page, health and metrics.
public enum APIServer {
    /// The router with every route, and the list of those routes.
    public static func router(_ dependencies: ServiceDependencies) -> (router: Router<APIRequestContext>, routes: [APIRoute]) {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: AuthenticationMiddleware(store: dependencies.store, now: dependencies.now))
        let table = RouteTable(router: router)
        SystemRoutes(dependencies: dependencies).add(to: table)
        ClaimRoutes(dependencies: dependencies).add(to: table)
        AccountRoutes(dependencies: dependencies).add(to: table)
        EventRoutes(dependencies: dependencies).add(to: table)
        WebhookRoutes(dependencies: dependencies).add(to: table)
        SiteRoutes(dependencies: dependencies).add(to: table)
        PlateModelRoutes(dependencies: dependencies).add(to: table)
        ReviewRoutes(dependencies: dependencies).add(to: table)
        router.add(middleware: MethodNotAllowedMiddleware(routes: table.routes))
        return (router, table.routes)
    }

    /// The application, running `services` (the embedded workers) beside the server; they all
    /// stop together on graceful shutdown.
    public static func application(
        _ dependencies: ServiceDependencies,
        host: String,
        port: Int,
        services: [any Service],
        limits: ConnectionLimits = .init(),
        logger: Logger,
        onRunning: @escaping @Sendable (_ port: Int) async -> Void
    ) -> some ApplicationProtocol {
        Application(
            router: router(dependencies).router,
            server: .http1(
                configuration: .init(additionalChannelHandlers: [RequestHeadDeadline(timeout: .init(limits.headerTimeout))])
            ),
            configuration: .init(
                address: .hostname(host, port: port),
                serverName: "PlateProof",
                availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections)
            ),
            services: services,
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }
}

/// What one client may hold of the server.
public struct ConnectionLimits: Sendable {
    /// How long a connection may take to send a complete request head, from when it opens and
    /// from each answer (so also how long a keep-alive connection may sit idle).
    public var headerTimeout: Duration
    /// Connections open at once; more wait to be accepted.
    public var maxConnections: Int

    public init(headerTimeout: Duration = .seconds(20), maxConnections: Int = 1024) {
        self.headerTimeout = headerTimeout
        self.maxConnections = maxConnections
    }
}
