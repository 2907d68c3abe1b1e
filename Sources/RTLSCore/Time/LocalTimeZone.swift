/// A facility's clock: the offset from UTC at every instant, daylight-saving time included.
///
/// A table of the instants where the offset changes, made once from the system's time zone data
/// (the daemon builds it from an IANA name with Foundation, see `FacilityTimeZone`) or a fixed
/// offset. RTLSCore reads it without Foundation and without allocating: the rules engine's
/// after-hours windows and the decoders of formats that send local time without an offset
/// (Tasmota, Zigbee2MQTT) use it.
public struct LocalTimeZone: Sendable, Hashable, CustomStringConvertible {
    /// `Europe/Berlin`, or `+01:00` for a fixed offset.
    public let identifier: String
    /// UTC seconds where the offset changes, ascending.
    private let transitions: [Int64]
    /// `offsets[0]` before `transitions[0]`, `offsets[i + 1]` from `transitions[i]` on (seconds east of UTC).
    private let offsets: [Int32]

    /// UTC.
    public static let utc = LocalTimeZone.fixed(seconds: 0)

    /// A zone without daylight-saving time, `seconds` east of UTC.
    public static func fixed(seconds: Int32) -> LocalTimeZone {
        LocalTimeZone(identifier: Self.offsetText(seconds), initialOffset: seconds, transitions: [])
    }

    /// A zone from its transitions.
    /// - Parameters:
    ///   - identifier: the name it is known by (logs, `facilities.timezone`).
    ///   - initialOffset: seconds east of UTC before the first transition.
    ///   - transitions: UTC seconds and the offset from then on, ascending.
    public init(identifier: String, initialOffset: Int32, transitions: [(at: Int64, offset: Int32)]) {
        self.identifier = identifier
        self.transitions = transitions.map(\.at)
        self.offsets = [initialOffset] + transitions.map(\.offset)
    }

    /// Whether the offset never changes.
    public var isFixed: Bool { self.transitions.isEmpty }

    public var description: String { self.identifier }

    /// Seconds east of UTC at the UTC instant `seconds` since 1970.
    public func offset(atUTC seconds: Int64) -> Int32 {
        var lo = 0
        var hi = self.transitions.count
        while lo < hi {  // first transition after `seconds`
            let mid = (lo + hi) / 2
            if self.transitions[mid] <= seconds { lo = mid + 1 } else { hi = mid }
        }
        return self.offsets[lo]
    }

    /// The UTC instant of a local wall-clock time (`local` = seconds since 1970 as if the wall clock
    /// were UTC).
    ///
    /// A wall-clock time that occurs twice (the hour repeated when daylight-saving time ends) is
    /// read as the occurrence nearer `reference` (the receive time: a device's clock is near it).
    /// One that does not occur (the hour skipped when it begins) is read with the offset before
    /// the change, so 02:30 on a spring-forward night at +01:00 becomes 01:30 UTC (03:30 summer
    /// time), the way a clock that has not stepped yet meant it.
    public func utc(fromLocal local: Int64, near reference: Int64) -> Int64 {
        if self.transitions.isEmpty { return local - Int64(self.offsets[0]) }
        let before = self.offset(atUTC: local - 86_400)
        let after = self.offset(atUTC: local + 86_400)
        let a = local - Int64(before)
        let b = local - Int64(after)
        let aValid = self.offset(atUTC: a) == before
        let bValid = self.offset(atUTC: b) == after
        switch (aValid, bValid) {
        case (true, true): return abs(a - reference) <= abs(b - reference) ? a : b
        case (true, false): return a
        case (false, true): return b
        case (false, false): return a
        }
    }

    /// `+01:00`, `-05:30`, `+00:00`.
    static func offsetText(_ seconds: Int32) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let m = abs(Int(seconds)) / 60
        let h = m / 60
        return "\(sign)\(h < 10 ? "0" : "")\(h):\(m % 60 < 10 ? "0" : "")\(m % 60)"
    }

    public static func == (a: LocalTimeZone, b: LocalTimeZone) -> Bool {
        a.identifier == b.identifier && a.transitions == b.transitions && a.offsets == b.offsets
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.identifier)
        hasher.combine(self.transitions.count)
    }
}
