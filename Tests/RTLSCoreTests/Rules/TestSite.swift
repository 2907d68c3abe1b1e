import RTLSCore
import Testing

/// A small facility shared by the rule and location tests.
enum TestSite {
    static let t0 = Timestamp(seconds: 1_750_000_000)  // 2025-06-15T15:06:40Z

    static func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Polygon? {
        Polygon([Point(x: x0, y: y0), Point(x: x1, y: y0), Point(x: x1, y: y1), Point(x: x0, y: y1)])
    }

    static func site(utcOffsetSeconds: Int = 0) throws -> SiteModel {
        var site = SiteModel(facility: "Test General", utcOffsetSeconds: utcOffsetSeconds)
        try site.addBuilding(name: "Main")
        try site.addFloor(name: "L1", building: "Main", level: 1)
        try site.addFloor(name: "L2", building: "Main", level: 2)
        try site.addZone(name: "ICU-3", floor: "L1", shape: .floor(try #require(square(0, 0, 10, 10))))
        try site.addZone(name: "WARD", floor: "L1", shape: .floor(try #require(square(10, 0, 20, 10))))
        try site.addZone(name: "DOCK", floor: "L1", shape: .none)
        try site.addZone(name: "SOILED", floor: "L2", shape: .floor(try #require(square(0, 0, 5, 5))))
        try site.addZone(name: "CAMPUS", floor: nil, shape: .geo(try #require(square(8.50, 47.30, 8.60, 47.40))))
        try site.addGateway(id: "gw-icu", zone: "ICU-3")
        try site.addGateway(id: "gw-ward", zone: "WARD")
        try site.addGateway(id: "gw-l2", zone: "SOILED")
        try site.addGateway(id: "rdr-1", zone: "DOCK", antennas: [1: "DOCK", 2: "WARD"])
        try site.addGateway(id: "uwb-1", zone: nil, floor: "L1")
        try site.addGateway(id: "uwb-2", zone: nil, floor: "L2")
        try site.addAsset(name: "ICU-VENT-07", tag: "vent07", assetClass: "ventilator", homeFloor: "L1")
        try site.addAsset(name: "PUMP-1", tag: "pump1", assetClass: "pump", group: "infusion", homeFloor: "L1")
        try site.addAsset(name: "BED-4", tag: "bed4", assetClass: "bed")
        try site.addAsset(name: "DEFIB-2", tag: "defib2", assetClass: "defibrillator")
        try site.addAsset(name: "FRIDGE-2", tag: "fridge2", assetClass: "fridge")
        return site
    }

    static func engine(_ rules: [RuleSpec], utcOffsetSeconds: Int = 0, at start: Timestamp = t0) throws -> RuleEngine {
        try RuleEngine(site: try site(utcOffsetSeconds: utcOffsetSeconds), rules: rules, now: start)
    }

    static func at(_ seconds: Double) -> Timestamp { t0.advanced(byMicroseconds: Int64(seconds * 1_000_000)) }

    static func ble(_ tag: TagID, _ gw: GatewayID, _ rssi: Float, _ s: Double) -> Reading {
        var r = Reading(time: at(s), receivedAt: at(s), kind: .ble, tag: tag, gateway: gw)
        r.rssi = rssi
        return r
    }

    static func rfid(_ tag: TagID, _ gw: GatewayID, antenna: Int16, _ s: Double) -> Reading {
        var r = Reading(time: at(s), receivedAt: at(s), kind: .rfid, tag: tag, gateway: gw)
        r.antenna = antenna
        return r
    }

    static func uwb(_ tag: TagID, _ x: Float, _ y: Float, _ s: Double, gw: GatewayID = "uwb-1") -> Reading {
        var r = Reading(time: at(s), receivedAt: at(s), kind: .uwb, tag: tag, gateway: gw)
        r.x = x
        r.y = y
        return r
    }

    static func sensor(_ tag: TagID, _ metric: MetricName, _ value: Double, _ s: Double) -> Reading {
        var r = Reading(time: at(s), receivedAt: at(s), kind: .sensor, tag: tag)
        r.metric = metric
        r.value = value
        return r
    }

    /// Processes readings, returning everything produced.
    static func run(_ engine: inout RuleEngine, _ readings: [Reading]) -> EngineOutput {
        var out = EngineOutput()
        for r in readings { engine.process(r, into: &out) }
        return out
    }

    static func sweep(_ engine: inout RuleEngine, _ s: Double) -> EngineOutput {
        var out = EngineOutput()
        engine.sweep(now: at(s), into: &out)
        return out
    }
}
