import Hummingbird
import Logging
import NIOCore
import PlateProofStore

/// Health, metrics and the API's own description.
struct SystemRoutes {
    let dependencies: ServiceDependencies

    func add(to routes: RouteTable) {
        routes.on(.get, "/healthz", use: health)
        routes.on(.get, "/metrics", use: metrics)
        routes.on(.get, "/openapi.yaml", use: openAPI)
    }

    /// 200 when the database and the blob store take writes, 503 naming the check that failed.
    @Sendable func health(_ request: Request, context: APIRequestContext) async throws -> Response {
        let result = await dependencies.health.current(dependencies)
        let body = HealthJSON(
            status: result.healthy ? "ok" : "degraded",
            database: result.database ?? "ok",
            blobs: result.blobs ?? "ok",
            queueDepth: result.queueDepth
        )
        if !result.healthy { context.logger.warning("unhealthy", metadata: ["database": "\(body.database)", "blobs": "\(body.blobs)"]) }
        return .json(body, status: result.healthy ? .ok : .serviceUnavailable, headers: result.healthy ? [:] : [.retryAfter: "2"])
    }

    @Sendable func metrics(_ request: Request, context: APIRequestContext) async throws -> Response {
        let buffer = ServiceMetrics.exposition(queueDepth: (try? await dependencies.store.pendingJobs()) ?? 0)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer))
        )
    }

    @Sendable func openAPI(_ request: Request, context: APIRequestContext) async throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/yaml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml))
        )
    }
}

struct HealthJSON: Encodable {
    var status: String
    var database: String
    var blobs: String
    var queueDepth: Int?

    enum CodingKeys: String, CodingKey {
        case status, database, blobs
        case queueDepth = "queue_depth"
    }
}
