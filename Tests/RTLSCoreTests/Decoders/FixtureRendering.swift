import Foundation

@testable import RTLSCore

/// Renders decoder output and `expected.json` to the same sorted `path=value` lines, so a fixture
/// mismatch shows as a readable diff and number formatting (Float vs Double) does not matter.
enum FixtureRendering {
    static func error(_ error: DecodeError) -> String {
        error.field.isEmpty ? error.code.description : "\(error.code) at \(error.field)"
    }

    static func number(_ d: Double) -> String {
        if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    static func number(_ f: Float) -> String { self.number(Double("\(f)") ?? Double(f)) }

    static func lines(_ output: DecodeOutput) -> [String] {
        var lines: [String] = []
        for (i, r) in output.readings.enumerated() {
            let p = "readings[\(i)]."
            lines.append(p + "time=" + r.time.rfc3339)
            lines.append(p + "kind=\(r.kind)")
            lines.append(p + "tag=\(r.tag)")
            if !r.gateway.isEmpty { lines.append(p + "gateway=\(r.gateway)") }
            var flags: [String] = []
            if r.flags.contains(.clockSkewed) { flags.append("clockSkewed") }
            if r.flags.contains(.receiveTime) { flags.append("receiveTime") }
            if !flags.isEmpty { lines.append(p + "flags=" + flags.joined(separator: ",")) }
            if let v = r.rssi { lines.append(p + "rssi=" + self.number(v)) }
            if let v = r.antenna { lines.append(p + "antenna=\(v)") }
            if let v = r.x { lines.append(p + "x=" + self.number(v)) }
            if let v = r.y { lines.append(p + "y=" + self.number(v)) }
            if let v = r.z { lines.append(p + "z=" + self.number(v)) }
            if let v = r.lat { lines.append(p + "lat=" + self.number(v)) }
            if let v = r.lon { lines.append(p + "lon=" + self.number(v)) }
            if let v = r.accuracy { lines.append(p + "acc=" + self.number(v)) }
            if let v = r.battery { lines.append(p + "battery=" + self.number(v)) }
            if let identifier = r.identifierHex {
                lines.append(p + "identifier=" + identifier)
            } else if !r.zone.isEmpty {
                lines.append(p + "zone=\(r.zone)")
            }
            if !r.metric.isEmpty { lines.append(p + "metric=\(r.metric)") }
            if let v = r.value { lines.append(p + "value=" + self.number(v)) }
            if !r.unit.isEmpty { lines.append(p + "unit=\(r.unit)") }
        }
        for (i, e) in output.rejected.enumerated() { lines.append("rejected[\(i)]=" + self.error(e)) }
        for (i, e) in output.nulled.enumerated() { lines.append("nulled[\(i)]=" + self.error(e)) }
        for (i, s) in output.gatewayStatus.enumerated() {
            lines.append("gatewayStatus[\(i)]=\(s.gateway) \(s.online ? "online" : "offline") \(s.time.rfc3339)")
        }
        return lines.sorted()
    }

    /// `{"readings": [{field: value}], "rejected": ["code at field"], "nulled": ["code at field"],
    /// "gatewayStatus": ["gw online time"]}`;
    /// `time` values may be any RFC 3339 form; `flags` is an array of names.
    static func lines(expected: Any) -> [String] {
        guard let root = expected as? [String: Any] else { return ["<expected.json is not an object>"] }
        var lines: [String] = []
        for (i, item) in ((root["readings"] as? [[String: Any]]) ?? []).enumerated() {
            for (key, value) in item {
                let rendered: String
                switch value {
                case let s as String where key == "time":
                    rendered = Timestamp(rfc3339: s).map(\.rfc3339) ?? "<bad time \(s)>"
                case let s as String: rendered = s
                case let a as [String]: rendered = a.joined(separator: ",")
                case let n as NSNumber: rendered = self.number(n.doubleValue)
                default: rendered = "\(value)"
                }
                lines.append("readings[\(i)].\(key)=\(rendered)")
            }
        }
        for (i, e) in ((root["rejected"] as? [String]) ?? []).enumerated() { lines.append("rejected[\(i)]=\(e)") }
        for (i, e) in ((root["nulled"] as? [String]) ?? []).enumerated() { lines.append("nulled[\(i)]=\(e)") }
        for (i, s) in ((root["gatewayStatus"] as? [String]) ?? []).enumerated() {
            let parts = s.split(separator: " ").map(String.init)
            let time = parts.count == 3 ? (Timestamp(rfc3339: parts[2])?.rfc3339 ?? parts[2]) : ""
            lines.append("gatewayStatus[\(i)]=\(parts.prefix(2).joined(separator: " ")) \(time)")
        }
        return lines.sorted()
    }
}
