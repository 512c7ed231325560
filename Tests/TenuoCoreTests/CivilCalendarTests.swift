import Testing

@testable import TenuoCore

/// The one calendar the core uses (revocation-list timestamps and CEL timestamps both read it).
@Suite struct CivilCalendarTests {
    @Test func knownDates() {
        #expect(CivilCalendar.daysFromCivil(1970, 1, 1) == 0)
        #expect(CivilCalendar.daysFromCivil(2000, 3, 1) == 11_017)
        #expect(CivilCalendar.daysFromCivil(1969, 12, 31) == -1)
        #expect(CivilCalendar.daysFromCivil(0, 1, 1) == -719_528)
        #expect(CivilCalendar.civil(fromDays: 20_454) == (2026, 1, 1))
        #expect(CivilCalendar.civil(fromDays: -719_529) == (-1, 12, 31))
        #expect(CivilCalendar.daysInMonth(2000, 2) == 29 && CivilCalendar.daysInMonth(1900, 2) == 28)
    }

    /// Every day from year -1000 to 3000 maps to a date and back, with consecutive days giving
    /// consecutive dates (so the two directions cannot share a mistake).
    @Test func roundTripAndContinuity() {
        let first = CivilCalendar.daysFromCivil(-1000, 1, 1), last = CivilCalendar.daysFromCivil(3000, 12, 31)
        var (y, m, d) = CivilCalendar.civil(fromDays: first)
        #expect((y, m, d) == (-1000, 1, 1))
        var day = first
        while day < last {
            day += 1
            d += 1
            if d > CivilCalendar.daysInMonth(y, m) { d = 1; m += 1 }
            if m > 12 { m = 1; y += 1 }
            let got = CivilCalendar.civil(fromDays: day)
            if got != (y, m, d) || CivilCalendar.daysFromCivil(y, m, d) != day {
                Issue.record("day \(day): \(got) vs \((y, m, d))")
                return
            }
        }
        #expect((y, m, d) == (3000, 12, 31))
    }
}
