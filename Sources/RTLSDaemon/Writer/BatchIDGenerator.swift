public import RTLSCore

/// Batch ids for the `ingest_batches` ledger: microseconds since the epoch at batch creation,
/// forced strictly increasing, so ids stay unique across restarts of one daemon.
public struct BatchIDGenerator: Sendable {
    private var last: Int64 = 0

    /// Creates a generator.
    public init() {}

    /// The next id, at or after `now`.
    public mutating func next(now: Timestamp) -> Int64 {
        self.last = max(self.last + 1, now.microseconds)
        return self.last
    }
}
