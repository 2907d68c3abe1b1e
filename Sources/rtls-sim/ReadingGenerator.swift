import Foundation

/// Produces gateway messages for a facility: BLE sightings (distance-based RSSI plus noise) at the
/// tag's room gateway and its neighbours, RFID reads when a tag crosses a loading dock, fridge
/// temperatures that sometimes drift out of range, batteries that drain. Messages are rtlsd's own
/// JSON format (`rtls-json`), batched per gateway.
struct ReadingGenerator {
    var facility: Facility
    var rng: SplitMix64
    /// Simulated seconds per wall-clock second: movement and drift run faster than real time.
    var speed: Double
    private var nextTag = 0
    private var tagPosition: [(x: Double, y: Double)]
    private var pending: [String: [UInt8]] = [:]
    private var pendingCount: [String: Int] = [:]
    let maxPerMessage: Int
    /// Gateways that are "down" (publish nothing) until the given simulated time.
    private var silentUntil: [String: Double] = [:]
    private(set) var moves = 0

    init(facility: Facility, seed: UInt64, speed: Double, maxPerMessage: Int) {
        self.facility = facility
        self.rng = SplitMix64(seed: seed ^ 0xA5A5)
        self.speed = speed
        self.maxPerMessage = maxPerMessage
        self.tagPosition = facility.assets.map { a in
            let r = facility.rooms[a.room]
            return ((r.minX + r.maxX) / 2, (r.minY + r.maxY) / 2)
        }
    }

    /// Appends about `count` readings at wall time `nowMs`, calling `emit(topic, payload)` for each
    /// full message. Returns the number of readings produced.
    mutating func produce(count: Int, nowMs: Int64, simSeconds: Double, emit: (String, [UInt8]) -> Void) -> Int {
        var produced = 0
        guard !self.facility.assets.isEmpty else { return 0 }
        while produced < count {
            if self.nextTag % 50 == 0, !self.facility.fridges.isEmpty {
                produced += self.fridgeReading(nowMs: nowMs, simSeconds: simSeconds, emit: emit)
            }
            let i = self.nextTag % self.facility.assets.count
            self.nextTag &+= 1
            self.maybeMove(i, simSeconds: simSeconds, nowMs: nowMs, emit: emit)
            let asset = self.facility.assets[i]
            let rooms = [asset.room] + self.facility.neighbours(of: asset.room)
            for room in rooms where produced < count {
                let gw = self.facility.rooms[room].gateway
                if let until = self.silentUntil[gw], until > simSeconds { continue }
                let pos = self.tagPosition[i]
                let r = self.facility.rooms[room]
                let d = max(0.5, ((pos.x - r.centerX) * (pos.x - r.centerX) + (pos.y - r.centerY) * (pos.y - r.centerY)).squareRoot())
                let rssi = -59 - 10 * 2.2 * Foundation.log10(d) + self.rng.gaussian() * 3
                self.append(
                    gateway: gw,
                    item: "{\"ts\":\(nowMs),\"tag\":\"\(asset.tag)\",\"kind\":\"ble\",\"rssi\":\(Self.fixed1(rssi)),\"battery\":\(Int(asset.battery))}",
                    emit: emit)
                produced += 1
            }
            self.facility.assets[i].battery = max(0, asset.battery - 0.0005 * self.speed)
        }
        return produced
    }

    /// Sends every partially filled message.
    mutating func flush(emit: (String, [UInt8]) -> Void) {
        for (gw, count) in self.pendingCount where count > 0 {
            self.emitPending(gateway: gw, emit: emit)
        }
    }

    /// Silences a random gateway for `simSeconds` (a gateway that goes offline).
    mutating func silenceRandomGateway(forSimSeconds duration: Double, now simSeconds: Double) -> String {
        let gw = self.facility.rooms[Int.random(in: 0..<self.facility.rooms.count, using: &self.rng)].gateway
        self.silentUntil[gw] = simSeconds + duration
        return gw
    }

    private mutating func maybeMove(_ i: Int, simSeconds: Double, nowMs: Int64, emit: (String, [UInt8]) -> Void) {
        guard simSeconds >= self.facility.assets[i].nextMoveAt else { return }
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
            if r.kind == "loading-dock" {
                self.append(
                    gateway: "portal-\(r.building)",
                    item: "{\"ts\":\(nowMs),\"tag\":\"\(asset.tag)\",\"kind\":\"rfid\",\"antenna\":1,\"rssi\":-52.0,\"zone\":\"\(r.name)\"}",
                    emit: emit)
            }
        }
        let mean = asset.movesEveryS
        self.facility.assets[i].nextMoveAt = simSeconds + mean * Double.random(in: 0.5...1.5, using: &self.rng)
    }

    private mutating func fridgeReading(nowMs: Int64, simSeconds: Double, emit: (String, [UInt8]) -> Void) -> Int {
        let f = Int.random(in: 0..<self.facility.fridges.count, using: &self.rng)
        var fridge = self.facility.fridges[f]
        let target = fridge.drifting && Int(simSeconds / 3600) % 3 == 1 ? 9.5 : 5.0
        fridge.temperature += (target - fridge.temperature) * 0.05 + self.rng.gaussian() * 0.05
        self.facility.fridges[f] = fridge
        let gw = self.facility.rooms[fridge.room].gateway
        self.append(
            gateway: gw,
            item: "{\"ts\":\(nowMs),\"tag\":\"\(fridge.sensor)\",\"kind\":\"sensor\",\"metric\":\"temperature\",\"value\":\(Self.fixed1(fridge.temperature)),\"unit\":\"C\"}",
            emit: emit)
        return 1
    }

    private mutating func append(gateway: String, item: String, emit: (String, [UInt8]) -> Void) {
        var buffer = self.pending[gateway] ?? []
        buffer.append(buffer.isEmpty ? UInt8(ascii: "[") : UInt8(ascii: ","))
        buffer.append(contentsOf: item.utf8)
        self.pending[gateway] = buffer
        let n = (self.pendingCount[gateway] ?? 0) + 1
        self.pendingCount[gateway] = n
        if n >= self.maxPerMessage { self.emitPending(gateway: gateway, emit: emit) }
    }

    private mutating func emitPending(gateway: String, emit: (String, [UInt8]) -> Void) {
        guard var buffer = self.pending[gateway], !buffer.isEmpty else { return }
        buffer.append(UInt8(ascii: "]"))
        emit("rtls/\(gateway)/readings", buffer)
        self.pending[gateway] = []
        self.pendingCount[gateway] = 0
    }

    static func fixed1(_ v: Double) -> String {
        let scaled = (v * 10).rounded()
        let sign = scaled < 0 ? "-" : ""
        let a = Int(abs(scaled))
        return "\(sign)\(a / 10).\(a % 10)"
    }
}
