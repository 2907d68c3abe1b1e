import Foundation

@testable import RTLSCore

extension FixtureRendering {
    /// Writes `output` (or `error`) as an `expected.json` (or `expected-error.txt` line) to `path`.
    static func dump(_ output: DecodeOutput, error: DecodeError?, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let error {
            try Data((self.error(error) + "\n").utf8).write(to: url.deletingPathExtension().appendingPathExtension("error.txt"))
            return
        }
        var readings: [[String: Any]] = []
        for r in output.readings {
            var item: [String: Any] = ["time": r.time.rfc3339, "kind": "\(r.kind)", "tag": "\(r.tag)"]
            if !r.gateway.isEmpty { item["gateway"] = "\(r.gateway)" }
            var flags: [String] = []
            if r.flags.contains(.clockSkewed) { flags.append("clockSkewed") }
            if r.flags.contains(.receiveTime) { flags.append("receiveTime") }
            if !flags.isEmpty { item["flags"] = flags }
            if let v = r.rssi { item["rssi"] = Double("\(v)") }
            if let v = r.antenna { item["antenna"] = Int(v) }
            if let v = r.x { item["x"] = Double("\(v)") }
            if let v = r.y { item["y"] = Double("\(v)") }
            if let v = r.z { item["z"] = Double("\(v)") }
            if let v = r.lat { item["lat"] = v }
            if let v = r.lon { item["lon"] = v }
            if let v = r.accuracy { item["acc"] = Double("\(v)") }
            if let v = r.battery { item["battery"] = Double("\(v)") }
            if let identifier = r.identifierHex {
                item["identifier"] = identifier
            } else if !r.zone.isEmpty {
                item["zone"] = "\(r.zone)"
            }
            if !r.metric.isEmpty { item["metric"] = "\(r.metric)" }
            if let v = r.value { item["value"] = v }
            if !r.unit.isEmpty { item["unit"] = "\(r.unit)" }
            readings.append(item)
        }
        var root: [String: Any] = ["readings": readings]
        if !output.rejected.isEmpty { root["rejected"] = output.rejected.map(self.error) }
        if !output.nulled.isEmpty { root["nulled"] = output.nulled.map(self.error) }
        if !output.gatewayStatus.isEmpty {
            root["gatewayStatus"] = output.gatewayStatus.map { "\($0.gateway) \($0.online ? "online" : "offline") \($0.time.rfc3339)" }
        }
        try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys]).write(to: url)
    }
}
