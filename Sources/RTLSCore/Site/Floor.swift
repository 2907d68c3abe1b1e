/// A floor of a building; floor polygons and UWB x/y are in this floor's metres.
public struct Floor: Sendable, Equatable {
    /// The floor's name, unique in the site (`L3`, `Main-2`).
    public var name: SiteName
    /// Index of its building in ``SiteModel/buildings``.
    public var building: Int32
    /// Storey number (0 ground), informational.
    public var level: Int
}
