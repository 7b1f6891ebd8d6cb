import Logging
import ServiceLifecycle
import UnixSignals

/// The one way `serve` and `worker` run: their services in one ServiceGroup until SIGTERM or
/// SIGINT, which shuts them down gracefully in reverse order (the HTTP server stops accepting,
/// workers finish the jobs in flight, storage closes last), or until a service that is done
/// (`worker --drain`) ends them all. The process then exits 0.
enum ProcessServices {
    static func run(_ services: [ServiceGroupConfiguration.ServiceConfiguration], logger: Logger) async throws {
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
    }
}

/// A service that says when it starts and stops. The group starts its services only once its
/// signal handlers are in place, so a signal sent after "started" always shuts down gracefully.
struct AnnouncedService: Service {
    let service: any Service
    let started: @Sendable () -> Void
    let stopped: @Sendable () -> Void

    func run() async throws {
        started()
        defer { stopped() }
        try await service.run()
    }
}
