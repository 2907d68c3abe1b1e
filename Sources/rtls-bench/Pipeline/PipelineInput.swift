import RTLSCore

/// Pre-built rtls-json messages for the pipeline benchmark, shaped like a facility's traffic against
/// `config/site.toml`: BLE sightings from its BLE gateways (70 % of tags; one in eight sightings
/// from the neighbouring gateway), RFID from the dock portal (10 %), UWB x/y from the floor server
/// (10 %), sensor values (10 %); each tag keeps its technology and mostly its place. Tags are the
/// site's assets plus unknown tags up to `tags` (an edge server sees many tags not in the asset list).
struct PipelineInput {
    /// One MQTT message: topic and payload.
    struct Message {
        var topic: String
        var payload: [UInt8]
    }

    /// The messages, `perMessage` readings each.
    let messages: [Message]
    /// Readings over all messages.
    let readingCount: Int

    init(site: SiteModel, tags: Int, messages count: Int, perMessage: Int, baseMs: Int64) {
        let assetTags = site.assets.map { "\($0.tag)" }
        var ble: [String] = []
        var rfid: [String] = []
        var uwb: [String] = []
        for g in site.gateways {
            if !g.antennas.isEmpty {
                rfid.append("\(g.id)")
            } else if g.zone == nil {
                uwb.append("\(g.id)")
            } else {
                ble.append("\(g.id)")
            }
        }
        if ble.isEmpty { ble = ["gw-bench"] }
        if rfid.isEmpty { rfid = ble }
        if uwb.isEmpty { uwb = ble }
        var rng: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Int {
            rng ^= rng << 13
            rng ^= rng >> 7
            rng ^= rng << 17
            return Int(rng >> 1)
        }
        var messages: [Message] = []
        messages.reserveCapacity(count)
        var i = 0
        for _ in 0..<count {
            var s = "["
            for k in 0..<perMessage {
                if k > 0 { s += "," }
                let t = next() % max(tags, 1)
                let tag = t < assetTags.count ? assetTags[t] : "bench-\(t)"
                let ts = baseMs + Int64(i)
                // Each tag keeps one technology (7 in 10 BLE, 1 RFID, 1 UWB, 1 sensor) and mostly one place.
                let technology = t % 10
                if technology < 7 {
                    let gw = next() % 8 == 0 ? (t + 1) % ble.count : t % ble.count
                    s += "{\"ts\":\(ts),\"tag\":\"\(tag)\",\"gw\":\"\(ble[gw])\",\"kind\":\"ble\","
                    s += "\"rssi\":\(-55 - next() % 12),\"battery\":\(50 + t % 51)}"
                } else if technology == 7 {
                    s += "{\"ts\":\(ts),\"tag\":\"\(tag)\",\"gw\":\"\(rfid[t % rfid.count])\",\"kind\":\"rfid\","
                    s += "\"rssi\":-61.5,\"antenna\":\(1 + t % 2)}"
                } else if technology == 8 {
                    let x = Double(t % 280) / 10 + Double(next() % 10) / 10
                    let y = Double(t % 70) / 10 + Double(next() % 10) / 10
                    s += "{\"ts\":\(ts),\"tag\":\"\(tag)\",\"gw\":\"\(uwb[t % uwb.count])\",\"kind\":\"uwb\","
                    s += "\"x\":\(x),\"y\":\(y)}"
                } else {
                    s += "{\"ts\":\(ts),\"tag\":\"\(tag)\",\"metric\":\"temperature\","
                    s += "\"value\":\(Double(next() % 100) / 10),\"unit\":\"C\"}"
                }
                i += 1
            }
            s += "]"
            messages.append(Message(topic: "rtls/bench/readings", payload: Array(s.utf8)))
        }
        self.messages = messages
        self.readingCount = i
    }
}
