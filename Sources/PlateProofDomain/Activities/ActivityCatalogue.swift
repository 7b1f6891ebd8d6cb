/// A low-carbon activity and what claiming it pays.
public struct Activity: Hashable, Sendable, Codable {
    public var id: ActivityID
    /// Credits paid for one approved claim.
    public var credits: Credits
    /// Approved claims paid per account per local day; nil for no cap.
    public var dailyCap: Int?
    /// Local hours in which a claim counts; nil for any hour.
    public var allowedHours: HourWindow?

    public init(id: ActivityID, credits: Credits, dailyCap: Int? = nil, allowedHours: HourWindow? = nil) {
        self.id = id
        self.credits = credits
        self.dailyCap = dailyCap
        self.allowedHours = allowedHours
    }
}

/// What an approved claim earns, by the catalogue's rules.
public enum CreditDecision: Hashable, Sendable {
    case credit(Credits)
    /// The account already has `cap` paid claims of this activity that day.
    case capReached(cap: Int)
    /// The claim was made outside the activity's hours.
    case outsideHours(HourWindow)
    case unknownActivity
}

/// The activities that pay credits, and the time zone their days and hours are counted in.
/// Configuration, not code: amounts, caps and hours come from here.
public struct ActivityCatalogue: Hashable, Sendable {
    public var activities: [ActivityID: Activity]
    /// Offset of the local time zone from UTC, in seconds (China Standard Time is +8 hours).
    public var utcOffsetSeconds: Int64

    public init(activities: [Activity], utcOffsetSeconds: Int64 = 8 * 3600) {
        self.activities = Dictionary(activities.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// `clean-plate`: 200 credits, at most 3 paid claims per account per day, any hour.
    public static let standard = ActivityCatalogue(activities: [Activity(id: .cleanPlate, credits: 200, dailyCap: 3)])

    public subscript(id: ActivityID) -> Activity? { activities[id] }

    public func localDay(of time: Timestamp) -> LocalDay {
        let local = time.secondsSince1970 + utcOffsetSeconds
        return LocalDay(daysSince1970: local >= 0 ? local / 86400 : (local - 86399) / 86400)
    }

    /// The first moment of `time`'s local day, and the first of the next.
    public func localDayBounds(of time: Timestamp) -> (start: Timestamp, end: Timestamp) {
        let start = localDay(of: time).daysSince1970 * 86400 - utcOffsetSeconds
        return (Timestamp(secondsSince1970: start), Timestamp(secondsSince1970: start + 86400))
    }

    public func localHour(of time: Timestamp) -> Int {
        let seconds = (time.secondsSince1970 + utcOffsetSeconds) % 86400
        return Int((seconds + 86400) % 86400 / 3600)
    }

    /// What an approved claim of `activity` made at `time` earns, given how many claims of that
    /// activity were already paid to the account on that local day.
    public func creditDecision(activity id: ActivityID, claimedAt time: Timestamp, alreadyPaidThatDay: Int) -> CreditDecision {
        guard let activity = activities[id] else { return .unknownActivity }
        if let hours = activity.allowedHours, !hours.contains(hour: localHour(of: time)) { return .outsideHours(hours) }
        if let cap = activity.dailyCap, alreadyPaidThatDay >= cap { return .capReached(cap: cap) }
        return .credit(activity.credits)
    }
}
