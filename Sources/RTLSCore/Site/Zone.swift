/// Where a zone is drawn.
public enum ZoneShape: Sendable, Equatable {
    /// No geometry: the zone is reached only through gateways, antennas and named readings.
    case none
    /// A polygon in floor metres (UWB and other x/y readings).
    case floor(Polygon)
    /// A polygon in degrees, `x` = longitude, `y` = latitude (GPS readings).
    case geo(Polygon)
}

/// A room, corridor, dock or geofence: the unit of location and of zone rules.
public struct Zone: Sendable, Equatable {
    /// The zone's name, unique in the site (`ICU-3`).
    public var name: ZoneName
    /// Index of its floor in ``SiteModel/floors``; `nil` for outdoor geofences.
    public var floor: Int32?
    /// Its geometry.
    public var shape: ZoneShape
}
