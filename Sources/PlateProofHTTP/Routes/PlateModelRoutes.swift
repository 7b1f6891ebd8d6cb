import Hummingbird
import PlateProofDomain
import PlateProofImaging
import PlateProofIntake
import PlateProofRepresentations
import PlateProofStore
import PlateProofVerifier
import PlateProofWorker

/// `/v1/sites/{id}/plates`: the plate models a site has shown the verifier. Its admins enrol
/// (multipart: `name` and 3-10 `photo` parts of the clean plate) and remove them; every key that
/// sees the site lists them.
struct PlateModelRoutes {
    let dependencies: ServiceDependencies

    /// The most enrolment photos, as for `plates enrol`.
    static let maxPhotos = 10

    func add(to routes: RouteTable) {
        routes.on(.post, "/v1/sites/{id}/plates", use: enrol)
        routes.on(.get, "/v1/sites/{id}/plates", use: list)
        routes.on(.get, "/v1/sites/{id}/plates/{name}", use: show)
        routes.on(.delete, "/v1/sites/{id}/plates/{name}", use: remove)
    }

    /// 201 with the stored model; 422 with the refusal's code when the photos are refused.
    @Sendable func enrol(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        let site = try await context.pathSite(caller, store: dependencies.store)
        let limit = Self.maxPhotos * dependencies.intake.maxPhotoBytes + ClaimUpload.multipartAllowance
        let memory = 2 * (request.headers[.contentLength].flatMap(Int.init).map { min($0, limit) } ?? limit)
        guard dependencies.uploadBudget.reserve(memory) else { throw APIError.uploadsBusy }
        defer { dependencies.uploadBudget.release(memory) }
        let form = try await MultipartParts.read(request, limit: limit)
        let name = form[field: "name"] ?? ""
        guard PlateModel.isValidName(name) else {
            throw APIError(
                .unprocessableContent,
                "invalid_plate_model",
                "name: 1 to 64 letters, digits and . _ -, got \(name.isEmpty ? "none" : name)",
                field: "name"
            )
        }
        let photos = form.files("photo").enumerated().map { index, part in
            (name: part.filename ?? "photo \(index + 1)", source: ImageSource.bytes(Array(buffer: part.body)))
        }
        do {
            let model = try await dependencies.plateEnrolment.enrol(name: name, at: site.id, photos: photos, now: dependencies.now())
            return .json(PlateModelJSON(model), status: .created, headers: [.location: "/v1/sites/\(site.id)/plates/\(name)"])
        } catch let refusal as EnrolmentError {
            throw APIError(.unprocessableContent, refusal.code, refusal.message, field: "photo")
        }
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let site = try await context.pathSite(try context.requireAnyKey(), store: dependencies.store)
        let models = try await dependencies.store.plateModels(at: site.id)
        return .json(PlateModelListJSON(plates: models.map { PlateModelJSON($0) }))
    }

    /// The model in use under the name, with what was learnt of it.
    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> Response {
        let site = try await context.pathSite(try context.requireAnyKey(), store: dependencies.store)
        let model = try await model(context, site)
        let profile = try model.plateProfile()
        return .json(PlateModelJSON(model, aspect: profile.aspect, sizeRange: profile.sizeRange))
    }

    /// 204; later verdicts fall back to the general rules, past ones keep naming the model.
    @Sendable func remove(_ request: Request, context: APIRequestContext) async throws -> Response {
        let site = try await context.pathSite(try context.require(.admin), store: dependencies.store)
        let model = try await model(context, site)
        try await dependencies.store.removePlateModel(model.name, at: site.id, now: dependencies.now())
        return Response(status: .noContent)
    }

    private func model(_ context: APIRequestContext, _ site: Site) async throws -> PlateModel {
        let name = context.parameters.get("name") ?? ""
        guard let model = try await dependencies.store.plateModels(at: site.id).first(where: { $0.name == name }) else {
            throw APIError(.notFound, "not_found", "site \(site.id) has no plate model \(name)")
        }
        return model
    }
}
