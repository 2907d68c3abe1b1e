/// A point in time as microseconds since the Unix epoch (UTC).
///
/// Microseconds are PostgreSQL's `timestamptz` resolution, so a reading's time survives the trip to
/// the database unchanged.
public struct Timestamp: Sendable, BitwiseCopyable, Hashable, Comparable {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microseconds: Int64

    /// Creates a timestamp from microseconds since the Unix epoch.
    @inlinable public init(microseconds: Int64) { self.microseconds = microseconds }

    /// Creates a timestamp from milliseconds since the Unix epoch.
    @inlinable public init(milliseconds: Int64) { self.microseconds = milliseconds &* 1000 }

    /// Creates a timestamp from (possibly fractional) seconds since the Unix epoch.
    @inlinable public init(seconds: Double) { self.microseconds = Int64((seconds * 1_000_000).rounded()) }

    @inlinable public static func < (lhs: Self, rhs: Self) -> Bool { lhs.microseconds < rhs.microseconds }

    /// This time moved by a number of microseconds.
    @inlinable public func advanced(byMicroseconds delta: Int64) -> Timestamp {
        Timestamp(microseconds: self.microseconds &+ delta)
    }

    /// Seconds since the Unix epoch.
    @inlinable public var seconds: Double { Double(self.microseconds) / 1_000_000 }
}
