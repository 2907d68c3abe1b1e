public import RTLSCore

/// Writes batches of readings to PostgreSQL with binary COPY, exactly once per batch id.
///
/// One call, one transaction. When every name of the batch is cached (the steady state), the steps
/// below go to the server as one script in one round trip (``writeInOneRoundTrip(_:events:entry:)``);
/// otherwise statement by statement:
/// 1. `INSERT INTO ingest_batches … ON CONFLICT DO NOTHING RETURNING` — if the id is already there
///    the batch was committed before (a spool replay): roll back, write nothing, report it.
///    Inserting the ledger row first also makes a concurrent duplicate wait for this one.
/// 2. Resolve tag/gateway/zone/metric names the cache does not know, of readings and events together
///    (one upsert per table, see ``ReferenceResolver``).
/// 3. COPY location readings (no metric) into `location_readings`, sensor readings into `sensor_readings`;
///    upsert identifier readings (an RFID TID) into `tag_identifiers` (``TagIdentifierUpsert``).
/// 4. COPY the rule engine's alerts and zone events, upsert `asset_locations` (``EventRowsWriter``).
/// 5. COMMIT; only then do the ids learned in this batch become permanent in the cache.
///
/// On any failure the transaction is rolled back (when the connection still allows) and the ids
/// cached during it are forgotten, so a retry starts clean. The COPY buffers are reused between
/// batches. Every row type follows the same pattern: a ``CopyRow`` and a ``BinaryCopyWriter`` per table.
///
/// - Important: Not `Sendable`: owned by the writer thread together with its ``PGConnection``.
public final class ReadingBatchWriter {
    /// The connection it writes through.
    public let connection: PGConnection
    /// Ids of reference names already known.
    public internal(set) var cache: ReferenceIDCache
    /// Which gateway and zone names of readings may get a reference row; setting it forgets cached
    /// ids it no longer allows. Applies from the next batch.
    public var policy = ReferencePolicy.any {
        didSet { if self.policy != oldValue { self.cache.apply(self.policy) } }
    }
    /// Readings committed without a gateway or zone id (``policy``) since ``takeUnknownReferences()``.
    var unknownSinceTaken = UnknownReferences()
    /// The batch being encoded's share of it.
    var unknownInBatch = UnknownReferences()
    var locationRows = BinaryCopyWriter(reservingCapacity: 1 << 20)
    var sensorRows = BinaryCopyWriter(reservingCapacity: 1 << 16)
    var eventRows = EventRowsWriter()
    /// The `tag_identifiers` upsert, with the rows this writer committed.
    var identifiers = TagIdentifierUpsert()
    /// The write-ahead log whose sequence numbers the readings carry, if any: each ledger row then
    /// records the range its batch covers (`wal_id`, `wal_first`, `wal_last`).
    public let writeAheadLogID: Int64?
    /// The rtlsd instance whose batches these are: ledger rows are keyed by (instance, batch id).
    public let instance: String
    /// The facility whose tags, gateways and zones the batches name (``useFacility(_:)``).
    public internal(set) var facilityID: Int32?

    /// Creates a writer on an open connection (migrated to the current schema).
    /// - Parameter tagCacheCapacity: tags whose ids are kept in memory (``ReferenceIDCache``).
    public init(
        connection: PGConnection, instance: String = "rtlsd", writeAheadLogID: Int64? = nil,
        tagCacheCapacity: Int = ReferenceIDCache.defaultTagCapacity
    ) {
        self.cache = ReferenceIDCache(tagCapacity: tagCacheCapacity)
        self.connection = connection
        self.instance = instance
        self.writeAheadLogID = writeAheadLogID
    }

    /// Writes one batch in one transaction, or nothing if `batchID` was committed before.
    ///
    /// - Parameters:
    ///   - readings: the batch; may mix location and sensor readings, may be empty (ledger row only).
    ///   - events: what the rule engine made of these readings (and of sweeps since the last batch):
    ///     alerts and zone events are copied into `alerts` and `zone_events`, locations upsert
    ///     `asset_locations` (newest per tag wins, see ``EventRowsWriter``). Empty by default.
    ///   - batchID: a unique, stable id (the spool keeps it, so a replay reuses it).
    /// - Returns: rows written per table, or `alreadyCommitted`.
    /// - Throws: ``DatabaseError`` (`copyFailed`, `queryFailed`, `transactionFailed`, `connectionLost` …);
    ///   nothing of the batch is stored then, and ``DatabaseError/isTransient`` says whether to retry.
    @discardableResult
    public func write(
        _ readings: [Reading], events: EngineOutput = EngineOutput(), batchID: Int64
    ) throws(DatabaseError) -> BatchWriteResult {
        try self.write(readings, events: events, entry: self.ledgerEntry(for: readings, events: events, batchID: batchID))
    }

    /// ``write(_:events:batchID:)`` under a given ledger row (a split batch records its own row
    /// with the events once its readings are stored piecewise).
    func write(_ readings: [Reading], events: EngineOutput, entry: LedgerEntry) throws(DatabaseError) -> BatchWriteResult {
        let batchID = entry.batchID
        let sensorCount = readings.count { $0.isSensor }
        let locationCount = readings.count { $0.isLocation }
        var names = ReferenceNames(policy: self.policy)
        for r in readings { names.add(r, cache: self.cache) }
        EventRowsWriter.addNames(of: events, to: &names, cache: self.cache)
        if names.count == 0, let result = try self.writeInOneRoundTrip(readings, events: events, entry: entry) {
            return result
        }
        do {
            let facility = try self.facilityForWrite()
            try self.connection.begin()
            switch try self.record(entry, operation: "recording batch") {
            case .recorded: break
            case .alreadyCommitted:
                try self.connection.rollback()
                return BatchWriteResult(batchID: batchID, alreadyCommitted: true)
            case .idInUse:
                try self.connection.rollback()
                return BatchWriteResult(batchID: batchID, idInUse: true)
            }
            let resolved = try ReferenceResolver.resolve(
                names, facility: facility, cache: &self.cache, connection: self.connection)
            try self.encode(readings)
            if locationCount > 0 {
                try self.connection.copyIn(
                    LocationReadingRow.table.copyStatement, data: self.locationRows.bytes,
                    operation: "COPY into location_readings")
            }
            if sensorCount > 0 {
                try self.connection.copyIn(
                    SensorReadingRow.table.copyStatement, data: self.sensorRows.bytes,
                    operation: "COPY into sensor_readings")
            }
            var identifierCount = 0
            if let upsert = try self.identifierUpsert(readings) {
                try self.connection.query(upsert.sql, [], operation: "upserting tag_identifiers")
                identifierCount = upsert.rows
            }
            let eventCounts = try self.eventRows.write(events, cache: self.cache, connection: self.connection)
            try self.connection.commit()
            self.cache.commitPending()
            self.identifiers.commitPending()
            self.unknownSinceTaken.merge(self.unknownInBatch)
            var result = BatchWriteResult(
                batchID: batchID, locationRows: locationCount, sensorRows: sensorCount,
                alertRows: eventCounts.alerts, zoneEventRows: eventCounts.zoneEvents,
                assetLocationsUpdated: eventCounts.locations, resolvedReferences: resolved)
            result.unknown = self.unknownInBatch
            result.identifierRows = identifierCount
            return result
        } catch {
            self.cache.discardPending()
            self.identifiers.discardPending()
            if self.connection.isConnected && self.connection.isInTransaction { try? self.connection.rollback() }
            throw error
        }
    }

    /// Readings committed without a gateway or zone id because ``policy`` refused their names, since
    /// the last call (batches written piecewise by ``writeIsolatingRejects(_:events:batchID:error:)``
    /// included); resets the tally.
    public func takeUnknownReferences() -> UnknownReferences {
        defer { self.unknownSinceTaken = UnknownReferences() }
        return self.unknownSinceTaken
    }

    /// `true` when this instance's `batchID` is in the ledger, i.e. its rows are stored.
    public func isCommitted(batchID: Int64) throws(DatabaseError) -> Bool {
        try !self.connection.query(
            "SELECT 1 FROM ingest_batches WHERE instance = $1 AND batch_id = $2", [self.instance, String(batchID)],
            operation: "checking ledger"
        ).isEmpty
    }

    /// Moves a batch the database keeps refusing into `dead_letter` and marks it done in the ledger.
    ///
    /// For a batch whose ``write(_:events:batchID:)`` failed with a non-transient error (a constraint, bad
    /// data): one transaction inserts each reading and event as text (`row_text`, with the target table
    /// and the error's SQLSTATE and message) and the ledger row, so a spool replay skips it and a person
    /// can look at the rows later. Does nothing when the batch id is already in the ledger.
    ///
    /// - Parameters:
    ///   - readings: the refused batch.
    ///   - events: the rule-engine output that went with it (empty by default).
    ///   - batchID: its id.
    ///   - error: why it was refused (stored without the endpoint).
    /// - Returns: rows stored in `dead_letter` (0 when the batch was already committed).
    /// - Throws: ``DatabaseError`` when even this fails (then keep the batch in the spool).
    @discardableResult
    public func deadLetter(
        _ readings: [Reading], events: EngineOutput = EngineOutput(), batchID: Int64, error: DatabaseError
    ) throws(DatabaseError) -> Int {
        let reason = [error.code.description, error.sqlState.map { "SQLSTATE \($0)" }, error.serverMessage]
            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        do throws(DatabaseError) {
            try self.connection.begin()
            var entry = self.ledgerEntry(for: readings, batchID: batchID)
            (entry.locationRows, entry.sensorRows) = (0, 0)
            switch try self.record(entry, operation: "recording dead-lettered batch") {
            case .recorded: break
            case .alreadyCommitted:
                try self.connection.rollback()
                return 0
            case .idInUse:
                try self.connection.rollback()
                throw Self.idInUse(batchID, on: self.connection)
            }
            let eventRows = events.deadLetterRows
            let targets = readings.map {
                Optional(
                    $0.isIdentifier
                        ? TagIdentifierUpsert.table
                        : $0.isSensor ? SensorReadingRow.table.name : LocationReadingRow.table.name)
            } + eventRows.map { Optional($0.target) }
            let texts = readings.map { Optional($0.deadLetterText) } + eventRows.map { Optional($0.text) }
            try self.connection.query(
                """
                INSERT INTO dead_letter (instance, batch_id, target, error, row_text)
                SELECT $5, $1, u.target, $2, u.row_text FROM unnest($3::text[], $4::text[]) AS u(target, row_text)
                """,
                [
                    String(batchID), reason, PGArrayLiteral.make(targets), PGArrayLiteral.make(texts), self.instance,
                ],
                operation: "writing dead_letter")
            try self.connection.commit()
            return texts.count
        } catch {
            if self.connection.isConnected && self.connection.isInTransaction { try? self.connection.rollback() }
            throw error
        }
    }

    /// The write-ahead ranges of log `logID` that committed batches cover, ending at or after `from`.
    public func committedWriteAheadRanges(logID: Int64, from: UInt64) throws(DatabaseError) -> [ClosedRange<UInt64>] {
        let rows = try self.connection.query(
            """
            SELECT wal_first, wal_last FROM ingest_batches
            WHERE wal_id = $1 AND wal_last >= $2 ORDER BY wal_first
            """, [String(logID), String(from)], operation: "reading write-ahead ranges from the ledger")
        return rows.compactMap { row in
            guard row.count == 2, let first = row[0].flatMap({ UInt64($0) }), let last = row[1].flatMap({ UInt64($0) }),
                first <= last
            else { return nil }
            return first...last
        }
    }

    /// The highest last number of log `logID`'s committed ranges that end below `below`, `nil` for
    /// none (an index scan on `ingest_batches_wal_idx`).
    public func highestWriteAheadNumber(logID: Int64, below: UInt64) throws(DatabaseError) -> UInt64? {
        let rows = try self.connection.query(
            """
            SELECT max(wal_last) FROM ingest_batches WHERE wal_id = $1 AND wal_last < $2
            """, [String(logID), String(below)], operation: "reading the ledger's write-ahead ranges before the log")
        return rows.first?.first.flatMap { $0.flatMap { UInt64($0) } }
    }

    /// `wal_id, wal_first, wal_last` for a ledger row: the log range `readings` cover (first and
    /// last number: a batch's readings are contiguous in the log), or NULLs.
    func ledgerRange(of readings: [Reading]) -> [String?] {
        guard let id = self.writeAheadLogID, let first = readings.first?.sequence, let last = readings.last?.sequence,
            first > 0, last >= first
        else { return [nil, nil, nil] }
        return [String(id), String(first), String(last)]
    }

    /// Fills the two COPY buffers from `readings`; every name the policy allows must already be in
    /// the cache. A gateway or zone that is not was refused by the policy: NULL id, counted.
    func encode(_ readings: [Reading]) throws(DatabaseError) {
        self.unknownInBatch = UnknownReferences()
        try self.encodeSensors(readings)
        try self.encodeLocations(readings, streaming: false) { _ in }
    }

    /// The sensor readings of `readings` into `sensorRows` (finished).
    func encodeSensors(_ readings: [Reading]) throws(DatabaseError) {
        self.sensorRows.reset()
        for r in readings where r.isSensor {
            guard let tagID = self.cache.usingTagID(r.tag) else { throw self.missingID("tag") }
            let gatewayID = r.gateway.isEmpty ? nil : self.cache.gatewayID(r.gateway)
            if gatewayID == nil, !r.gateway.isEmpty { self.unknownInBatch.count(gateway: r.gateway) }
            guard let metricID = self.cache.metricID(r.metric) else { throw self.missingID("metric") }
            SensorReadingRow(r, tagID: tagID, gatewayID: gatewayID, metricID: metricID).encode(into: &self.sensorRows)
        }
        self.sensorRows.finish()
    }

    /// The location readings of `readings` into `locationRows` (finished). When `streaming`, every
    /// ``streamPiece`` bytes are handed to `send` and dropped from the buffer, the rest at the end:
    /// the server stores the first rows while the later ones are encoded.
    func encodeLocations(
        _ readings: [Reading], streaming: Bool, send: ([UInt8]) -> Void
    ) throws(DatabaseError) {
        self.locationRows.reset()
        for r in readings where r.isLocation {
            guard let tagID = self.cache.usingTagID(r.tag) else { throw self.missingID("tag") }
            let gatewayID = r.gateway.isEmpty ? nil : self.cache.gatewayID(r.gateway)
            if gatewayID == nil, !r.gateway.isEmpty { self.unknownInBatch.count(gateway: r.gateway) }
            let zoneID = r.zone.isEmpty ? nil : self.cache.zoneID(r.zone)
            if zoneID == nil, !r.zone.isEmpty { self.unknownInBatch.count(zone: r.zone) }
            LocationReadingRow(r, tagID: tagID, gatewayID: gatewayID, zoneID: zoneID).encode(into: &self.locationRows)
            if streaming, self.locationRows.bytes.count >= Self.streamPiece {
                send(self.locationRows.bytes)
                self.locationRows.removeSentBytes()
            }
        }
        self.locationRows.finish()
        if streaming {
            send(self.locationRows.bytes)
            self.locationRows.removeSentBytes()
        }
    }

    /// The `tag_identifiers` upsert of `readings`' identifier readings, `nil` when they have none.
    func identifierUpsert(_ readings: [Reading]) throws(DatabaseError) -> (sql: String, rows: Int)? {
        try self.identifiers.statement(readings, connection: self.connection) { self.cache.usingTagID($0) }
    }

    /// Bytes of COPY data encoded before they are sent when streaming (~300 location rows).
    static let streamPiece = 32 * 1024

    private func missingID(_ what: String) -> DatabaseError {
        DatabaseError(
            .unexpectedResult, endpoint: self.connection.endpoint, operation: "encoding batch",
            serverMessage: "a \(what) id was not resolved")
    }
}

@available(*, unavailable, message: "ReadingBatchWriter belongs to the writer thread")
extension ReadingBatchWriter: Sendable {}
