public import RTLSCore

/// Which gateway and zone names *from readings* may get a reference row (`[ingest]
/// allow_unknown_gateways`, `allow_unknown_zones`).
///
/// A reading naming a gateway outside ``gateways`` is stored with `gateway_id` NULL and counted in
/// ``UnknownReferences``; no `gateways` row is made for it. Zones alike (`location_readings.zone_id`
/// NULL). The same holds for the gateway and zone of an alert (both columns are nullable). Zone
/// events and current locations name the zones of the site model the rule engine was built from,
/// so they are always stored (`zone_events.zone_id` is NOT NULL). Names already in the database
/// get no special treatment: outside the allow-list they are unknown like any other.
public struct ReferencePolicy: Sendable, Equatable {
    /// Gateways readings may name; `nil`: any gateway gets a row (the default).
    public var gateways: Set<GatewayID>?
    /// Zones readings may name; `nil`: any zone gets a row (the default).
    public var zones: Set<ZoneName>?

    /// Any gateway and zone gets a row.
    public static let any = ReferencePolicy()

    /// A policy; `nil` for a set means "any".
    public init(gateways: Set<GatewayID>? = nil, zones: Set<ZoneName>? = nil) {
        self.gateways = gateways
        self.zones = zones
    }

    /// Whether readings naming `gateway` may create or use its row.
    @inline(__always)
    public func allows(gateway: GatewayID) -> Bool { self.gateways?.contains(gateway) ?? true }

    /// Whether readings naming `zone` may create or use its row.
    @inline(__always)
    public func allows(zone: ZoneName) -> Bool { self.zones?.contains(zone) ?? true }
}
