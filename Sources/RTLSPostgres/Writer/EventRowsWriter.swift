import RTLSCore

/// Writes a batch's rule-engine output inside the batch's open transaction: COPY into `alerts`,
/// `zone_events` and `usage_logs`, and the `asset_locations` upsert through a staging table.
///
/// Owned by ``ReadingBatchWriter``, whose transaction, ledger row and ``ReferenceIDCache`` it shares:
/// ``addNames(of:to:cache:)`` runs before the one resolve pass of the batch, ``write(_:cache:connection:)``
/// after it. Of several locations of one tag only the newest (by `time`; the later one on a tie) is
/// staged, and the upsert keeps a stored row that is newer still, so an out-of-order batch cannot move
/// a tag back. The COPY buffers are reused between batches.
struct EventRowsWriter {
    /// Rows written by one ``write(_:cache:connection:)``.
    struct Counts {
        var alerts = 0
        var zoneEvents = 0
        var locations = 0
        var usage = 0
        var alertActions = 0
    }

    private var alertRows = BinaryCopyWriter(reservingCapacity: 1 << 12)
    private var zoneEventRows = BinaryCopyWriter(reservingCapacity: 1 << 12)
    private var locationRows = BinaryCopyWriter(reservingCapacity: 1 << 14)
    private var usageRows = BinaryCopyWriter(reservingCapacity: 1 << 10)
    private var actionRows = BinaryCopyWriter(reservingCapacity: 1 << 10)
    private var newest: [TagID: Int] = [:]

    /// Adds the tag, gateway and zone names of `events` that the cache lacks (an alert's gateway and
    /// zone subject to the policy of `names`, zone events' and locations' zones not).
    static func addNames(of events: EngineOutput, to names: inout ReferenceNames, cache: ReferenceIDCache) {
        for a in events.alerts {
            if !a.tag.isEmpty { names.add(tag: a.tag, cache: cache) }
            names.add(gateway: a.gateway, kind: nil, cache: cache)
            names.add(zone: a.zone, cache: cache)
        }
        for e in events.zoneEvents {
            names.add(tag: e.tag, cache: cache)
            names.add(siteZone: e.zone, cache: cache)
        }
        for l in events.locations {
            names.add(tag: l.tag, cache: cache)
            names.add(siteZone: l.zone, cache: cache)
        }
        for u in events.usage {
            names.add(tag: u.tag, cache: cache)
            names.add(siteZone: u.zone, cache: cache)
        }
        for a in events.alertActions {
            if !a.alert.tag.isEmpty { names.add(tag: a.alert.tag, cache: cache) }
            names.add(zone: a.alert.zone, cache: cache)
        }
    }

    /// Copies `events` into their tables; every name must already be in the cache.
    ///
    /// A zone event naming no zone (`zone_id` is NOT NULL) is skipped: the engine never makes one.
    mutating func write(
        _ events: EngineOutput, cache: ReferenceIDCache, connection: PGConnection
    ) throws(DatabaseError) -> Counts {
        var counts = Counts()
        if !events.alerts.isEmpty {
            try self.encodeAlerts(events.alerts, cache: cache, connection: connection)
            counts.alerts = try Self.copy(&self.alertRows, AlertRow.table, connection)
        }
        if !events.zoneEvents.isEmpty {
            try self.encodeZoneEvents(events.zoneEvents, cache: cache, connection: connection)
            counts.zoneEvents = try Self.copy(&self.zoneEventRows, ZoneEventRow.table, connection)
        }
        if !events.locations.isEmpty {
            counts.locations = try self.upsertLocations(events.locations, cache: cache, connection: connection)
        }
        if !events.usage.isEmpty {
            try self.encodeUsage(events.usage, cache: cache, connection: connection)
            counts.usage = try Self.copy(&self.usageRows, UsageRow.table, connection)
        }
        if !events.alertActions.isEmpty {
            try self.encodeActions(events.alertActions, cache: cache, connection: connection)
            counts.alertActions = try Self.copy(&self.actionRows, AlertActionRow.table, connection)
        }
        return counts
    }

    /// The statements that store `events` inside a batch script (``PGConnection/runScript(_:continuing:)``),
    /// the same rows ``write(_:cache:connection:)`` stores, and where their counts will be: `alerts`,
    /// `zoneEvents`, `locations`, `usage` and `alertActions` of the returned ``Counts`` are statement indexes relative to the
    /// first returned statement (-1 when absent). Every name must already be in the cache.
    mutating func statements(
        _ events: EngineOutput, cache: ReferenceIDCache, connection: PGConnection
    ) throws(DatabaseError) -> (statements: [ScriptStatement], at: Counts) {
        var statements: [ScriptStatement] = []
        var at = Counts(alerts: -1, zoneEvents: -1, locations: -1, usage: -1, alertActions: -1)
        if !events.alerts.isEmpty {
            try self.encodeAlerts(events.alerts, cache: cache, connection: connection)
            self.alertRows.finish()
            at.alerts = statements.count
            statements.append(ScriptStatement(AlertRow.table.copyStatement, copyData: self.alertRows.bytes))
        }
        if !events.zoneEvents.isEmpty {
            try self.encodeZoneEvents(events.zoneEvents, cache: cache, connection: connection)
            if !self.zoneEventRows.isEmpty {
                self.zoneEventRows.finish()
                at.zoneEvents = statements.count
                statements.append(ScriptStatement(ZoneEventRow.table.copyStatement, copyData: self.zoneEventRows.bytes))
            }
        }
        if !events.locations.isEmpty {
            try self.encodeLocations(events.locations, cache: cache, connection: connection)
            self.locationRows.finish()
            statements.append(ScriptStatement(AssetLocationRow.stagingTable))
            statements.append(ScriptStatement(AssetLocationRow.table.copyStatement, copyData: self.locationRows.bytes))
            at.locations = statements.count
            statements.append(ScriptStatement(AssetLocationRow.upsert))
        }
        if !events.usage.isEmpty {
            try self.encodeUsage(events.usage, cache: cache, connection: connection)
            self.usageRows.finish()
            at.usage = statements.count
            statements.append(ScriptStatement(UsageRow.table.copyStatement, copyData: self.usageRows.bytes))
        }
        if !events.alertActions.isEmpty {
            try self.encodeActions(events.alertActions, cache: cache, connection: connection)
            self.actionRows.finish()
            at.alertActions = statements.count
            statements.append(ScriptStatement(AlertActionRow.table.copyStatement, copyData: self.actionRows.bytes))
        }
        return (statements, at)
    }

    /// Writes what `events` holds that the tables lack (rule output a crashed run logged ahead, some
    /// of it committed before the crash): alerts by (`alert_id`, `state`, `time`, `rule`), zone events by (tag, zone,
    /// time, transition); locations through the usual upsert (the newest per tag wins). Staged in
    /// temporary tables dropped at COMMIT; every name must already be in the cache.
    mutating func writeMissing(
        _ events: EngineOutput, cache: ReferenceIDCache, connection: PGConnection
    ) throws(DatabaseError) -> Counts {
        var counts = Counts()
        if !events.alerts.isEmpty {
            try self.encodeAlerts(events.alerts, cache: cache, connection: connection)
            counts.alerts = try Self.insertMissing(
                &self.alertRows, into: AlertRow.table, matching: ["alert_id", "state", "time", "rule"], connection)
        }
        if !events.zoneEvents.isEmpty {
            try self.encodeZoneEvents(events.zoneEvents, cache: cache, connection: connection)
            counts.zoneEvents = try Self.insertMissing(
                &self.zoneEventRows, into: ZoneEventRow.table, matching: ["tag_id", "time", "zone_id", "event"],
                connection)
        }
        if !events.locations.isEmpty {
            counts.locations = try self.upsertLocations(events.locations, cache: cache, connection: connection)
        }
        if !events.usage.isEmpty {
            try self.encodeUsage(events.usage, cache: cache, connection: connection)
            counts.usage = try Self.insertMissing(
                &self.usageRows, into: UsageRow.table, matching: ["tag_id", "time", "rule"], connection)
        }
        if !events.alertActions.isEmpty {
            try self.encodeActions(events.alertActions, cache: cache, connection: connection)
            counts.alertActions = try Self.insertMissing(
                &self.actionRows, into: AlertActionRow.table, matching: ["alert_id", "action", "time"], connection)
        }
        return counts
    }

    private mutating func encodeUsage(
        _ sessions: [UsageSession], cache: ReferenceIDCache, connection: PGConnection
    ) throws(DatabaseError) {
        self.usageRows.reset()
        for u in sessions {
            guard let tagID = cache.tagID(u.tag) else { throw Self.missingID("tag", connection) }
            UsageRow(u, tagID: tagID, zoneID: u.zone.isEmpty ? nil : cache.zoneID(u.zone)).encode(into: &self.usageRows)
        }
    }

    private mutating func encodeActions(
        _ actions: [AlertAction], cache: ReferenceIDCache, connection: PGConnection
    ) throws(DatabaseError) {
        self.actionRows.reset()
        for a in actions {
            let tagID: Int32?
            if a.alert.tag.isEmpty {
                tagID = nil
            } else {
                guard let id = cache.tagID(a.alert.tag) else { throw Self.missingID("tag", connection) }
                tagID = id
            }
            let zoneID = a.alert.zone.isEmpty ? nil : cache.zoneID(a.alert.zone)
            AlertActionRow(a, tagID: tagID, zoneID: zoneID).encode(into: &self.actionRows)
        }
    }

    private mutating func encodeAlerts(
        _ alerts: [Alert], cache: ReferenceIDCache, connection: PGConnection
    ) throws(DatabaseError) {
        self.alertRows.reset()
        for a in alerts {
            let tagID: Int32?
            if a.tag.isEmpty {
                tagID = nil
            } else {
                guard let id = cache.tagID(a.tag) else { throw Self.missingID("tag", connection) }
                tagID = id
            }
            let gatewayID = a.gateway.isEmpty ? nil : cache.gatewayID(a.gateway)
            let zoneID = a.zone.isEmpty ? nil : cache.zoneID(a.zone)
            AlertRow(a, tagID: tagID, gatewayID: gatewayID, zoneID: zoneID).encode(into: &self.alertRows)
        }
    }

    private mutating func encodeZoneEvents(
        _ zoneEvents: [ZoneEvent], cache: ReferenceIDCache, connection: PGConnection
    ) throws(DatabaseError) {
        self.zoneEventRows.reset()
        for e in zoneEvents where !e.zone.isEmpty {
            guard let tagID = cache.tagID(e.tag) else { throw Self.missingID("tag", connection) }
            guard let zoneID = cache.zoneID(e.zone) else { throw Self.missingID("zone", connection) }
            ZoneEventRow(e, tagID: tagID, zoneID: zoneID).encode(into: &self.zoneEventRows)
        }
    }

    /// Stages the newest location per tag and upserts them; returns the `asset_locations` rows changed.
    private mutating func upsertLocations(
        _ locations: [AssetLocation], cache: ReferenceIDCache, connection: PGConnection
    ) throws(DatabaseError) -> Int {
        try self.encodeLocations(locations, cache: cache, connection: connection)
        try connection.execute(AssetLocationRow.stagingTable, operation: "creating asset_locations staging table")
        _ = try Self.copy(&self.locationRows, AssetLocationRow.table, connection)
        return try connection.query(
            AssetLocationRow.upsert + " RETURNING 1", operation: "upserting asset_locations"
        ).count
    }

    /// Encodes the newest location per tag into the staging rows.
    private mutating func encodeLocations(
        _ locations: [AssetLocation], cache: ReferenceIDCache, connection: PGConnection
    ) throws(DatabaseError) {
        self.newest.removeAll(keepingCapacity: true)
        for (i, l) in locations.enumerated() {
            if let j = self.newest[l.tag], locations[j].time > l.time { continue }
            self.newest[l.tag] = i
        }
        self.locationRows.reset()
        for (i, l) in locations.enumerated() where self.newest[l.tag] == i {
            guard let tagID = cache.tagID(l.tag) else { throw Self.missingID("tag", connection) }
            let zoneID = l.zone.isEmpty ? nil : cache.zoneID(l.zone)
            AssetLocationRow(l, tagID: tagID, zoneID: zoneID).encode(into: &self.locationRows)
        }
    }

    /// Copies `rows` into a temporary twin of `table` (dropped at COMMIT) and inserts those rows
    /// whose `keys` no row of `table` has yet; returns the rows inserted.
    private static func insertMissing(
        _ rows: inout BinaryCopyWriter, into table: CopyTable, matching keys: [String], _ connection: PGConnection
    ) throws(DatabaseError) -> Int {
        let staging = table.name + "_recovered"
        try connection.execute(
            "CREATE TEMP TABLE \(staging) (LIKE \(table.name)) ON COMMIT DROP", operation: "staging recovered \(table.name)")
        _ = try Self.copy(&rows, CopyTable(name: staging, columns: table.columns), connection)
        let match = keys.map { "t.\($0) = r.\($0)" }.joined(separator: " AND ")
        return try connection.query(
            "INSERT INTO \(table.name) SELECT r.* FROM \(staging) r "
                + "WHERE NOT EXISTS (SELECT 1 FROM \(table.name) t WHERE \(match)) RETURNING 1",
            operation: "writing recovered \(table.name)"
        ).count
    }

    /// Finishes `rows` and copies them into `table`; returns the row count.
    private static func copy(
        _ rows: inout BinaryCopyWriter, _ table: CopyTable, _ connection: PGConnection
    ) throws(DatabaseError) -> Int {
        guard !rows.isEmpty else { return 0 }
        rows.finish()
        try connection.copyIn(table.copyStatement, data: rows.bytes, operation: "COPY into \(table.name)")
        return rows.rowCount
    }

    private static func missingID(_ what: String, _ connection: PGConnection) -> DatabaseError {
        DatabaseError(
            .unexpectedResult, endpoint: connection.endpoint, operation: "encoding events",
            serverMessage: "a \(what) id was not resolved")
    }
}
