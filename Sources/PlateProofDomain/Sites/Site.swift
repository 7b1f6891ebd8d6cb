public enum SiteKind: IdentifierKind { public static let name = "a site id" }

/// A campus, company or community the platform serves. Its accounts, claims, moderators,
/// rankings and credit rules are its own; an account id is unique within a site only.
public typealias SiteID = Identifier<SiteKind>

extension SiteID {
    /// Where everything made before sites existed lives, and what a request naming no site means.
    public static let `default` = SiteID(trusted: "default")
}

/// A site and the rules its claims settle by.
public struct Site: Sendable, Hashable {
    public var id: SiteID
    public var name: String
    /// The time zone its days and hours are counted in, as it was given (`Asia/Shanghai`,
    /// `+08:00`); nil for the platform's.
    public var timeZone: String?
    /// The UTC offset of `timeZone`, in seconds.
    public var utcOffsetSeconds: Int64?
    /// Its own activities, credits, caps and hours; nil for the platform's.
    public var activities: [Activity]?
    /// An inactive site takes no uploads; its history stays readable.
    public var active: Bool
    public var createdAt: Timestamp

    public init(
        id: SiteID,
        name: String,
        timeZone: String? = nil,
        utcOffsetSeconds: Int64? = nil,
        activities: [Activity]? = nil,
        active: Bool = true,
        createdAt: Timestamp
    ) {
        self.id = id
        self.name = name
        self.timeZone = timeZone
        self.utcOffsetSeconds = utcOffsetSeconds
        self.activities = activities
        self.active = active
        self.createdAt = createdAt
    }

    /// The catalogue the site's claims settle by: its own activities and time zone where it has
    /// them, the platform's otherwise.
    public func catalogue(platform: ActivityCatalogue) -> ActivityCatalogue {
        ActivityCatalogue(
            activities: activities ?? Array(platform.activities.values),
            utcOffsetSeconds: utcOffsetSeconds ?? platform.utcOffsetSeconds
        )
    }
}
