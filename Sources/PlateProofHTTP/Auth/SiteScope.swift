import Hummingbird
import PlateProofDomain
import PlateProofStore

/// Which site a request acts on, decided once for every route. A site-scoped key acts on its own
/// site only: another site's objects answer 404, exactly as if they did not exist. A
/// platform-wide key names a site with `?site=ID` (or the upload's `site` field), and without one
/// acts on `default` (or, for lists, on every site).
extension Caller {
    /// The one site an id is looked up in (`/v1/accounts/{id}`, a household, the leaderboard).
    func site(requested: SiteID?, store: any Store) async throws -> SiteID {
        let site = requested ?? key.site ?? .default
        try await requireVisible(site, store: store)
        return site
    }

    /// The sites a list holds: the key's own, the one asked for, or nil for every site.
    func siteFilter(requested: SiteID?, store: any Store) async throws -> SiteID? {
        guard let site = requested ?? key.site else { return nil }
        try await requireVisible(site, store: store)
        return site
    }

    /// A 404 unless the key may see `site` and it exists.
    private func requireVisible(_ site: SiteID, store: any Store) async throws {
        guard key.sees(site) else { throw APIError.noSite(site) }
        // A scoped key's own site exists (keys are only made for stored sites).
        if key.site == nil, try await store.site(site) == nil { throw APIError.noSite(site) }
    }

    /// The claim, when the key may see its site; nil otherwise, as for a claim that does not exist.
    func visible(_ claim: ClaimRecord?) -> ClaimRecord? {
        guard let claim, key.sees(claim.request.site) else { return nil }
        return claim
    }
}

extension APIRequestContext {
    /// The site a path names (`/v1/sites/{id}/…`); 404 when there is none, or the caller may not see it.
    func pathSite(_ caller: Caller, store: any Store) async throws -> Site {
        let id: SiteID = try identifier()
        guard caller.key.sees(id), let site = try await store.site(id) else { throw APIError.noSite(id) }
        return site
    }
}

extension APIError {
    static func noSite(_ site: SiteID) -> APIError { APIError(.notFound, "not_found", "no site \(site)") }
}

extension Request {
    /// The `site` query parameter, if any; 400 when it is not a valid site id.
    func siteQuery() throws -> SiteID? {
        guard let raw = stringQuery("site") else { return nil }
        do { return try SiteID(validating: raw) } catch { throw APIError.badRequest("invalid_parameter", error.description) }
    }
}
