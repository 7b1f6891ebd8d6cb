import Foundation
import Hummingbird
import PlateProofDomain
import PlateProofStore
import PlateProofVerifier
import PlateProofWorker

/// The review page's plate models: what a site has enrolled, and its approved claims of other
/// plates, which an admin of the site ticks and enrols as a model ("use as plate model").
extension ReviewRoutes {
    /// Approved claims offered as enrolment photos.
    static let candidateCount = 30

    @Sendable func plates(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.moderator)
        let site = try await caller.site(requested: try request.siteQuery(), store: dependencies.store)
        return try await platesPage(caller, site: site, enrolled: request.stringQuery("enrolled"), error: nil)
    }

    /// Enrols the ticked claims' photos as the named model: back to the page saying so, or the page
    /// again with the refusal (422).
    @Sendable func usePlates(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        var request = request
        let form = FormFields(try await request.collectBody(upTo: 16 * 1024))
        if let session = caller.session {
            try SameOrigin.check(request, publicURL: dependencies.publicURL)
            guard AccessSecrets.equalInConstantTime(form["csrf"] ?? "", session.csrfToken) else {
                throw APIError(.forbidden, "csrf_failed", "the form's token does not match this session; reload the page")
            }
        }
        let requested: SiteID
        do { requested = try SiteID(validating: form["site"] ?? "") } catch {
            throw APIError.badRequest("invalid_site", error.description)
        }
        let site = try await caller.site(requested: requested, store: dependencies.store)
        let name = form["name"] ?? ""
        var claims: [ClaimRecord] = []
        for text in form.all("claim") {
            // Only the site's approved claims may teach it a plate.
            guard let id = Int64(text), let claim = caller.visible(try await dependencies.store.claim(id: id)),
                claim.request.site == site, claim.state.status == .approved
            else { throw APIError.badRequest("invalid_claim", "claim \(text) is not an approved claim of site \(site)") }
            claims.append(claim)
        }
        let failure: String
        if !PlateModel.isValidName(name) {
            failure = "A model's name is 1 to 64 letters, digits and . _ - (such as blue-rim)."
        } else {
            do {
                let model = try await dependencies.plateEnrolment.enrol(
                    name: name,
                    at: site,
                    claims: claims,
                    blobs: dependencies.blobs,
                    now: dependencies.now()
                )
                let query = "site=\(site)&enrolled=\(model.reference)"
                return Response(status: .seeOther, headers: [.location: "/review/plates?\(query)"])
            } catch let refusal as EnrolmentError {
                failure = "Not enrolled (\(refusal.code)): \(refusal.message)."
            }
        }
        return try await platesPage(caller, site: site, enrolled: nil, error: failure, status: .unprocessableContent)
    }

    private func platesPage(
        _ caller: Caller,
        site: SiteID,
        enrolled: String?,
        error: String?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let models = try await dependencies.store.plateModels(at: site)
        let candidates = try await dependencies.store.plateCandidates(at: site, limit: Self.candidateCount)
        let view = PlatesView(
            nonce: AccessSecrets.randomToken(),
            moderator: caller.key.name,
            site: site.rawValue,
            csrf: caller.session?.csrfToken,
            can_enrol: caller.key.role.allows(.admin),
            enrolled: enrolled.map { String($0.prefix(80)) },
            error: error,
            has_models: !models.isEmpty,
            models: models.map { PlateModelView(reference: $0.reference, kind: $0.kind, photos: $0.photos) },
            has_candidates: !candidates.isEmpty,
            candidates: candidates.map {
                CandidateView(
                    id: $0.id,
                    account: $0.request.account.rawValue,
                    claimed_at: $0.request.claimedAt.reviewText
                )
            }
        )
        return try html(ReviewTemplates.compiledPlates, view, status: status)
    }
}

// Template views: property names are the templates' keys.
private struct PlatesView: ReviewPageView {
    var nonce: String
    var moderator: String
    var site: String
    var csrf: String?
    var can_enrol: Bool
    var enrolled: String?
    var error: String?
    var has_models: Bool
    var models: [PlateModelView]
    var has_candidates: Bool
    var candidates: [CandidateView]
}

private struct PlateModelView {
    var reference: String
    var kind: String
    var photos: Int
}

private struct CandidateView {
    var id: Int64
    var account: String
    var claimed_at: String
}
