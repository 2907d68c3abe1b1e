import Foundation
public import RTLSCore

/// Builds a ``LocalTimeZone`` from an IANA time zone name with Foundation, which reads the
/// system's tz database (`/usr/share/zoneinfo`, Debian package `tzdata`).
public enum FacilityTimeZone {
    /// The years whose transitions are tabulated; times outside use the nearest year's offset.
    static let years = 1970...2100

    /// The zone named `identifier` (`Europe/Berlin`, `America/New_York`, `UTC`), or `nil` when the
    /// system does not know it.
    public static func load(_ identifier: String) -> LocalTimeZone? {
        guard !identifier.isEmpty, let zone = TimeZone(identifier: identifier) else { return nil }
        let start = Self.instant(year: Self.years.lowerBound)
        let end = Self.instant(year: Self.years.upperBound + 1)
        var transitions: [(at: Int64, offset: Int32)] = []
        var date = start
        while let next = zone.nextDaylightSavingTimeTransition(after: date), next < end {
            let at = Int64(next.timeIntervalSince1970.rounded())
            let offset = Int32(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(at))))
            if transitions.last?.offset != offset { transitions.append((at, offset)) }
            date = next
        }
        let initial = Int32(zone.secondsFromGMT(for: start))
        return LocalTimeZone(identifier: identifier, initialOffset: initial, transitions: transitions)
    }

    private static func instant(year: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(Int64(year - 1970) * 31_556_952))
    }
}
