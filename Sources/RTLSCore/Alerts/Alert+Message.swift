extension Alert {
    /// A readable sentence for journald and dashboards, e.g.
    /// `ICU-VENT-07 left ICU-3 (last seen BLE gw-0311)`; cleared events start with `cleared: `.
    /// Names may come from the network (a gateway id, an OwnTracks region): they are escaped
    /// visibly (``UntrustedText``), so no name can break the sentence into a forged line. This is
    /// the copy stored in the database and published over MQTT.
    public var message: String { self.sentence(escaping: true) }

    /// The sentence with names as received, for rtlsd's log handlers, which escape the whole line
    /// themselves (escaping the names here too would double every backslash in the journal).
    public var logMessage: String { self.sentence(escaping: false) }

    private func sentence(escaping: Bool) -> String {
        let name: (String) -> String = escaping ? { UntrustedText.escaped($0) } : { $0 }
        let who = self.asset.isEmpty ? "tag \(name(self.tag.string))" : name(self.asset.string)
        let zone = name(self.zone.string)
        let detail = name(self.detail.string)
        let seen = self.lastSeen(name)
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
        case .gatewayOffline: text = "gateway \(name(self.gateway.string)) silent for \(Self.span(self.value))"
        case .afterHours:
            let place = self.zone.isEmpty ? "" : " in \(zone)"
            text = "\(who) on floor \(detail)\(place) outside its home floor after hours"
        case .usage: text = "\(who) usage"
        case .idle:
            text = "\(who) not in use for \(Self.span(self.value)) (limit \(Self.span(self.threshold)))"
        case .parLevel:
            text =
                "\(zone): \(Self.number(self.value)) \(detail) available, PAR level \(Self.number(self.threshold))"
        }
        return self.state == .cleared ? "cleared: " + text : text
    }

    private func lastSeen(_ name: (String) -> String) -> String {
        guard let method = self.method else { return "" }
        return self.gateway.isEmpty
            ? " (last seen \(method.label))" : " (last seen \(method.label) \(name(self.gateway.string)))"
    }

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
