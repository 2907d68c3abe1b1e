/// Where a zone is drawn.
public enum ZoneShape: Sendable, Equatable {
    /// No geometry: the zone is reached only through gateways, antennas and named readings.
    case none
    /// A polygon in floor metres (UWB and other x/y readings).
    case floor(Polygon)
    /// A polygon in degrees, `x` = longitude, `y` = latitude (GPS readings).
    case geo(Polygon)
}
