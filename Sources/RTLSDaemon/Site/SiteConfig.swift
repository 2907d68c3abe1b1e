public import RTLSCore
import TOMLKit

/// The site file (`config/site.toml`): facility, buildings, floors, zones, gateways and assets.
public struct SiteConfig: Sendable {
    /// The validated site model.
    public var site: SiteModel
    /// The file it came from.
    public var path: String

    /// Loads and validates a site file.
    /// - Throws: ``SiteConfigError`` naming the file, line, key and reason.
    public static func load(path: String) throws(SiteConfigError) -> SiteConfig {
        try Self.build(try TOMLDocument<SiteConfigError>.load(path: path))
    }

    /// Parses site config from text (tests, `rtlsd check-config`).
    public static func parse(text: String, path: String = "site.toml") throws(SiteConfigError) -> SiteConfig {
        try Self.build(try TOMLDocument<SiteConfigError>.parse(text: text, file: path))
    }

    private static func build(_ doc: TOMLDocument<SiteConfigError>) throws(SiteConfigError) -> SiteConfig {
        try doc.rejectUnknownTables(allowed: ["facility", "building", "floor", "zone", "gateway", "asset"])
        guard var facility = try doc.table("facility") else {
            throw SiteConfigError(.missingKey, path: doc.file, line: nil, location: "[facility]", detail: "is required")
        }
        try facility.rejectUnknownKeys(allowed: ["name", "timezone", "utc_offset"])
        let name = try facility.requiredString("name")
        let timeZone = try Self.timeZone(&facility)
        var site = SiteModel(facility: name, timeZone: timeZone)
        for var s in try doc.tables("building") {
            try s.rejectUnknownKeys(allowed: ["name"])
            s.label = try s.requiredString("name")
            do { try site.addBuilding(name: s.label) } catch { throw s.error(error) }
        }
        for var s in try doc.tables("floor") {
            try s.rejectUnknownKeys(allowed: ["name", "building", "level"])
            s.label = try s.requiredString("name")
            let level = Int(try s.number("level") ?? 0)
            let building = try s.requiredString("building")
            do { try site.addFloor(name: s.label, building: building, level: level) } catch { throw s.error(error) }
        }
        for var s in try doc.tables("zone") { try Self.addZone(&s, to: &site) }
        for var s in try doc.tables("gateway") { try Self.addGateway(&s, to: &site) }
        for var s in try doc.tables("asset") {
            try s.rejectUnknownKeys(allowed: ["name", "tag", "class", "group", "home_floor"])
            s.label = try s.requiredString("name")
            let tag = try s.requiredString("tag")
            let assetClass = try s.string("class") ?? ""
            let group = try s.string("group") ?? ""
            let home = try s.string("home_floor")
            do {
                try site.addAsset(name: s.label, tag: tag, assetClass: assetClass, group: group, homeFloor: home)
            } catch { throw s.error(error) }
        }
        return SiteConfig(site: site, path: doc.file)
    }

    private static func addZone(
        _ s: inout TOMLSection<SiteConfigError>, to site: inout SiteModel
    ) throws(SiteConfigError) {
        try s.rejectUnknownKeys(allowed: ["name", "floor", "polygon", "geo_polygon", "kind", "restricted"])
        s.label = try s.requiredString("name")
        let floorPoints = try s.pairs("polygon")
        let geoPoints = try s.pairs("geo_polygon")
        var shape = ZoneShape.none
        switch (floorPoints, geoPoints) {
        case (.some, .some):
            throw s.error(
                .invalidValue, key: "geo_polygon", "a zone has either `polygon` (floor metres) or `geo_polygon`")
        case (.some(let points), nil):
            guard let p = Polygon(points.map { Point(x: $0.0, y: $0.1) }) else {
                throw s.error(
                    .invalidValue, key: "polygon", "needs at least 3 distinct [x, y] points enclosing an area")
            }
            shape = .floor(p)
        case (nil, .some(let points)):
            guard points.allSatisfy({ abs($0.0) <= 90 && abs($0.1) <= 180 }),
                let p = Polygon(points.map { Point(x: $0.1, y: $0.0) })
            else {
                throw s.error(
                    .invalidValue, key: "geo_polygon",
                    "needs at least 3 [lat, lon] points in degrees enclosing an area")
            }
            shape = .geo(p)
        case (nil, nil): break
        }
        let floor = try s.string("floor")
        let kind = try s.string("kind")
        let restricted = try s.bool("restricted") ?? false
        do {
            try site.addZone(name: s.label, floor: floor, shape: shape, kind: kind, restricted: restricted)
        } catch { throw s.error(error) }
    }

    private static func addGateway(
        _ s: inout TOMLSection<SiteConfigError>, to site: inout SiteModel
    ) throws(SiteConfigError) {
        try s.rejectUnknownKeys(allowed: ["id", "zone", "floor", "position", "antennas"])
        s.label = try s.requiredString("id")
        var position: Point?
        if let value = s.table["position"] {
            let number = TOMLSection<SiteConfigError>.double
            guard let a = value.array, a.count == 2, let x = number(a[0]), let y = number(a[1])
            else { throw s.error(.wrongType, key: "position", "must be [x, y] in floor metres") }
            position = Point(x: x, y: y)
        }
        var antennas: [Int16: String] = [:]
        if let value = s.table["antennas"] {
            guard let table = value.table else {
                throw s.error(
                    .wrongType, key: "antennas", "must be a table of port = \"zone\", e.g. { 1 = \"DOCK-A\" }")
            }
            for key in table.keys {
                guard let port = Int16(key), port >= 0, let zone = table[key]?.string else {
                    throw s.error(.invalidValue, key: "antennas", "entry \(key) must be port number = \"zone name\"")
                }
                antennas[port] = zone
            }
        }
        let zone = try s.string("zone")
        let floor = try s.string("floor")
        do {
            try site.addGateway(id: s.label, zone: zone, floor: floor, position: position, antennas: antennas)
        } catch { throw s.error(error) }
    }

    /// `[facility] timezone` (an IANA name, daylight-saving time included) or the older fixed
    /// `utc_offset`; UTC when neither is set.
    private static func timeZone(_ facility: inout TOMLSection<SiteConfigError>) throws(SiteConfigError) -> LocalTimeZone {
        let name = try facility.string("timezone")
        let offsetText = try facility.string("utc_offset")
        if name != nil && offsetText != nil {
            throw facility.error(
                .invalidValue, key: "utc_offset",
                "and `timezone` are both set; keep only `timezone` (it follows daylight-saving time)")
        }
        if let name {
            guard let zone = FacilityTimeZone.load(name) else {
                throw facility.error(
                    .invalidValue, key: "timezone",
                    "\"\(name)\" is not a time zone this system knows; use an IANA name such as \"Europe/Berlin\" "
                        + "or \"America/New_York\" (the tz database comes from the tzdata package)")
            }
            return zone
        }
        guard let offsetText else { return .utc }
        guard let offset = Self.parseOffset(offsetText) else {
            throw facility.error(
                .invalidValue, key: "utc_offset",
                "\"\(offsetText)\" must look like \"+01:00\" or \"-05:30\"; better, replace it by "
                    + "timezone = \"Europe/Berlin\" (an IANA name), which follows daylight-saving time")
        }
        return .fixed(seconds: Int32(offset))
    }

    /// `+01:00`, `-05:30`, `Z` → seconds east of UTC.
    static func parseOffset(_ text: String) -> Int? {
        if text == "Z" || text == "UTC" { return 0 }
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let parts = text.dropFirst().split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), h <= 14, m < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (h * 3600 + m * 60)
    }
}
