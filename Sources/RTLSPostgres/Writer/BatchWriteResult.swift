/// What ``ReadingBatchWriter/write(_:events:batchID:)`` did with one batch.
public struct BatchWriteResult: Sendable, Hashable {
    /// The batch id recorded in `ingest_batches`.
    public var batchID: Int64
    /// Rows copied into `location_readings`.
    public var locationRows: Int
    /// Rows copied into `sensor_readings`.
    public var sensorRows: Int
    /// Rows copied into `alerts`.
    public var alertRows: Int
    /// Rows copied into `zone_events`.
    public var zoneEventRows: Int
    /// `asset_locations` rows inserted or moved on (a location older than the stored one changes nothing).
    public var assetLocationsUpdated: Int
    /// Distinct (tag, scheme, value) rows upserted into `tag_identifiers` (an RFID TID per tag read).
    public var identifierRows = 0
    /// Tag, gateway, zone and metric names this batch had to look up in (or add to) the database.
    public var resolvedReferences: Int
    /// Readings stored without a gateway or zone id because the writer's ``ReferencePolicy`` refused
    /// the name (no reference row was made).
    public var unknown = UnknownReferences()
    /// `true` when the batch id was already in the ledger: nothing was written (a replay).
    public var alreadyCommitted: Bool
    /// `true` when the id is in the ledger for a *different* batch (other row counts or log range):
    /// nothing was written; write the batch again under a fresh id.
    public var idInUse: Bool

    /// Creates a result.
    public init(
        batchID: Int64, locationRows: Int = 0, sensorRows: Int = 0, alertRows: Int = 0, zoneEventRows: Int = 0,
        assetLocationsUpdated: Int = 0, resolvedReferences: Int = 0, alreadyCommitted: Bool = false,
        idInUse: Bool = false
    ) {
        self.idInUse = idInUse
        self.batchID = batchID
        self.locationRows = locationRows
        self.sensorRows = sensorRows
        self.alertRows = alertRows
        self.zoneEventRows = zoneEventRows
        self.assetLocationsUpdated = assetLocationsUpdated
        self.resolvedReferences = resolvedReferences
        self.alreadyCommitted = alreadyCommitted
    }
}
