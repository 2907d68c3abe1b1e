/// Which assets a rule applies to: all listed criteria must match; an empty list matches any.
/// Tags not in the site config never match (they are tracked for location only).
public struct AssetFilter: Sendable, Equatable {
    /// Asset classes (`pump`, `ventilator`).
    public var classes: [String]
    /// Asset groups.
    public var groups: [String]
    /// Asset names.
    public var assets: [String]

    /// Creates a filter; no arguments means every asset.
    public init(classes: [String] = [], groups: [String] = [], assets: [String] = []) {
        self.classes = classes
        self.groups = groups
        self.assets = assets
    }

    /// `true` when `asset` passes every non-empty criterion.
    public func matches(_ asset: Asset) -> Bool {
        (self.classes.isEmpty || self.classes.contains(asset.assetClass.string))
            && (self.groups.isEmpty || self.groups.contains(asset.group.string))
            && (self.assets.isEmpty || self.assets.contains(asset.name.string))
    }
}
