public import PlateProofDomain

/// A site's plate model as `plateproof plates … --json` and `/v1/sites/{site}/plates` show it;
/// `aspect` and `size_range` (what was learnt of it) only when one model is shown.
public struct PlateModelJSON: Codable, Sendable, Equatable {
    public var site: String
    public var name: String
    public var version: Int
    public var photos: Int
    /// `round` (plates and bowls) or `tray`.
    public var kind: String
    /// `name@version`, as verdicts name it in `plate_profile`.
    public var reference: String
    public var createdAt: Int64
    /// Minor over major semi-axis of the outline (1 seen from above).
    public var aspect: Double?
    /// Major semi-axis over the analysis image's long side, the smallest and largest seen.
    public var sizeRange: [Double]?

    enum CodingKeys: String, CodingKey {
        case site, name, version, photos, kind, reference, aspect
        case createdAt = "created_at"
        case sizeRange = "size_range"
    }

    public init(_ model: PlateModel, aspect: Double? = nil, sizeRange: ClosedRange<Double>? = nil) {
        site = model.site.rawValue
        name = model.name
        version = model.version
        photos = model.photos
        kind = model.kind
        reference = model.reference
        createdAt = model.createdAt.secondsSince1970
        self.aspect = aspect.map { ($0 * 1000).rounded() / 1000 }
        self.sizeRange = sizeRange.map { [$0.lowerBound, $0.upperBound].map { ($0 * 1000).rounded() / 1000 } }
    }
}

/// `GET /v1/sites/{site}/plates`: the models in use, the latest version of each.
public struct PlateModelListJSON: Codable, Sendable, Equatable {
    public var plates: [PlateModelJSON]

    public init(plates: [PlateModelJSON]) { self.plates = plates }
}
