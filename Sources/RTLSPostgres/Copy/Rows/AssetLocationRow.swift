public import RTLSCore

/// A tag's current location with its resolved ids, as a row of the batch's staging table for the
/// `asset_locations` upsert.
///
/// The staging table (a temporary table dropped at COMMIT) carries the floor by
/// name: floors are not created on the write path, so the upsert looks the id up in `floors` and
/// stores NULL when no floor or more than one floor has that name. `x`/`y`/`z`/`lat`/`lon` are not
/// part of an ``AssetLocation`` and are left alone.
public struct AssetLocationRow: CopyRow, Sendable {
    /// Column order of the staging table.
    public static let table = CopyTable(
        name: "asset_locations_batch", columns: ["tag_id", "zone_id", "floor", "method", "since", "last_seen"])

    /// `CREATE TEMP TABLE` for ``table``: made once per session (a no-op afterwards), emptied when
    /// each transaction ends. Creating and dropping it per batch cost ~1.3 ms of catalog writes.
    static let stagingTable = """
        CREATE TEMP TABLE IF NOT EXISTS asset_locations_batch (
            tag_id int NOT NULL, zone_id int, floor text, method smallint, since timestamptz, last_seen timestamptz
        ) ON COMMIT DELETE ROWS
        """

    /// Moves the staged rows into `asset_locations`; a row older than the stored one changes nothing.
    /// The floor lookup runs only for a row that names a floor. Rows go in `tag_id` order, so two
    /// batches upserting the same tags on two connections (`[writer] connections = 2`) lock them in
    /// the same order: the later waits for the earlier's COMMIT instead of deadlocking with it.
    static let upsert = """
        INSERT INTO asset_locations AS a (tag_id, zone_id, floor_id, method, since, last_seen)
        SELECT s.tag_id, s.zone_id,
               CASE WHEN s.floor IS NOT NULL
                    THEN (SELECT min(f.id) FROM floors f WHERE f.name = s.floor HAVING count(*) = 1) END,
               s.method, s.since, s.last_seen
        FROM asset_locations_batch s
        ORDER BY s.tag_id
        ON CONFLICT (tag_id) DO UPDATE
        SET zone_id = EXCLUDED.zone_id, floor_id = EXCLUDED.floor_id, method = EXCLUDED.method,
            since = EXCLUDED.since, last_seen = EXCLUDED.last_seen
        WHERE a.last_seen IS NULL OR EXCLUDED.last_seen >= a.last_seen
        """

    /// The location.
    public var location: AssetLocation
    /// `tags.id` of `location.tag`.
    public var tagID: Int32
    /// `zones.id` of `location.zone`, `nil` when outside every zone.
    public var zoneID: Int32?

    /// Pairs a location with its ids.
    public init(_ location: AssetLocation, tagID: Int32, zoneID: Int32?) {
        self.location = location
        self.tagID = tagID
        self.zoneID = zoneID
    }

    public func encode(into writer: inout BinaryCopyWriter) {
        let l = self.location
        writer.beginRow(fieldCount: Self.table.fieldCount)
        writer.append(self.tagID)
        writer.append(self.zoneID)
        if l.floor.isEmpty { writer.appendNull() } else { writer.append(AlertRow.text(l.floor.string)) }
        writer.append(l.method.map { Int16($0.rawValue) })
        writer.append(l.since)
        writer.append(l.time)
    }
}
