import Foundation

/// Produces gateway messages for a facility: BLE sightings (distance-based RSSI plus noise) at the
/// tag's room gateway and its neighbours, RFID reads when a tag crosses a loading dock, GPS fixes of
/// outdoor trackers (`ReadingGenerator+GPS.swift`), fridge temperatures that sometimes drift out of
/// range, batteries that drain. The `TrafficPlan` picks the format per family (rtls-json, ESPresense,
/// Minew G1, Zebra FX, Zigbee2MQTT, OwnTracks); batched formats are batched per topic.
struct ReadingGenerator {
    private struct Batch {
        var bytes: [UInt8] = []
        var count = 0
    }

    var facility: Facility
    let plan: TrafficPlan
    var rng: SplitMix64
    /// Simulated seconds per wall-clock second: movement and drift run faster than real time.
    var speed: Double
    private var nextTag = 0
    private var tagPosition: [(x: Double, y: Double)]
    private var batches: [String: Batch] = [:]
    private var zebraEvent = 0
    let maxPerMessage: Int
    /// Gateways that are "down" (publish nothing) until the given simulated time.
    var silentUntil: [String: Double] = [:]
    var moves = 0
    /// Ground truth, when asked for.
    var truth: GroundTruth?
    /// The physical mode's state (`nil`: the classic mode, `produce`).
    var physics: PhysicsState?

    init(facility: Facility, plan: TrafficPlan, seed: UInt64, speed: Double, maxPerMessage: Int, truth: Bool) {
        self.facility = facility
        self.plan = plan
        self.rng = SplitMix64(seed: seed ^ 0xA5A5)
        self.speed = speed
        self.maxPerMessage = maxPerMessage
        self.tagPosition = facility.assets.map { a in
            let r = facility.rooms[a.room]
            return ((r.minX + r.maxX) / 2, (r.minY + r.maxY) / 2)
        }
        self.truth = truth ? GroundTruth() : nil
    }

    /// Records every tag's starting room in the ground truth.
    mutating func recordStart(nowMs: Int64) {
        for a in self.facility.assets {
            self.truth?.move(
                tag: a.tag, assetClass: a.assetClass, from: nil, to: self.facility.rooms[a.room], ms: nowMs)
        }
    }

    /// Appends about `count` readings at wall time `nowMs`, calling `emit(topic, payload)` for each
    /// full message. Returns the number of readings produced.
    ///
    /// Fair to every tag: a tag whose turn comes always publishes all its sightings (the last turn may
    /// overshoot `count`; the pacer takes the surplus off the next call), and a fridge reading taken
    /// between two turns never uses up a tag's turn.
    mutating func produce(count: Int, nowMs: Int64, simSeconds: Double, emit: (String, [UInt8]) -> Void) -> Int {
        var produced = self.gpsFixes(nowMs: nowMs, simSeconds: simSeconds, emit: emit)
        guard !self.facility.assets.isEmpty else { return produced }
        while produced < count {
            if self.nextTag % 50 == 0, !self.facility.fridges.isEmpty {
                produced += self.fridgeReading(nowMs: nowMs, simSeconds: simSeconds, emit: emit)
            }
            let i = self.nextTag % self.facility.assets.count
            self.nextTag &+= 1
            produced += self.maybeMove(i, simSeconds: simSeconds, nowMs: nowMs, emit: emit)
            let asset = self.facility.assets[i]
            // rtlsd takes an ESPresense room as the reported zone, so only the tag's own room node
            // reports it (neighbour sightings would each move the tag).
            let rooms =
                self.plan.ble == .espresense ? [asset.room] : [asset.room] + self.facility.neighbours(of: asset.room)
            for room in rooms {
                let r = self.facility.rooms[room]
                if let until = self.silentUntil[r.gateway], until > simSeconds { continue }
                let pos = self.tagPosition[i]
                let dx = pos.x - r.centerX
                let dy = pos.y - r.centerY
                let d = max(0.5, (dx * dx + dy * dy).squareRoot())
                let rssi = -59 - 10 * 2.2 * Foundation.log10(d) + self.rng.gaussian() * 3
                self.publishSighting(asset, by: r, rssi: rssi, distance: d, nowMs: nowMs, emit: emit)
                produced += 1
            }
            self.facility.assets[i].battery = max(0, asset.battery - 0.0005 * self.speed)
            if asset.assetClass == "infusion-pump" {
                produced += self.plugReading(asset, nowMs: nowMs, simSeconds: simSeconds, emit: emit)
            }
        }
        return produced
    }

    /// A pump's smart plug (every turn of the pump's tag): infusing (8–25 W) in patient rooms and the
    /// ICU for the first two of every three simulated hours from the start of the run, idle (0.2 W)
    /// elsewhere and in the third. rtlsd's generated `pump-infusing` usage rule turns this into usage
    /// sessions; in the first two hours every pump in an ICU is in use, so the ICUs run short of ready
    /// pumps and the PAR level (`icu-pumps-par`) fires, and it clears when the third hour frees them.
    static func infusing(roomKind: String, simSeconds: Double) -> Bool {
        let clinical = roomKind == "patient-room" || roomKind == "icu"
        return clinical && (simSeconds / 10_800).truncatingRemainder(dividingBy: 1) < 0.67
    }

    private mutating func plugReading(
        _ asset: Facility.Asset, nowMs: Int64, simSeconds: Double, emit: (String, [UInt8]) -> Void
    ) -> Int {
        let room = self.facility.rooms[asset.room]
        let infusing = Self.infusing(roomKind: room.kind, simSeconds: simSeconds)
        let watts = infusing ? 8 + Double(asset.tag.utf8.reduce(0) { $0 &+ Int($1) } % 170) / 10 : 0.2
        self.append(
            topic: "rtls/\(room.gateway)/readings", header: nil,
            item: VendorPayloads.rtlsPower(tag: asset.tag, watts: watts, ms: nowMs), emit: emit)
        return 1
    }

    /// Sends every partially filled message.
    mutating func flush(emit: (String, [UInt8]) -> Void) {
        // Sorted, so a seed's traffic does not depend on the dictionary's per-instance order.
        for topic in self.batches.keys.sorted() where self.batches[topic]?.count ?? 0 > 0 {
            self.emitBatch(topic: topic, emit: emit)
        }
    }

    /// Silences a random gateway for `simSeconds` (a gateway that goes offline).
    mutating func silenceRandomGateway(forSimSeconds duration: Double, now simSeconds: Double) -> String {
        let gw = self.facility.rooms[Int.random(in: 0..<self.facility.rooms.count, using: &self.rng)].gateway
        self.silentUntil[gw] = simSeconds + duration
        return gw
    }

    /// Moves tag `i` when its time has come; returns the RFID reads the move made (a dock portal read).
    private mutating func maybeMove(
        _ i: Int, simSeconds: Double, nowMs: Int64, emit: (String, [UInt8]) -> Void
    ) -> Int {
        guard simSeconds >= self.facility.assets[i].nextMoveAt else { return 0 }
        var reads = 0
        let asset = self.facility.assets[i]
        let options = self.facility.neighbours(of: asset.room)
        if let next = options.randomElement(using: &self.rng) {
            self.facility.assets[i].room = next
            let r = self.facility.rooms[next]
            self.tagPosition[i] = (
                Double.random(in: r.minX + 0.5...r.maxX - 0.5, using: &self.rng),
                Double.random(in: r.minY + 0.5...r.maxY - 0.5, using: &self.rng)
            )
            self.moves += 1
            self.truth?.move(
                tag: asset.tag, assetClass: asset.assetClass, from: self.facility.rooms[asset.room], to: r, ms: nowMs)
            if r.kind == "loading-dock" { reads = self.portalRead(asset, at: r, nowMs: nowMs, emit: emit) }
        }
        let mean = asset.movesEveryS
        self.facility.assets[i].nextMoveAt = simSeconds + mean * Double.random(in: 0.5...1.5, using: &self.rng)
        return reads
    }

    /// Publishes the read of the loading-dock portal `r` as `asset` passes it (Zebra FX or rtls-json RFID);
    /// returns the readings made (1).
    mutating func portalRead(
        _ asset: Facility.Asset, at r: Facility.Room, nowMs: Int64, emit: (String, [UInt8]) -> Void
    ) -> Int {
        if self.plan.zebraPortals {
            self.zebraEvent += 1
            self.append(
                topic: "zebra/portal-\(r.building)/data", header: nil,
                item: VendorPayloads.zebra(epc: asset.tag, antenna: 1, rssi: -52, eventNum: self.zebraEvent, ms: nowMs),
                emit: emit)
        } else {
            self.append(
                topic: "rtls/portal-\(r.building)/readings", header: nil,
                item: VendorPayloads.rtlsRFID(tag: asset.tag, zone: r.name, ms: nowMs), emit: emit)
        }
        return 1
    }

    /// Publishes one reading of a random fridge (its temperature drifting towards its target); returns the
    /// readings made.
    mutating func fridgeReading(nowMs: Int64, simSeconds: Double, emit: (String, [UInt8]) -> Void) -> Int {
        let f = Int.random(in: 0..<self.facility.fridges.count, using: &self.rng)
        var fridge = self.facility.fridges[f]
        let target = fridge.drifting && Int(simSeconds / 3600) % 3 == 1 ? 9.5 : 5.0
        fridge.temperature += (target - fridge.temperature) * 0.05 + self.rng.gaussian() * 0.05
        self.facility.fridges[f] = fridge
        self.truth?.fridge(sensor: fridge.sensor, celsius: VendorPayloads.rounded1(fridge.temperature), ms: nowMs)
        if self.plan.zigbeeFridges {
            let humidity = 45 + 10 * Foundation.sin(simSeconds / 1800 + Double(f))
            let payload = VendorPayloads.zigbeeState(
                celsius: fridge.temperature, humidity: humidity, battery: 100 - Int(simSeconds / 36_000) % 80, ms: nowMs
            )
            emit("\(TrafficPlan.zigbeeBase)/\(fridge.sensor)", Array(payload.utf8))
            return VendorPayloads.zigbeeReadingsPerMessage
        }
        self.append(
            topic: "rtls/\(self.facility.rooms[fridge.room].gateway)/readings", header: nil,
            item: VendorPayloads.rtlsTemperature(sensor: fridge.sensor, celsius: fridge.temperature, ms: nowMs),
            emit: emit)
        return 1
    }

    /// Adds `item` to the topic's open JSON array; a new array starts with `header` (Minew's heartbeat).
    mutating func append(topic: String, header: String?, item: String, emit: (String, [UInt8]) -> Void) {
        var batch = self.batches[topic] ?? Batch()
        if batch.bytes.isEmpty {
            batch.bytes.append(UInt8(ascii: "["))
            if let header {
                batch.bytes.append(contentsOf: header.utf8)
                batch.bytes.append(UInt8(ascii: ","))
            }
        } else {
            batch.bytes.append(UInt8(ascii: ","))
        }
        batch.bytes.append(contentsOf: item.utf8)
        batch.count += 1
        self.batches[topic] = batch
        if batch.count >= self.maxPerMessage { self.emitBatch(topic: topic, emit: emit) }
    }

    private mutating func emitBatch(topic: String, emit: (String, [UInt8]) -> Void) {
        guard var batch = self.batches[topic], !batch.bytes.isEmpty else { return }
        batch.bytes.append(UInt8(ascii: "]"))
        emit(topic, batch.bytes)
        self.batches[topic] = Batch()
    }
}
