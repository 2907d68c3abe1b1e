/// A room, corridor, dock or geofence: the unit of location and of zone rules.
public struct Zone: Sendable, Equatable {
    /// The zone's name, unique in the site (`ICU-3`).
    public var name: ZoneName
    /// Index of its floor in ``SiteModel/floors``; `nil` for outdoor geofences.
    public var floor: Int32?
    /// Its geometry.
    public var shape: ZoneShape
}
