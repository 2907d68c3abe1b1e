import RTLSCore

extension ReadingBatchWriter {
    /// ``write(_:events:entry:)`` for a batch whose names are all cached, in one round trip: `BEGIN`,
    /// the ledger insert, each COPY (readings, alerts, zone events, the `asset_locations` staging
    /// rows), the `tag_identifiers` and `asset_locations` upserts and `COMMIT` go as one script (``PGConnection/runScript(_:continuing:)``); the
/// location rows are encoded while they are sent, so the server stores the first while the client
/// encodes the rest.
    ///
    /// Exactly once as before: the ledger row is inserted first in the same transaction; when it
    /// conflicts, the script is stopped before any COPY data is sent, the transaction rolled back, and
    /// the existing row decides (replay or id in use) as in ``record(_:operation:)``.
    ///
    /// - Returns: the result, or `nil` when the ledger conflict turned out to be gone on a second look
    ///   (the caller then writes the batch the step-by-step way).
    func writeInOneRoundTrip(
        _ readings: [Reading], events: EngineOutput, entry: LedgerEntry
    ) throws(DatabaseError) -> BatchWriteResult? {
        do {
            self.unknownInBatch = UnknownReferences()
            try self.encodeSensors(readings)
            var statements = [ScriptStatement("BEGIN"), ScriptStatement(try self.ledgerInsert(entry))]
            let ledgerIndex = 1
            if entry.locationRows > 0 {
                // Encoded while it is sent (the largest part of the batch).
                statements.append(
                    ScriptStatement(LocationReadingRow.table.copyStatement) { send throws(DatabaseError) in
                        try self.encodeLocations(readings, streaming: true, send: send)
                    })
            }
            if entry.sensorRows > 0 {
                statements.append(ScriptStatement(SensorReadingRow.table.copyStatement, copyData: self.sensorRows.bytes))
            }
            let identifiers = try self.identifierUpsert(readings)
            if let identifiers { statements.append(ScriptStatement(identifiers.sql)) }
            let first = statements.count
            let (eventStatements, at) = try self.eventRows.statements(
                events, cache: self.cache, connection: self.connection)
            statements += eventStatements
            statements.append(ScriptStatement("COMMIT"))
            let outcome = try self.connection.runScript(statements) { index, rows in
                index != ledgerIndex || rows == 1
            }
            if outcome.stopped {
                self.identifiers.discardPending()
                try self.connection.rollback()
                return try self.classifyConflict(entry)
            }
            self.identifiers.commitPending()
            func count(_ index: Int) -> Int { index < 0 ? 0 : outcome.rows[first + index] }
            self.unknownSinceTaken.merge(self.unknownInBatch)
            var result = BatchWriteResult(
                batchID: entry.batchID, locationRows: entry.locationRows, sensorRows: entry.sensorRows,
                alertRows: count(at.alerts), zoneEventRows: count(at.zoneEvents),
                assetLocationsUpdated: count(at.locations), resolvedReferences: 0)
            result.unknown = self.unknownInBatch
            result.identifierRows = identifiers?.rows ?? 0
            return result
        } catch {
            self.identifiers.discardPending()
            if self.connection.isConnected && self.connection.isInTransaction { try? self.connection.rollback() }
            throw error
        }
    }

    /// After the script found the batch id in the ledger: replay, or an id in use; `nil` when the
    /// row is no longer there (pruned meanwhile).
    private func classifyConflict(_ entry: LedgerEntry) throws(DatabaseError) -> BatchWriteResult? {
        try self.connection.begin()
        let record = try self.record(entry, operation: "recording batch")
        try self.connection.rollback()
        switch record {
        case .recorded: return nil
        case .alreadyCommitted: return BatchWriteResult(batchID: entry.batchID, alreadyCommitted: true)
        case .idInUse: return BatchWriteResult(batchID: entry.batchID, idInUse: true)
        }
    }

    /// The ledger insert of ``record(_:operation:)`` with its values inline (a script has no
    /// parameters): numbers as digits, the instance name quoted by libpq.
    private func ledgerInsert(_ entry: LedgerEntry) throws(DatabaseError) -> String {
        let values =
            [try self.connection.literal(self.instance), String(entry.batchID), String(entry.locationRows),
            String(entry.sensorRows)] + (entry.range + [entry.fingerprint]).map { $0 ?? "NULL" }
        return """
            INSERT INTO ingest_batches
                (instance, batch_id, location_rows, sensor_rows, wal_id, wal_first, wal_last, fingerprint)
            VALUES (\(values.joined(separator: ", "))) ON CONFLICT (instance, batch_id) DO NOTHING RETURNING batch_id
            """
    }
}
