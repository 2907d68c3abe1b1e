extension Alert {
    /// A readable sentence for journald and dashboards, e.g.
    /// `ICU-VENT-07 left ICU-3 (last seen BLE gw-0311)`; cleared events start with `cleared: `.
    /// Names may come from the network (a gateway id, an OwnTracks region): they are escaped
    /// visibly (``UntrustedText``), so no name can break the sentence into a forged line.
    public var message: String {
        let who = self.asset.isEmpty ? "tag \(Self.name(self.tag.string))" : Self.name(self.asset.string)
        let zone = Self.name(self.zone.string)
        let detail = Self.name(self.detail.string)
        let seen = self.lastSeen
        let text: String
        switch self.kind {
        case .zoneEnter: text = "\(who) entered \(zone)\(seen)"
        case .zoneExit: text = "\(who) left \(zone)\(seen)"
        case .restrictedZone: text = "\(who) entered restricted zone \(zone)\(seen)"
        case .dwell:
            text = "\(who) in \(zone) for \(Self.span(self.value)) (limit \(Self.span(self.threshold)))"
        case .notSeen:
            let place = self.zone.isEmpty ? "" : " in \(zone)"
            text =
                "\(who) not seen for \(Self.span(self.value)) (limit \(Self.span(self.threshold)), last\(place)\(seen))"
        case .lowBattery:
            text = "\(who) battery \(Self.number(self.value)) % (threshold \(Self.number(self.threshold)) %)"
        case .sensorHigh:
            text = "\(who) \(detail) \(Self.number(self.value)) above \(Self.number(self.threshold))"
        case .sensorLow:
            text = "\(who) \(detail) \(Self.number(self.value)) below \(Self.number(self.threshold))"
        case .gatewayOffline: text = "gateway \(Self.name(self.gateway.string)) silent for \(Self.span(self.value))"
        case .afterHours:
            let place = self.zone.isEmpty ? "" : " in \(zone)"
            text = "\(who) on floor \(detail)\(place) outside its home floor after hours"
        }
        return self.state == .cleared ? "cleared: " + text : text
    }

    private var lastSeen: String {
        guard let method = self.method else { return "" }
        return self.gateway.isEmpty
            ? " (last seen \(method.label))" : " (last seen \(method.label) \(Self.name(self.gateway.string)))"
    }

    private static func name(_ text: String) -> String { UntrustedText.escaped(text) }

    private static func number(_ v: Double?) -> String {
        guard let v else { return "?" }
        return v == v.rounded() ? String(Int(v)) : String((v * 10).rounded() / 10)
    }

    private static func span(_ seconds: Double?) -> String {
        guard let s = seconds else { return "?" }
        if s >= 10_800 { return "\(number(s / 3600)) h" }
        if s >= 600 { return "\(number(s / 60)) min" }
        return "\(number(s)) s"
    }
}
