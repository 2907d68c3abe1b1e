public import RTLSCore

/// `timestamptz` (and `timestamp`): 8 bytes, microseconds since 2000-01-01 00:00:00 UTC, big-endian.
///
/// ``Timestamp`` counts microseconds since 1970, so the field is `microseconds - 946_684_800_000_000`
/// (the 30 years between the Unix and PostgreSQL epochs). Binary timestamptz is always UTC: the
/// session's `TimeZone` does not change what is stored.
extension Timestamp: CopyField {
    /// Microseconds from 1970-01-01 to 2000-01-01 (10 957 days).
    public static let postgresEpochOffsetMicroseconds: Int64 = 946_684_800_000_000

    /// Microseconds since PostgreSQL's epoch, 2000-01-01 00:00:00 UTC.
    public var postgresMicroseconds: Int64 {
        self.microseconds &- Timestamp.postgresEpochOffsetMicroseconds
    }

    public func appendCopyField(to buffer: inout [UInt8]) {
        buffer.appendBigEndian(Int32(8))
        buffer.appendBigEndian(self.postgresMicroseconds)
    }
}
