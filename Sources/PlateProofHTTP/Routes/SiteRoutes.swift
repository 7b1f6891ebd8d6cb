import Foundation
import Hummingbird
import PlateProofDomain
import PlateProofRepresentations
import PlateProofStore

/// `/v1/sites`: the campuses, companies and communities the deployment serves. Platform-wide
/// admins create and deactivate sites; a site's admin may change its catalogue; every key sees
/// the sites it may act for (a site-scoped key, its own).
struct SiteRoutes {
    let dependencies: ServiceDependencies

    func add(to routes: RouteTable) {
        routes.on(.post, "/v1/sites", use: create)
        routes.on(.get, "/v1/sites", use: list)
        routes.on(.get, "/v1/sites/{id}", use: show)
        routes.on(.put, "/v1/sites/{id}/catalogue", use: setCatalogue)
        routes.on(.post, "/v1/sites/{id}/deactivate", use: deactivate)
    }

    @Sendable func create(_ request: Request, context: APIRequestContext) async throws -> Response {
        _ = try context.requirePlatformAdmin()
        let body = try await SiteBody.read(request)
        let id: SiteID
        do { id = try SiteID(validating: body.id ?? "") } catch { throw APIError.invalidSite("id", error.description) }
        if let name = body.name, !(1...200).contains(name.count) { throw APIError.invalidSite("name", "must be 1 to 200 characters") }
        var offset: Int64?
        if let zone = body.timeZone {
            guard let seconds = SiteTimeZone.utcOffsetSeconds(zone) else {
                throw APIError.invalidSite("time_zone", "a zone name (Asia/Shanghai) or an offset (+08:00)")
            }
            offset = seconds
        }
        let site = Site(
            id: id,
            name: body.name ?? id.rawValue,
            timeZone: body.timeZone,
            utcOffsetSeconds: offset,
            activities: try body.catalogue.map(Self.activities),
            createdAt: dependencies.now()
        )
        try await dependencies.store.createSite(site)
        return .json(SiteJSON(site), status: .created, headers: [.location: "/v1/sites/\(id)"])
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.requireAnyKey()
        let sites = try await dependencies.store.sites().filter { caller.key.sees($0.id) }
        return .json(SiteListJSON(sites: sites.map(SiteJSON.init)))
    }

    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.requireAnyKey()
        return .json(SiteJSON(try await context.pathSite(caller, store: dependencies.store)))
    }

    /// Replaces the site's catalogue; the body is a catalogue document, or `{"activities": null}`
    /// to use the platform's again. A bad one is a 422 naming the field.
    @Sendable func setCatalogue(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        let site = try await context.pathSite(caller, store: dependencies.store)
        var request = request
        let body = try await request.collectBody(upTo: 256 * 1024)
        let data = Data(body.readableBytesView)
        let reset = (try? JSONDecoder().decode(CatalogueReset.self, from: data)) != nil
        let activities = reset ? nil : try Self.activities(try Self.decoded(data))
        return .json(SiteJSON(try await dependencies.store.setActivities(activities, of: site.id, now: dependencies.now())))
    }

    @Sendable func deactivate(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.requirePlatformAdmin()
        let site = try await context.pathSite(caller, store: dependencies.store)
        guard site.id != .default else { throw APIError(.conflict, "conflict", "the default site cannot be deactivated") }
        return .json(SiteJSON(try await dependencies.store.deactivateSite(site.id, now: dependencies.now())))
    }

    private static func decoded(_ data: Data) throws -> CatalogueJSON {
        do { return try CatalogueJSON.decode(data) } catch { throw APIError.invalidCatalogue(error) }
    }

    private static func activities(_ document: CatalogueJSON) throws -> [Activity] {
        do { return try document.siteActivities() } catch { throw APIError.invalidCatalogue(error) }
    }
}

/// `{"activities": null}`: back to the platform's catalogue.
private struct CatalogueReset: Decodable {
    enum CodingKeys: String, CodingKey { case activities }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.contains(.activities), try container.decodeNil(forKey: .activities) else {
            throw DecodingError.dataCorruptedError(forKey: .activities, in: container, debugDescription: "not null")
        }
    }
}

/// The body of `POST /v1/sites`.
private struct SiteBody: Decodable {
    var id: String?
    var name: String?
    var timeZone: String?
    var catalogue: CatalogueJSON?

    enum CodingKeys: String, CodingKey {
        case id, name, catalogue
        case timeZone = "time_zone"
    }

    static func read(_ request: Request) async throws -> SiteBody {
        var request = request
        let body = try await request.collectBody(upTo: 256 * 1024)
        let data = Data(body.readableBytesView)
        do {
            return try JSONDecoder().decode(SiteBody.self, from: data)
        } catch {
            let invalid = CatalogueJSON.invalid(error)
            if invalid.field.hasPrefix("catalogue") { throw APIError.invalidCatalogue(invalid) }
            if invalid.field != "body" { throw APIError.invalidSite(invalid.field, invalid.message) }
            throw APIError.badRequest(
                "invalid_body",
                "send JSON {\"id\": \"campus-a\", \"name\": \"…\", \"time_zone\": \"Asia/Shanghai\", \"catalogue\": {\"activities\": […]}}"
            )
        }
    }
}

struct SiteListJSON: Encodable {
    var sites: [SiteJSON]
}

extension APIError {
    static func invalidSite(_ field: String, _ message: String) -> APIError {
        APIError(.unprocessableContent, "invalid_site", "\(field): \(message)", field: field)
    }

    static func invalidCatalogue(_ error: CatalogueJSON.Invalid) -> APIError {
        APIError(.unprocessableContent, "invalid_catalogue", error.description, field: error.field)
    }
}
