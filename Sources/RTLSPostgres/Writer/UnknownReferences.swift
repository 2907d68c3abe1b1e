public import RTLSCore

/// Readings stored without a gateway or zone id because ``ReferencePolicy`` refused their name,
/// and which names those were.
public struct UnknownReferences: Sendable, Hashable {
    /// At most this many distinct names of each kind are kept (the counts go on).
    public static let maxNames = 16

    /// Readings stored with `gateway_id` NULL for a gateway outside the allow-list.
    public var gatewayReadings = 0
    /// Location readings stored with `zone_id` NULL for a zone outside the allow-list.
    public var zoneReadings = 0
    /// The distinct gateways, in first-seen order (at most ``maxNames``).
    public private(set) var gateways: [GatewayID] = []
    /// The distinct zones, in first-seen order (at most ``maxNames``).
    public private(set) var zones: [ZoneName] = []

    /// Nothing unknown.
    public init() {}

    /// `true` when no reading was affected.
    public var isEmpty: Bool { self.gatewayReadings == 0 && self.zoneReadings == 0 }

    /// Counts one reading of an unknown gateway.
    mutating func count(gateway: GatewayID) {
        self.gatewayReadings += 1
        if self.gateways.count < Self.maxNames, !self.gateways.contains(gateway) { self.gateways.append(gateway) }
    }

    /// Counts one location reading of an unknown zone.
    mutating func count(zone: ZoneName) {
        self.zoneReadings += 1
        if self.zones.count < Self.maxNames, !self.zones.contains(zone) { self.zones.append(zone) }
    }

    /// Adds `other`'s counts and names.
    mutating func merge(_ other: UnknownReferences) {
        self.gatewayReadings += other.gatewayReadings
        self.zoneReadings += other.zoneReadings
        for g in other.gateways where self.gateways.count < Self.maxNames && !self.gateways.contains(g) {
            self.gateways.append(g)
        }
        for z in other.zones where self.zones.count < Self.maxNames && !self.zones.contains(z) { self.zones.append(z) }
    }
}
