/// The stretch of time a leaderboard ranks.
public enum RankingPeriod: String, Sendable, CaseIterable, Codable {
    case day
    case week
    case month
}

extension ActivityCatalogue {
    /// When the period containing `time` began, in the catalogue's time zone (weeks start on Monday).
    public func start(of period: RankingPeriod, containing time: Timestamp) -> Timestamp {
        let day = localDay(of: time).daysSince1970
        let startDay: Int64
        switch period {
        case .day:
            startDay = day
        case .week:
            // 1970-01-01 was a Thursday: Monday-based weekday = (days + 3) mod 7.
            startDay = day - ((day % 7 + 7 + 3) % 7)
        case .month:
            let (year, month, _) = Self.civil(fromDays: day)
            startDay =
                Timestamp(year: year, month: month, day: 1, hour: 0, minute: 0, second: 0, utcOffsetSeconds: 0)
                .secondsSince1970 / 86400
        }
        return Timestamp(secondsSince1970: startDay * 86400 - utcOffsetSeconds)
    }

    /// The civil date of a day number (days since 1970-01-01), after Howard Hinnant.
    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0)), Int(month), Int(day))
    }
}
