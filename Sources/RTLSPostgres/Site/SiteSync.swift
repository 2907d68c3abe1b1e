/// Writes a facility's site model into the reference tables (migration 009): the facility and its
/// time zone, buildings, floors, zones (floor, kind, restriction, polygon) and gateways (zone).
///
/// Idempotent: every row is an `INSERT … ON CONFLICT … DO UPDATE … WHERE` something differs, so a
/// second run with the same record changes nothing (``Result/changed`` is 0). Zones and gateways the
/// record no longer holds keep their rows (readings point at them) with `in_site = false`. One
/// transaction under an advisory lock per facility name, so two daemons of one facility (or a
/// reload racing a restart) apply one record after the other; daemons of different facilities
/// touch different rows and never wait for each other.
///
/// Reference rows from before migration 009 belong to the facility named '': the first sync in a
/// database without a facility of its own name adopts them by renaming that facility.
public enum SiteSync {
    /// What one sync did.
    public struct Result: Sendable, Equatable {
        /// `facilities.id` of the record's facility.
        public var facilityID: Int32
        /// Rows inserted, updated or marked `in_site = false`, over all tables.
        public var changed: Int
        /// Whether this sync adopted the rows of the unnamed facility ('').
        public var adopted: Bool
    }

    /// Advisory lock class for site syncs (`pg_advisory_xact_lock(class, hashtext(facility))`).
    static let lockClass: Int32 = 0x7274_7369  // "rtsi"

    /// Writes `record` in one transaction.
    /// - Returns: the facility's id and how many rows changed.
    /// - Throws: ``DatabaseError`` (`queryFailed`, `transactionFailed`, `connectionLost`); nothing is
    ///   written then.
    /// - Important: call on the thread that owns `connection`, outside a transaction.
    public static func sync(_ record: SiteRecord, on connection: PGConnection) throws(DatabaseError) -> Result {
        do {
            try connection.begin()
            let result = try self.write(record, connection: connection)
            try connection.commit()
            return result
        } catch {
            if connection.isConnected && connection.isInTransaction { try? connection.rollback() }
            throw error
        }
    }

    /// The id of the facility named `name`, created (time zone UTC) when missing.
    public static func facilityID(named name: String, connection: PGConnection) throws(DatabaseError) -> Int32 {
        try connection.query(
            "INSERT INTO facilities (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", [name],
            operation: "adding facility")
        return try self.id(of: name, connection: connection)
    }

    private static func write(_ r: SiteRecord, connection c: PGConnection) throws(DatabaseError) -> Result {
        let op = "writing the site of facility \"\(r.facility)\""
        try c.query("SELECT pg_advisory_xact_lock($1::int, hashtext($2))", [String(self.lockClass), r.facility], operation: op)
        let adopted = try self.count(
            "UPDATE facilities SET name = $1 WHERE name = '' AND NOT EXISTS (SELECT 1 FROM facilities WHERE name = $1)",
            [r.facility], c, op)
        var changed = try self.count(
            """
            INSERT INTO facilities (name, timezone) VALUES ($1, $2) ON CONFLICT (name)
            DO UPDATE SET timezone = EXCLUDED.timezone WHERE facilities.timezone IS DISTINCT FROM EXCLUDED.timezone
            """, [r.facility, r.timeZone], c, op)
        let facility = try self.id(of: r.facility, connection: c)
        let f = String(facility)
        changed += try self.count(
            """
            INSERT INTO buildings (facility_id, name) SELECT $1, u.name FROM unnest($2::text[]) AS u(name)
            ORDER BY u.name ON CONFLICT (facility_id, name) DO NOTHING
            """, [f, Self.array(r.buildings)], c, op)
        changed += try self.count(
            """
            INSERT INTO floors (building_id, name, level)
            SELECT b.id, u.name, u.level FROM unnest($2::text[], $3::text[], $4::smallint[]) AS u(name, building, level)
            JOIN buildings b ON b.facility_id = $1 AND b.name = u.building ORDER BY b.id, u.name
            ON CONFLICT (building_id, name) DO UPDATE SET level = EXCLUDED.level
            WHERE floors.level IS DISTINCT FROM EXCLUDED.level
            """,
            [f, Self.array(r.floors.map(\.name)), Self.array(r.floors.map(\.building)),
             Self.array(r.floors.map { String(Int16(clamping: $0.level)) })], c, op)
        changed += try self.writeZones(r, facility: f, connection: c, operation: op)
        changed += try self.count(
            """
            INSERT INTO gateways (facility_id, gateway, zone_id, in_site)
            SELECT $1, u.id, z.id, true FROM unnest($2::text[], $3::text[]) AS u(id, zone)
            LEFT JOIN zones z ON z.facility_id = $1 AND z.name = u.zone ORDER BY u.id
            ON CONFLICT (facility_id, gateway) DO UPDATE SET zone_id = EXCLUDED.zone_id, in_site = true
            WHERE gateways.zone_id IS DISTINCT FROM EXCLUDED.zone_id OR NOT gateways.in_site
            """, [f, Self.array(r.gateways.map(\.id)), Self.array(r.gateways.map(\.zone))], c, op)
        changed += try self.count(
            "UPDATE gateways SET in_site = false WHERE facility_id = $1 AND in_site AND NOT (gateway = ANY ($2::text[]))",
            [f, Self.array(r.gateways.map(\.id))], c, op)
        return Result(facilityID: facility, changed: changed, adopted: adopted > 0)
    }

    private static func writeZones(
        _ r: SiteRecord, facility f: String, connection c: PGConnection, operation op: String
    ) throws(DatabaseError) -> Int {
        let buildingOf = Dictionary(r.floors.map { ($0.name, $0.building) }, uniquingKeysWith: { a, _ in a })
        let zones = r.zones
        var changed = try self.count(
            """
            INSERT INTO zones (facility_id, name, floor_id, kind, restricted, shape, polygon, in_site)
            SELECT $1, u.name, fl.id, u.kind, u.restricted, u.shape, u.polygon::jsonb, true
            FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::text[])
                 AS u(name, floor, building, kind, restricted, shape, polygon)
            LEFT JOIN buildings b ON b.facility_id = $1 AND b.name = u.building
            LEFT JOIN floors fl ON fl.building_id = b.id AND fl.name = u.floor
            ORDER BY u.name
            ON CONFLICT (facility_id, name) DO UPDATE SET floor_id = EXCLUDED.floor_id, kind = EXCLUDED.kind,
                restricted = EXCLUDED.restricted, shape = EXCLUDED.shape, polygon = EXCLUDED.polygon, in_site = true
            WHERE (zones.floor_id, zones.kind, zones.restricted, zones.shape, zones.polygon, zones.in_site)
                IS DISTINCT FROM (EXCLUDED.floor_id, EXCLUDED.kind, EXCLUDED.restricted, EXCLUDED.shape,
                                  EXCLUDED.polygon, true)
            """,
            [f, Self.array(zones.map(\.name)), Self.array(zones.map(\.floor)),
             Self.array(zones.map { $0.floor.flatMap { buildingOf[$0] } }), Self.array(zones.map(\.kind)),
             Self.array(zones.map { $0.restricted ? "true" : "false" }), Self.array(zones.map { $0.shape?.rawValue }),
             Self.array(zones.map(\.polygonJSON))], c, op)
        changed += try self.count(
            "UPDATE zones SET in_site = false WHERE facility_id = $1 AND in_site AND NOT (name = ANY ($2::text[]))",
            [f, Self.array(zones.map(\.name))], c, op)
        return changed
    }

    private static func id(of facility: String, connection: PGConnection) throws(DatabaseError) -> Int32 {
        let rows = try connection.query(
            "SELECT id FROM facilities WHERE name = $1", [facility], operation: "reading the facility id")
        guard let text = rows.first?.first ?? nil, let id = Int32(text) else {
            throw DatabaseError(
                .unexpectedResult, endpoint: connection.endpoint, operation: "reading the facility id",
                serverMessage: "no facilities row named \"\(facility)\" after adding it")
        }
        return id
    }

    /// Runs a data-modifying statement and returns how many rows it touched.
    private static func count(
        _ statement: String, _ params: [String?], _ connection: PGConnection, _ operation: String
    ) throws(DatabaseError) -> Int {
        let rows = try connection.query(
            "WITH touched AS (\(statement) RETURNING 1) SELECT count(*) FROM touched", params, operation: operation)
        return (rows.first?.first ?? nil).flatMap { Int($0) } ?? 0
    }

    private static func array(_ values: [String?]) -> String { PGArrayLiteral.make(values) }
    private static func array(_ values: [String]) -> String { PGArrayLiteral.make(values.lazy.map { Optional($0) }) }
}
