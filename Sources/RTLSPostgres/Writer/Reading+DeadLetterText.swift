import RTLSCore

extension Reading {
    /// The reading as one line of `key=value` text for `dead_letter.row_text`: every field that is
    /// set, times as Unix microseconds, names quoted.
    var deadLetterText: String {
        var parts = [
            "time=\(self.time.microseconds)", "received_at=\(self.receivedAt.microseconds)", "kind=\(self.kind)",
            "flags=\(self.flags.rawValue)", "tag=\(Self.quoted(self.tag.string))",
        ]
        if !self.gateway.isEmpty { parts.append("gateway=\(Self.quoted(self.gateway.string))") }
        let numbers: [(String, String?)] = [
            ("rssi", self.rssi.map { "\($0)" }), ("antenna", self.antenna.map { "\($0)" }),
            ("x", self.x.map { "\($0)" }), ("y", self.y.map { "\($0)" }), ("z", self.z.map { "\($0)" }),
            ("lat", self.lat.map { "\($0)" }), ("lon", self.lon.map { "\($0)" }),
            ("accuracy", self.accuracy.map { "\($0)" }), ("battery", self.battery.map { "\($0)" }),
        ]
        for case (let key, let value?) in numbers { parts.append("\(key)=\(value)") }
        if let identifier = self.identifierHex {
            parts.append("scheme=\(Self.quoted(self.metric.string)) identifier=\(Self.quoted(identifier))")
        } else if !self.zone.isEmpty {
            parts.append("zone=\(Self.quoted(self.zone.string))")
        }
        if self.isSensor {
            parts.append("metric=\(Self.quoted(self.metric.string))")
            parts.append("value=\(self.value.map { "\($0)" } ?? "null")")
            if !self.unit.isEmpty { parts.append("unit=\(Self.quoted(self.unit.string))") }
        }
        return parts.joined(separator: " ")
    }

    /// `s` in double quotes with `"`, `\` and NUL escaped (shared by the event dead-letter text).
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"", "\\": out += "\\\(scalar)"
            case "\0": out += "\\0"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
