/// What ``ReadingBatchWriter/write(_:batchID:)`` did with one batch.
public struct BatchWriteResult: Sendable, Hashable {
    /// The batch id recorded in `ingest_batches`.
    public var batchID: Int64
    /// Rows copied into `location_readings`.
    public var locationRows: Int
    /// Rows copied into `sensor_readings`.
    public var sensorRows: Int
    /// Tag, gateway, zone and metric names this batch had to look up in (or add to) the database.
    public var resolvedReferences: Int
    /// `true` when the batch id was already in the ledger: nothing was written (a replay).
    public var alreadyCommitted: Bool

    /// Creates a result.
    public init(
        batchID: Int64, locationRows: Int = 0, sensorRows: Int = 0, resolvedReferences: Int = 0,
        alreadyCommitted: Bool = false
    ) {
        self.batchID = batchID
        self.locationRows = locationRows
        self.sensorRows = sensorRows
        self.resolvedReferences = resolvedReferences
        self.alreadyCommitted = alreadyCommitted
    }
}
