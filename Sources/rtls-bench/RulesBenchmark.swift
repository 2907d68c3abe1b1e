import RTLSCore

/// Measures location resolution plus rule evaluation per reading, decode excluded.
///
/// Builds a synthetic facility (`zones` square rooms over 10 floors, one BLE gateway per room,
/// an RFID reader per four rooms, a UWB server per floor, `tags` assets of five classes and one rule of every
/// kind), pre-generates a mixed stream (by tag: 70 % BLE, 15 % RFID, 15 % UWB; fridges also send
/// temperature; every tag moves to the next room about every 40 simulated seconds) with device
/// times advancing 20 µs per reading, and runs it through one ``RuleEngine`` on the calling
/// thread for about `seconds`, with a sweep every simulated second.
///
/// - Returns: printable figures: ns per reading, sweep cost, outputs produced.
func runRulesBenchmark(tags: Int, zones: Int, seconds: Double) -> String {
    let floors = 10
    let start = Timestamp(seconds: 1_750_000_000)
    let engine: RuleEngine
    do {
        engine = try RuleEngine(
            site: try benchmarkSite(tags: tags, zones: zones, floors: floors), rules: benchmarkRules(), now: start)
    } catch {
        return "rules benchmark: cannot build the site: \(error)"
    }
    var rng = BenchRandom(seed: 7)
    let perFloor = max(1, zones / floors)
    let side = Int(Double(perFloor).squareRoot().rounded(.up))
    let readers = (0..<(zones + 3) / 4).map { GatewayID("rdr-\($0)") ?? GatewayID() }
    let uwbs = (0..<floors).map { GatewayID("uwb-\($0)") ?? GatewayID() }
    var readings: [Reading] = []
    let count = 1 << 20
    readings.reserveCapacity(count)
    for i in 0..<count {
        let t = Int(rng.next() % UInt64(tags))
        // Each tag moves to the next room about every 40 simulated seconds.
        let zone = (t + (i + t &* 7919) / 2_000_000) % zones
        let floor = min(zone / perFloor, floors - 1)
        let time = start.advanced(byMicroseconds: Int64(i) * 20)
        let roll = rng.next() % 100
        let technology = t % 20
        var r: Reading
        if t % 5 == 4 && roll < 50 {
            r = Reading(time: time, receivedAt: time, kind: .sensor, tag: benchTag(t))
            r.metric = "temperature"
            r.value = 4 + Double(rng.next() % 60) / 10
        } else if technology < 14 {
            let neighbour = roll % 3 == 0 ? min(zone + 1, zones - 1) : zone
            r = Reading(time: time, receivedAt: time, kind: .ble, tag: benchTag(t), gateway: benchGateway(neighbour))
            r.rssi = -60 - Float(rng.next() % 12) - (neighbour == zone ? 0 : 6)
        } else if technology < 17 {
            r = Reading(time: time, receivedAt: time, kind: .rfid, tag: benchTag(t), gateway: readers[zone / 4])
            r.antenna = Int16(zone % 4)
        } else {
            r = Reading(time: time, receivedAt: time, kind: .uwb, tag: benchTag(t), gateway: uwbs[floor])
            let local = zone - floor * perFloor
            r.x = Float(local % side) * 6 + 0.5 + Float(rng.next() % 50) / 10
            r.y = Float(local / side) * 6 + 0.5 + Float(rng.next() % 50) / 10
        }
        if roll % 10 == 0 { r.battery = Float(rng.next() % 100) }
        readings.append(r)
    }
    let sweepEvery = 50_000  // one simulated second at 20 µs per reading
    var current = engine
    var output = EngineOutput()
    var processed = 0
    var alerts = 0
    var zoneEvents = 0
    var locations = 0
    var sweeps = 0
    var sweepTime = Duration.zero
    var processTime = Duration.zero
    let clock = ContinuousClock()
    let budget = Duration.milliseconds(Int64(seconds * 1000))
    var pass: Int64 = 0
    while processTime + sweepTime < budget {
        let offset = pass * Int64(count) * 20
        var i = 0
        while i < count, processTime + sweepTime < budget {
            let end = min(i + sweepEvery, count)
            let began = clock.now
            for k in i..<end {
                var r = readings[k]
                r.time = r.time.advanced(byMicroseconds: offset)
                r.receivedAt = r.time
                current.process(r, into: &output)
                if k & 255 == 255 {  // hand outputs on as the ingest loop does after each batch
                    alerts += output.alerts.count
                    zoneEvents += output.zoneEvents.count
                    locations += output.locations.count
                    output.removeAll()
                }
            }
            let swept = clock.now
            processTime += swept - began
            current.sweep(now: readings[end - 1].time.advanced(byMicroseconds: offset), into: &output)
            sweepTime += clock.now - swept
            sweeps += 1
            processed += end - i
            alerts += output.alerts.count
            zoneEvents += output.zoneEvents.count
            locations += output.locations.count
            output.removeAll()
            i = end
        }
        pass += 1
    }
    let ns = Double(processTime.components.seconds) * 1e9 + Double(processTime.components.attoseconds) / 1e9
    let sweepNS = Double(sweepTime.components.seconds) * 1e9 + Double(sweepTime.components.attoseconds) / 1e9
    let perReading = ns / Double(max(processed, 1))
    let perSweep = sweepNS / Double(max(sweeps, 1)) / 1e6
    return """
        rules: \(tags) tags, \(zones) zones, \(processed) readings on one core
          locate + rules: \(fixed(perReading)) ns/reading (\(fixed(1e9 / perReading / 1e6)) M readings/s)
          sweep (all tags): \(fixed(perSweep)) ms per call, \(sweeps) calls
          out: \(locations) location rows, \(zoneEvents) zone events, \(alerts) alerts; \
        late \(current.statistics.lateReadings), unresolved \(current.statistics.unresolvedReadings)
        \(engineStateFigures(current, at: readings[count - 1].time.advanced(byMicroseconds: pass * Int64(count) * 20)))
        """
}

private func fixed(_ v: Double) -> String { String((v * 100).rounded() / 100) }

private func benchTag(_ i: Int) -> TagID { TagID("tag-\(i)") ?? TagID() }
private func benchGateway(_ zone: Int) -> GatewayID { GatewayID("gw-\(zone)") ?? GatewayID() }

private func benchmarkSite(tags: Int, zones: Int, floors: Int) throws(SiteError) -> SiteModel {
    var site = SiteModel(facility: "bench", utcOffsetSeconds: 3600)
    try site.addBuilding(name: "Main")
    for f in 0..<floors { try site.addFloor(name: "L\(f)", building: "Main", level: f) }
    let perFloor = max(1, zones / floors)
    let side = Int(Double(perFloor).squareRoot().rounded(.up))
    for z in 0..<zones {
        let floor = min(z / perFloor, floors - 1)
        let local = z - floor * perFloor
        let x = Double(local % side) * 6
        let y = Double(local / side) * 6
        let square = [Point(x: x, y: y), Point(x: x + 6, y: y), Point(x: x + 6, y: y + 6), Point(x: x, y: y + 6)]
        try site.addZone(name: "Z\(z)", floor: "L\(floor)", shape: Polygon(square).map { .floor($0) } ?? .none)
        try site.addGateway(id: "gw-\(z)", zone: "Z\(z)")
    }
    for k in 0..<(zones + 3) / 4 {
        var antennas: [Int16: String] = [:]
        for port in 0..<4 where k * 4 + port < zones { antennas[Int16(port)] = "Z\(k * 4 + port)" }
        try site.addGateway(id: "rdr-\(k)", zone: "Z\(k * 4)", antennas: antennas)
    }
    for f in 0..<floors { try site.addGateway(id: "uwb-\(f)", zone: nil, floor: "L\(f)") }
    let classes = ["pump", "bed", "ventilator", "defibrillator", "fridge"]
    for t in 0..<tags {
        try site.addAsset(
            name: "A\(t)", tag: "tag-\(t)", assetClass: classes[t % 5], group: t % 2 == 0 ? "even" : "odd",
            homeFloor: "L\(t % floors)")
    }
    return site
}

private func benchmarkRules() -> [RuleSpec] {
    [
        RuleSpec(
            id: "vent-exit", condition: .zoneExit(zones: (0..<20).map { "Z\($0)" }),
            filter: AssetFilter(classes: ["ventilator"])),
        RuleSpec(
            id: "pump-dock", condition: .restrictedZone(zones: ["Z5", "Z6"]), filter: AssetFilter(classes: ["pump"])),
        RuleSpec(
            id: "bed-dwell", condition: .dwell(zones: ["Z1", "Z2"], limit: .seconds(4 * 3600)),
            filter: AssetFilter(classes: ["bed"])),
        RuleSpec(
            id: "defib-missing", condition: .notSeen(after: .seconds(1800)),
            filter: AssetFilter(classes: ["defibrillator"])),
        RuleSpec(id: "battery", condition: .lowBattery(below: 20, clearAt: 25)),
        RuleSpec(
            id: "fridge",
            condition: .sensor(
                metric: "temperature", high: SensorBound(limit: 8, duration: .seconds(3600)),
                low: SensorBound(limit: 2, duration: .seconds(900)), clearAfter: .seconds(300)),
            filter: AssetFilter(classes: ["fridge"])),
        RuleSpec(id: "gw-offline", condition: .gatewayOffline(after: .seconds(120), gateways: [])),
        RuleSpec(
            id: "night", condition: .afterHours(fromMinute: 22 * 60, toMinute: 6 * 60),
            filter: AssetFilter(classes: ["pump"])),
    ]
}

/// SplitMix64: deterministic input so runs compare.
private struct BenchRandom {
    var state: UInt64
    init(seed: UInt64) { self.state = seed }
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
