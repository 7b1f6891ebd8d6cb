import Foundation
import HTTPTypes
import Hummingbird
import Metrics
import PlateProofDomain
import PlateProofIntake
import PlateProofRepresentations
import PlateProofStore

/// `/v1/claims`: uploads, claim status, evidence images, verdict overlays and moderators' decisions.
struct ClaimRoutes {
    let dependencies: ServiceDependencies

    func add(to routes: RouteTable) {
        routes.on(.post, "/v1/claims", use: submit)
        routes.on(.get, "/v1/claims/{id}", use: show)
        routes.on(.get, "/v1/claims/{id}/evidence", use: evidence)
        routes.on(.get, "/v1/claims/{id}/overlay", use: overlay)
        routes.on(.post, "/v1/claims/{id}/decision", use: decide)
    }

    @Sendable func submit(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.uploader)
        let key = request.headers[.idempotencyKey]
        if let key, key.isEmpty || key.count > 200 || !key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) {
            throw APIError.badRequest("invalid_idempotency_key", "Idempotency-Key must be 1 to 200 printable characters without spaces")
        }
        let memory = ClaimUpload.memory(of: request, maxPhotoBytes: dependencies.intake.maxPhotoBytes)
        guard dependencies.uploadBudget.reserve(memory) else { throw APIError.uploadsBusy }
        defer { dependencies.uploadBudget.release(memory) }
        let upload = try await ClaimUpload.read(request, maxPhotoBytes: dependencies.intake.maxPhotoBytes)
        guard let rawAccount = upload.account else { throw APIError.badRequest("missing_field", "account is required") }
        let account: AccountID
        let activity: ActivityID
        let requestedSite: SiteID?
        do {
            account = try AccountID(validating: rawAccount)
            activity = try ActivityID(validating: upload.activity ?? ActivityID.cleanPlate.rawValue)
            requestedSite = try upload.site.map(SiteID.init(validating:))
        } catch {
            throw APIError.badRequest("invalid_field", error.description)
        }
        // A scoped uploader's claims belong to its site; naming another answers as for a site that does not exist.
        let site = requestedSite ?? caller.key.site ?? .default
        guard caller.key.sees(site) else { throw APIError.noSite(site) }
        let result: EnqueueResult
        do {
            result = try await dependencies.intake.submit(
                photo: upload.photo,
                site: site,
                account: account,
                activity: activity,
                idempotencyKey: key,
                uploader: caller.key.name,
                at: dependencies.now()
            )
        } catch let refusal as ClaimIntake.Refusal {
            switch refusal.kind {
            case .tooLarge: throw APIError(.contentTooLarge, refusal.code, refusal.message)
            case .unsupportedFormat: throw APIError(.unsupportedMediaType, refusal.code, refusal.message)
            case .undecodable where refusal.code == "unsupported_format":
                throw APIError(.unsupportedMediaType, refusal.code, refusal.message)
            case .undecodable, .unknownActivity: throw APIError(.unprocessableContent, refusal.code, refusal.message)
            case .unknownSite: throw APIError.noSite(site)
            case .siteInactive: throw APIError(.conflict, refusal.code, refusal.message)
            }
        } catch let error as StoreError where error.code == .conflict {
            throw APIError(.conflict, "idempotency_conflict", error.message)
        }
        if result.created { ServiceMetrics.claimReceived() }
        var headers: HTTPFields = [.location: "/v1/claims/\(result.claim.id)"]
        if !result.created { headers[.idempotentReplayed] = "true" }
        return .json(try await claimJSON(result.claim, for: caller), status: .accepted, headers: headers)
    }

    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.requireAnyKey()
        let claim = try await visibleClaim(context, caller)
        return .json(try await claimJSON(claim, for: caller))
    }

    /// The claim of the path's id; 404 when there is none, or it is at a site the caller may not see.
    private func visibleClaim(_ context: APIRequestContext, _ caller: Caller) async throws -> ClaimRecord {
        let id = try context.claimID()
        guard let claim = caller.visible(try await dependencies.store.claim(id: id)) else {
            throw APIError(.notFound, "not_found", "no claim \(id)")
        }
        return claim
    }

    /// The claim as `caller` may see it: matches at other sites are counted, not named.
    private func claimJSON(_ claim: ClaimRecord, for caller: Caller) async throws -> ClaimJSON {
        try await ClaimJSON(claim, matchesElsewhere: dependencies.matchesElsewhere(of: claim, for: caller))
    }

    /// The claim's evidence JPEG; content-addressed, so cached for good.
    @Sendable func evidence(_ request: Request, context: APIRequestContext) async throws -> Response {
        try await claimImage(
            \.evidenceSHA256,
            request,
            context,
            code: "no_evidence",
            named: "evidence image",
            absentWhen: "not processed yet, or unreadable"
        )
    }

    /// The picture of what the verifier saw on the claim's photo (kept for claims it did not approve).
    @Sendable func overlay(_ request: Request, context: APIRequestContext) async throws -> Response {
        try await claimImage(
            \.overlaySHA256,
            request,
            context,
            code: "no_overlay",
            named: "overlay",
            absentWhen: "approved by the machine, or not processed yet"
        )
    }

    /// One of a claim's stored JPEGs; 404 with `code` when the claim has none, or it is gone.
    private func claimImage(
        _ digest: KeyPath<ClaimRecord, String?>,
        _ request: Request,
        _ context: APIRequestContext,
        code: String,
        named name: String,
        absentWhen reason: String
    ) async throws -> Response {
        let caller = try context.requireAnyKey()
        let claim = try await visibleClaim(context, caller)
        let id = claim.id
        guard let digest = claim[keyPath: digest] else { throw APIError(.notFound, code, "claim \(id) has no \(name) (\(reason))") }
        return try await image(digest, request: request, missing: APIError(.notFound, code, "the \(name) of claim \(id) is missing"))
    }

    /// A stored JPEG by its digest; content-addressed, so cached for good.
    private func image(_ digest: String, request: Request, missing: APIError) async throws -> Response {
        let etag = "\"\(digest)\""
        var headers: HTTPFields = [
            .contentType: "image/jpeg",
            .cacheControl: "private, max-age=31536000, immutable",
            .eTag: etag,
        ]
        if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }
        guard let bytes = try? await dependencies.blobs.get(digest) else { throw missing }
        headers[.contentLength] = "\(bytes.count)"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A moderator's decision: JSON from scripts, or the review page's form (then answered with a
    /// redirect back to the page).
    @Sendable func decide(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.moderator)
        let claim = try await visibleClaim(context, caller)
        let isForm = request.headers[.contentType].flatMap(MediaType.init(from:))?.isType(.applicationUrlEncoded) == true
        let form = try await DecisionForm.read(request, isForm: isForm)
        if let session = caller.session {
            // A browser session: the form comes from this service and carries the session's token.
            try SameOrigin.check(request, publicURL: dependencies.publicURL)
            let token = form.csrf ?? request.headers[.csrfToken]
            guard let token, AccessSecrets.equalInConstantTime(token, session.csrfToken) else {
                throw APIError(.forbidden, "csrf_failed", "the form's token does not match this session; reload the page")
            }
        }
        guard let decision = ClaimDecision(rawValue: form.decision), decision != .review else {
            throw APIError.badRequest("invalid_decision", "decision is approve or reject")
        }
        guard (1...40).contains(form.reason.count), form.reason.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
        else {
            throw APIError.badRequest("invalid_reason", "reason is a code of 1 to 40 characters a-z, 0-9 and _")
        }
        let outcome = try await dependencies.store.moderate(
            claimID: claim.id,
            decision: decision,
            reason: form.reason,
            moderator: caller.key.name,
            catalogue: try await dependencies.catalogue(of: claim.request.site),
            now: dependencies.now()
        )
        Counter(label: "plateproof_moderations_total", dimensions: [("decision", decision.rawValue), ("kind", outcome.kind.rawValue)])
            .increment()
        if isForm { return Response(status: .seeOther, headers: [.location: "/review"]) }
        return .json(DecisionJSON(outcome, claim: try await claimJSON(outcome.claim, for: caller)))
    }
}

/// The body of a decision: JSON or a form.
private struct DecisionForm: Decodable {
    var decision: String
    var reason: String
    var csrf: String?

    static func read(_ request: Request, isForm: Bool) async throws -> DecisionForm {
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024)
        if isForm {
            let fields = FormFields(body)
            guard let decision = fields["decision"], let reason = fields["reason"] else {
                throw APIError.badRequest("invalid_body", "the form needs decision and reason")
            }
            return DecisionForm(decision: decision, reason: reason, csrf: fields["csrf"])
        }
        do {
            return try JSONDecoder().decode(DecisionForm.self, from: Data(body.readableBytesView))
        } catch {
            throw APIError.badRequest("invalid_body", "send JSON {\"decision\": \"approve\" or \"reject\", \"reason\": \"code\"}")
        }
    }
}

/// What a moderator's decision did.
struct DecisionJSON: Encodable {
    var claim: ClaimJSON
    var kind: String
    var agreedWithMachine: Bool?
    var ledgerEntriesWritten: Int

    enum CodingKeys: String, CodingKey {
        case claim, kind
        case agreedWithMachine = "agreed_with_machine"
        case ledgerEntriesWritten = "ledger_entries_written"
    }

    init(_ outcome: ModerationOutcome, claim: ClaimJSON) {
        self.claim = claim
        kind = outcome.kind.rawValue
        agreedWithMachine = outcome.agreedWithMachine
        ledgerEntriesWritten = outcome.ledgerEntriesWritten
    }
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
    static let csrfToken = Self("X-CSRF-Token")!
    static let xFrameOptions = Self("X-Frame-Options")!
}
