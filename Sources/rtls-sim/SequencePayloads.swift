/// Deterministic test traffic for integration tests and benchmarks: reading `i` has tag
/// `<prefix>-<i % tags>`, time `base + i` ms, RSSI `-(i % 90) - 10`, and every 7th is a sensor
/// reading — so a test can recompute exactly what must be in the database. With `zones` > 0 each
/// location reading names zone `ZONE-<i % zones>`.
struct SequencePayloads {
    let prefix: String
    let tags: Int
    let baseMs: Int64
    let perMessage: Int
    var zones = 0

    /// The JSON item for reading `i`.
    func item(_ i: Int) -> String {
        let tag = "\(self.prefix)-\(i % self.tags)"
        let ts = self.baseMs + Int64(i)
        if i % 7 == 6 {
            return "{\"ts\":\(ts),\"tag\":\"\(tag)\",\"metric\":\"temperature\",\"value\":\(Double(i % 100) / 4),\"unit\":\"C\"}"
        }
        let zone = self.zones > 0 ? ",\"zone\":\"ZONE-\(i % self.zones)\"" : ""
        return "{\"ts\":\(ts),\"tag\":\"\(tag)\",\"kind\":\"ble\",\"rssi\":\(-(i % 90) - 10),\"battery\":\(i % 101)\(zone)}"
    }

    /// The message holding readings `range` (an array, or a bare object when it holds one).
    func message(_ range: Range<Int>) -> [UInt8] {
        if range.count == 1, let only = range.first { return Array(self.item(only).utf8) }
        var s = "["
        for i in range {
            if i != range.lowerBound { s += "," }
            s += self.item(i)
        }
        s += "]"
        return Array(s.utf8)
    }
}
