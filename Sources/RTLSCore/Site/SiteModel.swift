/// The facility: buildings, floors, zones, gateways and assets, named in config and held here
/// under dense integer indices.
///
/// Build it once (from config) with the `add…` methods, which check every reference; the
/// ``RuleEngine`` then reads it without further validation.
public struct SiteModel: Sendable {
    /// The facility's name.
    public var facility: String
    /// The facility's clock (after-hours rules, local times without an offset), daylight-saving
    /// time included.
    public var timeZone: LocalTimeZone
    /// Buildings, by index.
    public private(set) var buildings: [Building] = []
    /// Floors, by index.
    public private(set) var floors: [Floor] = []
    /// Zones, by index.
    public private(set) var zones: [Zone] = []
    /// Gateways, by index.
    public private(set) var gateways: [Gateway] = []
    /// Assets, by index.
    public private(set) var assets: [Asset] = []

    private var buildingByName: [SiteName: Int32] = [:]
    private var floorByName: [SiteName: Int32] = [:]
    private var zoneByName: [HashedName<32>: Int32] = [:]
    private var gatewayByID: [HashedName<32>: Int32] = [:]
    private var assetByTag: [HashedName<64>: Int32] = [:]
    private var assetByName: [SiteName: Int32] = [:]

    /// Creates an empty site.
    public init(facility: String, timeZone: LocalTimeZone = .utc) {
        self.facility = facility
        self.timeZone = timeZone
    }

    /// Creates an empty site whose clock is a fixed offset east of UTC.
    public init(facility: String, utcOffsetSeconds: Int) {
        self.init(facility: facility, timeZone: .fixed(seconds: Int32(clamping: utcOffsetSeconds)))
    }

    /// Index of the zone named `name`.
    public func zoneIndex(_ name: ZoneName) -> Int32? { self.zoneByName[HashedName(name)] }
    /// Index of the floor named `name`.
    public func floorIndex(_ name: SiteName) -> Int32? { self.floorByName[name] }
    /// Index of the gateway with id `id`.
    public func gatewayIndex(_ id: GatewayID) -> Int32? { self.gatewayByID[HashedName(id)] }
    /// Index of the asset carrying `tag`.
    public func assetIndex(tag: TagID) -> Int32? { self.assetByTag[HashedName(tag)] }

    /// Adds a building.
    /// - Throws: `duplicateName`, `nameTooLong`.
    @discardableResult
    public mutating func addBuilding(name: String) throws(SiteError) -> Int32 {
        let n: SiteName = try Self.inline(name, key: "name")
        guard self.buildingByName[n] == nil else { throw Self.duplicate("building", name) }
        let index = Int32(self.buildings.count)
        self.buildings.append(Building(name: n))
        self.buildingByName[n] = index
        return index
    }

    /// Adds a floor of an existing building.
    /// - Throws: `duplicateName`, `unknownReference`, `nameTooLong`.
    @discardableResult
    public mutating func addFloor(name: String, building: String, level: Int = 0) throws(SiteError) -> Int32 {
        let n: SiteName = try Self.inline(name, key: "name")
        guard self.floorByName[n] == nil else { throw Self.duplicate("floor", name) }
        guard let b = self.buildingByName[try Self.inline(building, key: "building")] else {
            throw Self.unknown("building", building, key: "building")
        }
        let index = Int32(self.floors.count)
        self.floors.append(Floor(name: n, building: b, level: level))
        self.floorByName[n] = index
        return index
    }

    /// Adds a zone on a floor (or outdoors when `floor` is `nil`).
    /// - Throws: `duplicateName`, `unknownReference`, `nameTooLong`, `invalidGeometry` (a floor
    ///   polygon needs a floor).
    @discardableResult
    public mutating func addZone(
        name: String, floor: String?, shape: ZoneShape, kind: String? = nil, restricted: Bool = false
    ) throws(SiteError) -> Int32 {
        let n: ZoneName = try Self.inline(name, key: "name")
        guard self.zoneByName[HashedName(n)] == nil else { throw Self.duplicate("zone", name) }
        let f = try floor.map { (f) throws(SiteError) in try self.requireFloor(f, key: "floor") }
        if case .floor = shape, f == nil {
            throw SiteError(.invalidGeometry, key: "polygon", detail: "a floor polygon needs `floor`")
        }
        let index = Int32(self.zones.count)
        self.zones.append(Zone(name: n, floor: f, shape: shape, kind: kind, restricted: restricted))
        self.zoneByName[HashedName(n)] = index
        return index
    }

    /// Adds a gateway; `antennas` maps RFID antenna ports to zone names.
    /// - Throws: `duplicateName`, `unknownReference`, `nameTooLong`.
    @discardableResult
    public mutating func addGateway(
        id: String, zone: String?, floor: String? = nil, position: Point? = nil, antennas: [Int16: String] = [:]
    ) throws(SiteError) -> Int32 {
        let gid: GatewayID = try Self.inline(id, key: "id")
        guard self.gatewayByID[HashedName(gid)] == nil else { throw Self.duplicate("gateway", id) }
        let z = try zone.map { (z) throws(SiteError) in try self.requireZone(z, key: "zone") }
        var f = try floor.map { (f) throws(SiteError) in try self.requireFloor(f, key: "floor") }
        if f == nil, let z { f = self.zones[Int(z)].floor }
        var ports: [Int16: Int32] = [:]
        for (port, zoneName) in antennas {
            ports[port] = try self.requireZone(zoneName, key: "antennas.\(port)")
        }
        let index = Int32(self.gateways.count)
        self.gateways.append(Gateway(id: gid, zone: z, floor: f, position: position, antennas: ports))
        self.gatewayByID[HashedName(gid)] = index
        return index
    }

    /// Adds an asset carrying `tag`.
    /// - Throws: `duplicateName` (name or tag), `unknownReference`, `nameTooLong`.
    @discardableResult
    public mutating func addAsset(
        name: String, tag: String, assetClass: String = "", group: String = "", homeFloor: String? = nil
    ) throws(SiteError) -> Int32 {
        let n: SiteName = try Self.inline(name, key: "name")
        let t: TagID = try Self.inline(tag, key: "tag")
        guard self.assetByName[n] == nil else { throw Self.duplicate("asset", name) }
        guard self.assetByTag[HashedName(t)] == nil else {
            throw SiteError(.duplicateName, key: "tag", detail: "tag \"\(tag)\" is already carried by another asset")
        }
        let home = try homeFloor.map { (f) throws(SiteError) in try self.requireFloor(f, key: "home_floor") }
        let asset = Asset(
            name: n, tag: t, assetClass: try Self.inline(assetClass, key: "class"),
            group: try Self.inline(group, key: "group"), homeFloor: home)
        let index = Int32(self.assets.count)
        self.assets.append(asset)
        self.assetByName[n] = index
        self.assetByTag[HashedName(t)] = index
        return index
    }

    func requireZone(_ name: String, key: String) throws(SiteError) -> Int32 {
        guard let z = self.zoneByName[HashedName(try Self.inline(name, key: key))] else {
            throw Self.unknown("zone", name, key: key)
        }
        return z
    }

    func requireFloor(_ name: String, key: String) throws(SiteError) -> Int32 {
        guard let f = self.floorByName[try Self.inline(name, key: key)] else {
            throw Self.unknown("floor", name, key: key)
        }
        return f
    }

    static func inline<let n: Int>(_ s: String, key: String) throws(SiteError) -> InlineString<n> {
        guard let v = InlineString<n>(s) else {
            throw SiteError(.nameTooLong, key: key, detail: "\"\(s)\" is longer than \(n) bytes")
        }
        return v
    }

    private static func duplicate(_ what: String, _ name: String) -> SiteError {
        SiteError(.duplicateName, key: "name", detail: "\(what) \"\(name)\" is defined twice")
    }

    private static func unknown(_ what: String, _ name: String, key: String) -> SiteError {
        SiteError(.unknownReference, key: key, detail: "\(what) \"\(name)\" is not defined")
    }
}
