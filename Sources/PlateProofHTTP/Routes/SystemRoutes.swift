import Hummingbird
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

    /// 200 when the database answers, 503 (with the reason) when it does not.
    @Sendable func health(_ request: Request, context: APIRequestContext) async throws -> Response {
        do {
            let depth = try await dependencies.store.pendingJobs()
            return .json(HealthJSON(status: "ok", database: "ok", queueDepth: depth))
        } catch {
            return .json(HealthJSON(status: "degraded", database: error.description, queueDepth: nil), status: .serviceUnavailable)
        }
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
    var queueDepth: Int?

    enum CodingKeys: String, CodingKey {
        case status, database
        case queueDepth = "queue_depth"
    }
}
