/// What one model of plate looks like clean, learnt from a few photos of it: its outline and, in
/// the plate's own coordinates, the clean colour of every part of it (rim band, well, printed
/// decoration) with how much that colour varied between the photos.
///
/// A profile belongs to a site and is versioned by the store; the verifier only reads it.
public struct PlateProfile: Sendable, Codable, Equatable {
    /// How the outline is modelled: an ellipse for plates and bowls.
    public enum Kind: String, Sendable, Codable {
        case round
    }

    /// The site's name for the model, e.g. `blue-rim`.
    public var name: String
    /// Set by the store: 1 for the first enrolment under a name, one more for each later one.
    public var version: Int
    public var kind: Kind
    /// Photos it was learnt from.
    public var photos: Int
    /// Minor over major semi-axis of the outline, mean over the photos (1 seen from above).
    public var aspect: Double
    /// Major semi-axis over the analysis image's long side, the smallest and largest seen.
    public var sizeRange: ClosedRange<Double>
    /// The clean plate, unwrapped around its centre.
    public var template: DishTemplate

    public init(name: String, version: Int, kind: Kind, photos: Int, aspect: Double, sizeRange: ClosedRange<Double>, template: DishTemplate)
    {
        self.name = name
        self.version = version
        self.kind = kind
        self.photos = photos
        self.aspect = aspect
        self.sizeRange = sizeRange
        self.template = template
    }

    /// `name@version`: what a verdict records as the profile it used.
    public var reference: String { "\(name)@\(version)" }
}

/// A dish in its own coordinates: the outline mapped to a unit disc (which undoes the tilt it is
/// seen at), cut into rings of equal area and sectors around the centre. Each cell holds a colour
/// made comparable across photos: lightness relative to the rim's, opponent colours divided by
/// that relative lightness (which undoes shading).
public struct DishTemplate: Sendable, Codable, Equatable {
    public static let rings = 16
    public static let sectors = 64

    /// Per cell, ring by ring: relative lightness, and the two opponent axes so divided;
    /// NaN where nothing was seen.
    public var lightness: [Float]
    public var redGreen: [Float]
    public var yellowBlue: [Float]
    /// Per cell: how far the photos it was learnt from spread around it (relative lightness, and
    /// opponent distance); zero for a single view.
    public var lightnessSpread: [Float]
    public var colourSpread: [Float]

    public init(lightness: [Float], redGreen: [Float], yellowBlue: [Float], lightnessSpread: [Float], colourSpread: [Float]) {
        self.lightness = lightness
        self.redGreen = redGreen
        self.yellowBlue = yellowBlue
        self.lightnessSpread = lightnessSpread
        self.colourSpread = colourSpread
    }

    static var cellCount: Int { rings * sectors }

    // JSON has no NaN: a cell nothing was seen in is null.
    private enum CodingKeys: String, CodingKey {
        case lightness, redGreen = "red_green", yellowBlue = "yellow_blue"
        case lightnessSpread = "lightness_spread", colourSpread = "colour_spread"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func cells(_ key: CodingKeys) throws -> [Float] {
            let values = try container.decode([Float?].self, forKey: key).map { $0 ?? .nan }
            guard values.count == Self.cellCount else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "expected \(Self.cellCount) cells")
            }
            return values
        }
        self.init(
            lightness: try cells(.lightness),
            redGreen: try cells(.redGreen),
            yellowBlue: try cells(.yellowBlue),
            lightnessSpread: try cells(.lightnessSpread),
            colourSpread: try cells(.colourSpread)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        func cells(_ values: [Float], _ key: CodingKeys) throws {
            try container.encode(values.map { $0.isNaN ? nil : $0 }, forKey: key)
        }
        try cells(lightness, .lightness)
        try cells(redGreen, .redGreen)
        try cells(yellowBlue, .yellowBlue)
        try cells(lightnessSpread, .lightnessSpread)
        try cells(colourSpread, .colourSpread)
    }

    static func cell(ring: Int, sector: Int) -> Int { ring * sectors + sector }
}
