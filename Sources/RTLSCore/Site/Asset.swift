/// A tracked asset: one tag, a class and group for rule filters, and a home floor.
public struct Asset: Sendable, Equatable {
    /// The asset's name (`ICU-VENT-07`), used in alerts.
    public var name: SiteName
    /// The tag it carries.
    public var tag: TagID
    /// Its class (`ventilator`, `pump`, `fridge`); may be empty.
    public var assetClass: SiteName
    /// Its group (`icu-equipment`); may be empty.
    public var group: SiteName
    /// Index of its home floor for after-hours rules.
    public var homeFloor: Int32?
}
