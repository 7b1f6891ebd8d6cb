import PlateProofDomain
import Testing

@Suite("Activity catalogue and credit rules")
struct ActivityCatalogueTests {
    /// 2026-11-24 00:00:00 UTC.
    let midnightUTC = Timestamp(secondsSince1970: 1_795_478_400)

    @Test("clean-plate pays 200, at most 3 times a day")
    func standard() {
        let catalogue = ActivityCatalogue.standard
        #expect(catalogue[.cleanPlate]?.credits == 200)
        for paid in 0..<3 {
            #expect(catalogue.creditDecision(activity: .cleanPlate, claimedAt: midnightUTC, alreadyPaidThatDay: paid) == .credit(200))
        }
        #expect(catalogue.creditDecision(activity: .cleanPlate, claimedAt: midnightUTC, alreadyPaidThatDay: 3) == .capReached(cap: 3))
        let unknown = ActivityID(rawValue: "subway")!
        #expect(catalogue.creditDecision(activity: unknown, claimedAt: midnightUTC, alreadyPaidThatDay: 0) == .unknownActivity)
    }

    @Test("days and hours are counted in the catalogue's time zone (UTC+8 by default)")
    func localTime() {
        let catalogue = ActivityCatalogue.standard
        let lateEvening = midnightUTC.adding(seconds: 16 * 3600 - 1)  // 23:59:59 in UTC+8
        #expect(catalogue.localHour(of: lateEvening) == 23)
        #expect(catalogue.localDay(of: lateEvening) == catalogue.localDay(of: midnightUTC))
        #expect(
            catalogue.localDay(of: lateEvening.adding(seconds: 1)).daysSince1970 == catalogue.localDay(of: midnightUTC).daysSince1970 + 1
        )
        let utc = ActivityCatalogue(activities: [], utcOffsetSeconds: 0)
        #expect(utc.localHour(of: midnightUTC) == 0)
        #expect(utc.localDay(of: Timestamp(secondsSince1970: -1)).daysSince1970 == -1)
    }

    @Test("wall-clock times convert to moments in a time zone")
    func wallClock() {
        let utc = Timestamp(year: 2026, month: 11, day: 24, hour: 0, minute: 0, second: 0, utcOffsetSeconds: 0)
        #expect(utc == midnightUTC)
        let china = Timestamp(year: 2026, month: 11, day: 24, hour: 8, minute: 0, second: 0, utcOffsetSeconds: 8 * 3600)
        #expect(china == midnightUTC)
        #expect(Timestamp(year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, utcOffsetSeconds: 0).secondsSince1970 == 0)
        #expect(Timestamp(year: 2000, month: 3, day: 1, hour: 0, minute: 0, second: 0, utcOffsetSeconds: 0).secondsSince1970 == 951_868_800)
    }

    @Test("ranking periods start at local midnight, on Mondays, on the first of the month")
    func periods() {
        let catalogue = ActivityCatalogue.standard  // UTC+8
        // 2026-11-24 09:00 local is a Tuesday.
        let tuesday = Timestamp(year: 2026, month: 11, day: 24, hour: 9, minute: 0, second: 0, utcOffsetSeconds: 8 * 3600)
        #expect(
            catalogue.start(of: .day, containing: tuesday)
                == Timestamp(year: 2026, month: 11, day: 24, hour: 0, minute: 0, second: 0, utcOffsetSeconds: 8 * 3600)
        )
        #expect(
            catalogue.start(of: .week, containing: tuesday)
                == Timestamp(year: 2026, month: 11, day: 23, hour: 0, minute: 0, second: 0, utcOffsetSeconds: 8 * 3600)
        )
        #expect(
            catalogue.start(of: .month, containing: tuesday)
                == Timestamp(year: 2026, month: 11, day: 1, hour: 0, minute: 0, second: 0, utcOffsetSeconds: 8 * 3600)
        )
        let newYear = Timestamp(year: 2027, month: 1, day: 1, hour: 0, minute: 30, second: 0, utcOffsetSeconds: 8 * 3600)
        #expect(
            catalogue.start(of: .month, containing: newYear)
                == Timestamp(year: 2027, month: 1, day: 1, hour: 0, minute: 0, second: 0, utcOffsetSeconds: 8 * 3600)
        )
    }

    @Test("allowed hours, including windows past midnight")
    func hours() {
        let lunch = Activity(id: .cleanPlate, credits: 200, dailyCap: nil, allowedHours: HourWindow(start: 11, end: 14))
        let catalogue = ActivityCatalogue(activities: [lunch], utcOffsetSeconds: 0)
        #expect(
            catalogue.creditDecision(activity: .cleanPlate, claimedAt: midnightUTC.adding(seconds: 12 * 3600), alreadyPaidThatDay: 9)
                == .credit(200)
        )
        #expect(
            catalogue.creditDecision(activity: .cleanPlate, claimedAt: midnightUTC.adding(seconds: 14 * 3600), alreadyPaidThatDay: 0)
                == .outsideHours(lunch.allowedHours!)
        )
        let night = HourWindow(start: 22, end: 2)
        #expect(night.contains(hour: 23) && night.contains(hour: 1) && !night.contains(hour: 2) && !night.contains(hour: 12))
    }
}
