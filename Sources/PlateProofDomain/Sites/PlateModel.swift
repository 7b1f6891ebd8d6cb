/// One version of a plate model a site enrolled: what its clean plates look like, as the verifier
/// learnt it (`profile`, its own JSON, which the store keeps as it is given).
public struct PlateModel: Sendable, Equatable {
    public var site: SiteID
    /// The site's name for the model (letters, digits and . _ - ; 1-64 characters).
    public var name: String
    /// 1 for the first enrolment under a name, one more for each later one.
    public var version: Int
    /// `round` (plates and bowls).
    public var kind: String
    /// Photos it was learnt from.
    public var photos: Int
    public var profile: String
    public var createdAt: Timestamp

    public init(site: SiteID, name: String, version: Int, kind: String, photos: Int, profile: String, createdAt: Timestamp) {
        self.site = site
        self.name = name
        self.version = version
        self.kind = kind
        self.photos = photos
        self.profile = profile
        self.createdAt = createdAt
    }

    /// `name@version`: how a verdict names the model it used.
    public var reference: String { "\(name)@\(version)" }

    /// Whether `name` can name a model.
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}
