/// A building of the facility.
public struct Building: Sendable, Equatable {
    /// The building's name, unique in the site.
    public var name: SiteName
}
