extension CalendarDate {
    /// The same day `months` later (or earlier), or the month's last day when it is shorter:
    /// 2026-08-31 plus six months is 2027-02-28.
    public func adding(months: Int) -> CalendarDate {
        let index = year * 12 + (month - 1) + months
        let newYear = index >= 0 ? index / 12 : (index - 11) / 12
        let newMonth = index - newYear * 12 + 1
        let clampedYear = min(9999, max(1, newYear))
        let newDay = min(day, CalendarDate.daysIn(month: newMonth, year: clampedYear))
        // The parts are in range by construction, so the checking initialiser cannot fail here;
        // the fallback keeps the function total without a force-try.
        return (try? CalendarDate(year: clampedYear, month: newMonth, day: newDay)) ?? self
    }

    /// The same day `years` later (29 February becomes 28 February in a common year).
    public func adding(years: Int) -> CalendarDate { adding(months: years * 12) }
}
