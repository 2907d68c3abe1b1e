public import RTLSCore

/// One `ingest_batches` row: what a batch id stands for.
struct LedgerEntry: Equatable {
    var batchID: Int64
    var locationRows: Int
    var sensorRows: Int
    /// `wal_id, wal_first, wal_last`, or NULLs.
    var range: [String?]
    /// ``fingerprint(of:)`` of the readings, NULL for a batch without readings.
    var fingerprint: String?

    /// FNV-1a 64 over each reading's time, receive time, kind and log number, and each alert's id,
    /// state and time and zone event's time, transition and zone: stable across restarts (unlike
    /// `hashValue`), the same for a replay of the same batch; NULL for a batch of nothing.
    static func fingerprint(of readings: [Reading], events: EngineOutput = EngineOutput()) -> String? {
        guard !readings.isEmpty || !events.alerts.isEmpty || !events.zoneEvents.isEmpty || !events.usage.isEmpty
            || !events.alertActions.isEmpty
        else { return nil }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ word: UInt64) {
            var v = word
            for _ in 0..<8 {
                hash = (hash ^ (v & 0xFF)) &* 0x0000_0100_0000_01B3
                v >>= 8
            }
        }
        for r in readings {
            mix(UInt64(bitPattern: r.time.microseconds))
            mix(UInt64(bitPattern: r.receivedAt.microseconds))
            mix(UInt64(r.kind.rawValue))
            mix(r.sequence)
        }
        for a in events.alerts {
            mix(a.alertID)
            mix(UInt64(a.state.rawValue))
            mix(UInt64(bitPattern: a.time.microseconds))
        }
        for e in events.zoneEvents {
            mix(UInt64(bitPattern: e.time.microseconds))
            mix(UInt64(e.transition.rawValue))
            mix(UInt64(UInt32(bitPattern: e.zoneIndex)))
        }
        for u in events.usage {
            mix(UInt64(bitPattern: u.start.microseconds))
            mix(UInt64(bitPattern: u.end.microseconds))
        }
        for a in events.alertActions {
            mix(a.alert.alertID)
            mix(UInt64(a.kind.rawValue))
            mix(UInt64(bitPattern: a.time.microseconds))
        }
        return String(Int64(bitPattern: hash))
    }
}

/// What recording a ledger row found.
enum LedgerRecord: Equatable {
    /// The row is new (inside the caller's transaction).
    case recorded
    /// The same batch (same row counts and log range) was committed before: a replay.
    case alreadyCommitted
    /// Another batch holds the id (a reused counter, a restored directory): nothing may be skipped.
    case idInUse
}

extension ReadingBatchWriter {
    /// The ledger row of a batch of `readings` and `events` (the counts a normal write records).
    func ledgerEntry(for readings: [Reading], events: EngineOutput = EngineOutput(), batchID: Int64) -> LedgerEntry {
        return LedgerEntry(
            batchID: batchID, locationRows: readings.count { $0.isLocation }, sensorRows: readings.count { $0.isSensor },
            range: self.ledgerRange(of: readings), fingerprint: LedgerEntry.fingerprint(of: readings, events: events))
    }

    /// The error for a (sub-)batch id the ledger holds for different rows: the caller retries
    /// rather than count the rows as stored.
    static func idInUse(_ batchID: Int64, on connection: PGConnection) -> DatabaseError {
        DatabaseError(
            .unexpectedResult, endpoint: connection.endpoint, operation: "recording batch \(batchID)",
            serverMessage: "the ledger holds this id for different rows")
    }

    /// Inserts the ledger row inside the open transaction. On a conflict, the existing row decides:
    /// the same batch is a replay (skip it), a different one means the id is in use — never a reason
    /// to discard readings silently.
    func record(_ entry: LedgerEntry, operation: String) throws(DatabaseError) -> LedgerRecord {
        let inserted = try self.connection.query(
            """
            INSERT INTO ingest_batches
                (instance, batch_id, location_rows, sensor_rows, wal_id, wal_first, wal_last, fingerprint)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (instance, batch_id) DO NOTHING RETURNING batch_id
            """,
            [self.instance, String(entry.batchID), String(entry.locationRows), String(entry.sensorRows)] + entry.range
                + [entry.fingerprint],
            operation: operation)
        if !inserted.isEmpty { return .recorded }
        let existing = try self.connection.query(
            """
            SELECT location_rows, sensor_rows, wal_id, wal_first, wal_last, fingerprint FROM ingest_batches
            WHERE instance = $1 AND batch_id = $2
            """, [self.instance, String(entry.batchID)], operation: operation)
        guard let row = existing.first, row.count == 6 else { return .idInUse }
        // The fingerprint and log range identify the readings (counts record what was stored: 0 for
        // a dead-lettered batch). Rows from before migration 007 have no fingerprint: counts decide.
        let sameReadings =
            row[5] == nil
            ? row[0] == String(entry.locationRows) && row[1] == String(entry.sensorRows) : row[5] == entry.fingerprint
        return sameReadings && Array(row[2...4]) == entry.range ? .alreadyCommitted : .idInUse
    }

    /// The highest batch id this instance has in the ledger (0 when none): new ids must be above it.
    /// Sub-batch ids (negative) and event-batch ids (bit 62) are not counted.
    public func highestBatchID() throws(DatabaseError) -> Int64 {
        let rows = try self.connection.query(
            """
            SELECT coalesce(max(batch_id), 0) FROM ingest_batches
            WHERE instance = $1 AND batch_id > 0 AND batch_id < 4611686018427387904
            """, [self.instance], operation: "reading the ledger's highest batch id")
        return rows.first?.first.flatMap { $0.flatMap { Int64($0) } } ?? 0
    }

    /// Takes this instance's identity for the session: a PostgreSQL advisory lock on its name, so a
    /// second live rtlsd configured with the same `[database] instance` is refused instead of
    /// sharing its ledger. Then adopts ledger rows written before migration 007 (instance ''),
    /// which were this database's single writer's.
    /// - Returns: `false` when another live session holds the identity.
    public func claimInstance() throws(DatabaseError) -> Bool {
        let locked = try self.connection.query(
            "SELECT pg_try_advisory_lock(hashtextextended('rtlsd instance ' || $1, 0))", [self.instance],
            operation: "claiming the instance identity")
        guard locked.first?.first == "t" else { return false }
        try self.connection.query(
            "UPDATE ingest_batches SET instance = $1 WHERE instance = ''", [self.instance],
            operation: "adopting ledger rows from before migration 007")
        return true
    }

    /// Writes rule output a crashed run logged ahead, where the database lacks it (see
    /// ``EventRowsWriter/writeMissing(_:cache:connection:)``), in one transaction; safe to repeat.
    /// - Returns: alerts, zone events written now, and locations upserted.
    public func writeMissingEvents(_ events: EngineOutput) throws(DatabaseError) -> (
        alerts: Int, zoneEvents: Int, locations: Int
    ) {
        do {
            let facility = try self.facilityForWrite()
            try self.connection.begin()
            var names = ReferenceNames(policy: self.policy)
            EventRowsWriter.addNames(of: events, to: &names, cache: self.cache)
            _ = try ReferenceResolver.resolve(
                names, facility: facility, cache: &self.cache, connection: self.connection)
            let counts = try self.eventRows.writeMissing(events, cache: self.cache, connection: self.connection)
            try self.connection.commit()
            self.cache.commitPending()
            return (counts.alerts, counts.zoneEvents, counts.locations)
        } catch {
            self.cache.discardPending()
            if self.connection.isConnected && self.connection.isInTransaction { try? self.connection.rollback() }
            throw error
        }
    }
}
