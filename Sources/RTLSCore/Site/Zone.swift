/// A room, corridor, dock or geofence: the unit of location and of zone rules.
public struct Zone: Sendable, Equatable {
    /// The zone's name, unique in the site (`ICU-3`).
    public var name: ZoneName
    /// Index of its floor in ``SiteModel/floors``; `nil` for outdoor geofences.
    public var floor: Int32?
    /// Its geometry.
    public var shape: ZoneShape
    /// What it is (`room`, `corridor`, `ward`, `dock`, `geofence` …), as site.toml says; `nil` if unsaid.
    public var kind: String?
    /// Marked restricted in site.toml (`zones.restricted`; the `restricted_zone` rule is what alerts).
    public var restricted: Bool = false
}
