/// Facility wall-clock arithmetic for after-hours windows.
enum FacilityClock {
    /// Minutes after facility midnight for a UTC instant (daylight-saving time included).
    static func minuteOfDay(_ micros: Int64, timeZone: LocalTimeZone) -> Int {
        let utc = micros / 1_000_000
        let local = utc + Int64(timeZone.offset(atUTC: utc))
        let day: Int64 = 86_400
        return Int(((local % day) + day) % day / 60)
    }

    /// `true` when `minute` is inside `[from, to)`, wrapping midnight when `from > to`.
    static func isWithin(_ minute: Int, from: Int, to: Int) -> Bool {
        from < to ? (minute >= from && minute < to) : (minute >= from || minute < to)
    }
}
