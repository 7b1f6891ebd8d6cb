/// A moment, as whole seconds since 1970-01-01 UTC: what the domain rules need, without Foundation.
public struct Timestamp: Hashable, Comparable, Sendable, Codable {
    public var secondsSince1970: Int64

    public init(secondsSince1970: Int64) { self.secondsSince1970 = secondsSince1970 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }

    public func adding(seconds: Int64) -> Timestamp { Timestamp(secondsSince1970: secondsSince1970 + seconds) }

    /// The moment a wall-clock date and time names in a time zone `utcOffsetSeconds` east of UTC
    /// (EXIF capture times carry no zone; the catalogue's is assumed).
    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, utcOffsetSeconds: Int64) {
        // Days from 1970-01-01 to the civil date (proleptic Gregorian), after Howard Hinnant.
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month), d = Int64(day)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        secondsSince1970 = days * 86400 + Int64(hour * 3600 + minute * 60 + second) - utcOffsetSeconds
    }
}

/// A calendar day in the catalogue's time zone: the unit of daily caps.
public struct LocalDay: Hashable, Comparable, Sendable, Codable {
    public var daysSince1970: Int64

    public init(daysSince1970: Int64) { self.daysSince1970 = daysSince1970 }

    public static func < (lhs: LocalDay, rhs: LocalDay) -> Bool { lhs.daysSince1970 < rhs.daysSince1970 }
}

/// Local hours in which an activity may be claimed, `start` inclusive to `end` exclusive; a window
/// may run past midnight (22 to 2).
public struct HourWindow: Hashable, Sendable, Codable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        precondition((0...23).contains(start) && (0...24).contains(end), "hours run from 0 to 24")
        self.start = start
        self.end = end
    }

    public func contains(hour: Int) -> Bool {
        start <= end ? (start..<end).contains(hour) : hour >= start || hour < end
    }
}
