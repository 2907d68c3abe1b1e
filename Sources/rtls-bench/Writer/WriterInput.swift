import RTLSCore

/// The rows `rtls-bench writer` writes: location readings (BLE sightings with RSSI and battery) of
/// `tags` tags seen by 50 gateways, numbered 1… as a write-ahead log would number them, and for the
/// daemon-shaped phase one current location per reading (the rule engine emits one per accepted
/// location reading), each tag staying in one of 20 zones (tags move rarely next to how often they
/// are seen).
struct WriterInput {
    /// The readings, in time order.
    var readings: [Reading]
    /// One location per reading, same order.
    var locations: [AssetLocation]

    /// Builds `rows` readings starting at `base` (1 µs apart); with `tidEvery` > 0, every `tidEvery`-th
    /// reading is followed by an RFID TID of its tag (an identifier reading, one fixed TID per tag, as
    /// Impinj and Zebra readers report it beside the EPC), counted in `rows`.
    init(rows: Int, tags: Int, base: Timestamp, tidEvery: Int = 0) {
        let tagNames = (0..<max(tags, 1)).map { TagID("bench-tag-\($0)") ?? TagID() }
        let gateways = (0..<50).map { GatewayID("bench-gw-\($0)") ?? GatewayID() }
        let zones = (0..<20).map { ZoneName("bench-zone-\($0)") ?? ZoneName() }
        self.readings = []
        self.locations = []
        self.readings.reserveCapacity(rows)
        self.locations.reserveCapacity(rows)
        for i in 0..<rows where self.readings.count < rows {
            let time = base.advanced(byMicroseconds: Int64(i))
            // A stride that is coprime with typical tag counts spreads each tag's readings over the run.
            let t = (i &* 7_919) % tagNames.count
            let tag = tagNames[t]
            var r = Reading(time: time, receivedAt: time, kind: .ble, tag: tag, gateway: gateways[i % gateways.count])
            r.rssi = Float(-(i % 60) - 30)
            r.battery = Float(i % 101)
            r.sequence = UInt64(i + 1)
            self.readings.append(r)
            if tidEvery > 0, i % tidEvery == tidEvery - 1, self.readings.count < rows {
                var tid = Reading(time: time, receivedAt: time, kind: .sensor, tag: tag, gateway: r.gateway)
                tid.flags = .identifier
                tid.metric = TagIdentifierScheme.tid
                let bytes: [UInt8] = [0xE2, 0x80, 0x11, 0x60, 0x20, 0x00, UInt8(t >> 24 & 0xFF), UInt8(t >> 16 & 0xFF),
                    UInt8(t >> 8 & 0xFF), UInt8(t & 0xFF), 0x09, 0xAD]
                tid.zone = ZoneName(utf8: bytes.span) ?? ZoneName()
                tid.sequence = UInt64(i + 1)
                self.readings.append(tid)
            }
            self.locations.append(
                AssetLocation(
                    tag: tag, asset: SiteName(), zoneIndex: Int32(t % zones.count), zone: zones[t % zones.count],
                    floor: SiteName(), method: .ble, time: time, gateway: r.gateway, since: time))
        }
    }

    /// Every tag and gateway once (and every zone, through the locations): a warm-up batch that makes
    /// the reference rows exist and fills the writer's id cache, as a running daemon's is.
    func warmUpBatch(tags: Int) -> (readings: [Reading], events: EngineOutput) {
        let count = min(max(tags, 50), self.readings.count)
        var events = EngineOutput()
        events.locations = Array(self.locations[0..<count])
        var readings = Array(self.readings[0..<count])
        for i in readings.indices { readings[i].sequence = 0 }
        return (readings, events)
    }
}
