extension Timestamp {
    /// Parses RFC 3339 text; see ``TimestampParser``. Convenience for config and tests.
    ///
    /// - Parameters:
    ///   - text: `2026-11-23T12:00:00Z`, `2026-11-23T13:00:00.5+01:00`.
    ///   - defaultUTCOffsetSeconds: Offset to assume when the text has none; `nil` rejects such text.
    public init?(rfc3339 text: String, defaultUTCOffsetSeconds: Int32? = nil) {
        let bytes = Array(text.utf8)
        guard let t = TimestampParser.rfc3339(bytes.span, 0..<bytes.count, defaultUTCOffsetSeconds: defaultUTCOffsetSeconds)
        else { return nil }
        self = t
    }

    /// The time as RFC 3339 in UTC with microseconds, e.g. `2026-11-23T12:00:00.250000Z`.
    public var rfc3339: String {
        let seconds = self.microseconds >= 0 ? self.microseconds / 1_000_000 : (self.microseconds - 999_999) / 1_000_000
        let micros = Int(self.microseconds - seconds * 1_000_000)
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds) - days * 86_400
        let date = CivilCalendar.date(days: days)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))T"
            + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))."
            + "\(pad(micros, 6))Z"
    }
}
