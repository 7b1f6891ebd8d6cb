import Foundation
import Hummingbird
import Mustache
import PlateProofDomain
import PlateProofStore

/// The moderators' review page: flagged claims and quality-control samples, oldest first, with
/// their evidence, score, reasons and duplicate matches; and the site's plate models, with its
/// approved photos of other plates to enrol. Works without JavaScript; the script
/// only adds keyboard shortcuts.
struct ReviewRoutes {
    let dependencies: ServiceDependencies
    /// Claims shown on one page.
    static let pageSize = 20

    func add(to routes: RouteTable) {
        routes.on(.get, "/review", use: page)
        routes.on(.get, "/review/login", use: loginForm)
        routes.on(.post, "/review/login", use: login)
        routes.on(.post, "/review/logout", use: logout)
        routes.on(.get, "/review/plates", use: plates)
        routes.on(.post, "/review/plates", use: usePlates)
    }

    @Sendable func page(_ request: Request, context: APIRequestContext) async throws -> Response {
        let nonce = AccessSecrets.randomToken()
        guard let caller = context.caller else {
            return try html(ReviewTemplates.compiledLogin, LoginView(nonce: nonce, error: nil), status: .unauthorized)
        }
        guard caller.key.role.allows(.moderator) else {
            return try html(
                ReviewTemplates.compiledLogin,
                LoginView(nonce: nonce, error: "The key \(caller.key.name) is not a moderator's."),
                status: .forbidden
            )
        }
        // A site's moderator sees that site's claims only; a platform-wide key, every site's.
        let store = dependencies.store
        let site = caller.key.site
        let items = try await store.reviewQueue(site: site, limit: Self.pageSize)
        let counts = try await store.reviewCounts(site: site)
        var views: [ItemView] = []
        for item in items {
            var matches: [MatchView] = []
            var elsewhere = 0
            for id in item.claim.matches {
                guard let match = caller.visible(try await store.claim(id: id)) else {
                    elsewhere += 1
                    continue
                }
                if matches.count < 4 {
                    matches.append(MatchView(id: id, account: match.request.account.rawValue, status: match.state.status.rawValue))
                }
            }
            views.append(ItemView(item, matches: matches, matchesElsewhere: elsewhere))
        }
        let agreement = try await store.agreementRates(site: site).map {
            AgreementView(
                version: $0.heuristicVersion,
                answered: $0.answered,
                agreed: $0.agreed,
                percent: String(format: "%.1f", $0.rate * 100)
            )
        }
        let view = PageView(
            nonce: nonce,
            moderator: caller.key.name,
            site: site?.rawValue ?? "every site",
            csrf: caller.session?.csrfToken,
            review_count: counts.review,
            qa_count: counts.qa,
            has_agreement: !agreement.isEmpty,
            agreement: agreement,
            items: views
        )
        return try html(ReviewTemplates.compiledPage, view)
    }

    @Sendable func loginForm(_ request: Request, context: APIRequestContext) async throws -> Response {
        try html(ReviewTemplates.compiledLogin, LoginView(nonce: AccessSecrets.randomToken(), error: nil))
    }

    /// Checks a moderator key and opens a session: an HTTP-only, SameSite=Strict cookie.
    @Sendable func login(_ request: Request, context: APIRequestContext) async throws -> Response {
        let nonce = AccessSecrets.randomToken()
        try SameOrigin.check(request, publicURL: dependencies.publicURL)
        var request = request
        let body = try await request.collectBody(upTo: 4096)
        guard let secret = FormFields(body)["key"]?.trimmingCharacters(in: .whitespaces), !secret.isEmpty, secret.count <= 200,
            let key = try await dependencies.store.key(secret: secret)
        else {
            return try html(ReviewTemplates.compiledLogin, LoginView(nonce: nonce, error: "That key is not valid."), status: .unauthorized)
        }
        guard key.role.allows(.moderator) else {
            return try html(
                ReviewTemplates.compiledLogin,
                LoginView(nonce: nonce, error: "The key \(key.name) is not a moderator's."),
                status: .forbidden
            )
        }
        let (token, _) = try await dependencies.store.openSession(
            for: key,
            lifetimeSeconds: ReviewSessionCookie.lifetimeSeconds,
            now: dependencies.now()
        )
        var response = Response(status: .seeOther, headers: [.location: "/review"])
        response.setCookie(ReviewSessionCookie.make(token: token, secure: dependencies.secureCookies))
        return response
    }

    @Sendable func logout(_ request: Request, context: APIRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 4096)
        if let session = context.caller?.session, let token = request.cookies[ReviewSessionCookie.name]?.value {
            try SameOrigin.check(request, publicURL: dependencies.publicURL)
            guard AccessSecrets.equalInConstantTime(FormFields(body)["csrf"] ?? "", session.csrfToken) else {
                throw APIError(.forbidden, "csrf_failed", "the form's token does not match this session; reload the page")
            }
            try await dependencies.store.closeSession(token: token)
        }
        var response = Response(status: .seeOther, headers: [.location: "/review/login"])
        response.setCookie(ReviewSessionCookie.expired(secure: dependencies.secureCookies))
        return response
    }

    /// A page whose only style and script are its own (the nonce the view carries), with images
    /// and forms from this service alone.
    func html(
        _ template: Result<MustacheTemplate, any Error>,
        _ view: some ReviewPageView,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let text = try template.get().render(view)
        let policy =
            "default-src 'none'; img-src 'self'; style-src 'nonce-\(view.nonce)'; script-src 'nonce-\(view.nonce)'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store", .xFrameOptions: "DENY",
                .contentSecurityPolicy: policy,
            ],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}

// Template views: property names are the templates' keys.
protocol ReviewPageView {
    /// This response's script and style nonce.
    var nonce: String { get }
}

private struct LoginView: ReviewPageView {
    var nonce: String
    var error: String?
}

private struct PageView: ReviewPageView {
    var nonce: String
    var moderator: String
    var site: String
    var csrf: String?
    var review_count: Int
    var qa_count: Int
    var has_agreement: Bool
    var agreement: [AgreementView]
    var items: [ItemView]
}

private struct AgreementView {
    var version: String
    var answered: Int
    var agreed: Int
    var percent: String
}

private struct MatchView {
    var id: Int64
    var account: String
    var status: String
}

private struct ItemView {
    var id: Int64
    var kind_label: String
    var account: String
    var activity: String
    var decision: String
    var heuristic_version: String
    var score: String
    var reasons: String
    var claimed_at: String
    var has_overlay: Bool
    var matches: [MatchView]
    /// Matches at sites the moderator may not see: only how many.
    var matches_elsewhere: Int
    var has_matches_elsewhere: Bool

    init(_ item: ReviewItem, matches: [MatchView], matchesElsewhere: Int) {
        let claim = item.claim
        id = claim.id
        kind_label = item.kind == .review ? "flagged" : "quality check of a machine \(claim.state.status.rawValue)"
        account = claim.request.account.rawValue
        activity = claim.request.activity.rawValue
        decision = claim.decision?.rawValue ?? "none"
        heuristic_version = claim.heuristicVersion ?? "-"
        score = claim.score.map { String(format: "%.3f", $0) } ?? "-"
        reasons = claim.reasons.isEmpty ? "none" : claim.reasons.map(\.code).joined(separator: ", ")
        claimed_at = claim.request.claimedAt.reviewText
        has_overlay = claim.overlaySHA256 != nil
        self.matches = matches
        matches_elsewhere = matchesElsewhere
        has_matches_elsewhere = matchesElsewhere > 0
    }
}

extension Timestamp {
    /// How the review pages show a time: ISO 8601, UTC.
    var reviewText: String { Date(timeIntervalSince1970: TimeInterval(secondsSince1970)).ISO8601Format() }
}
