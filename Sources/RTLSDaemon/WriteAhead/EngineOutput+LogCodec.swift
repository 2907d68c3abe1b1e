import RTLSCore

/// The write-ahead log's form of what the rules emitted for a message or a sweep (an *events
/// record*, see ``WriteAheadRecord``), little-endian:
///
/// `alerts u32, zoneEvents u32, locations u32`, then each item. Identifiers are a `u8` length and
/// UTF-8 bytes; an optional value is a presence byte (0/1) and the value.
/// - Alert: `alertID u64, rule, kind u8, severity u8, state u8, time i64, tag, asset, zone, gateway,
///   method?, value? f64, threshold? f64, detail`.
/// - Zone event: `transition u8, time i64, tag, asset, zoneIndex i32, zone, method u8, gateway`.
/// - Location: `tag, asset, zoneIndex? i32, zone, floor, method?, time i64, gateway, since i64`.
///
/// Then, only when usage sessions closed or alerts were acknowledged or escalated (so every other
/// record reads as before these existed, and an older rtlsd can still read it): `usage u32, actions
/// u32`, each session `tag, asset, class, rule, signal u8, start i64, end i64, zone`, each action
/// `kind u8, time i64, actor` and the alert as above. A record that ends after the locations has neither.
extension EngineOutput {
    /// Appends this output's alerts, zone events and locations.
    func encodeLog(into out: inout [UInt8]) {
        out.appendLE(UInt32(self.alerts.count))
        out.appendLE(UInt32(self.zoneEvents.count))
        out.appendLE(UInt32(self.locations.count))
        for a in self.alerts { Self.encode(a, into: &out) }
        for e in self.zoneEvents {
            out.append(e.transition.rawValue)
            out.appendLE(e.time.microseconds)
            out.appendInline(e.tag)
            out.appendInline(e.asset)
            out.appendLE(e.zoneIndex)
            out.appendInline(e.zone)
            out.append(e.method.rawValue)
            out.appendInline(e.gateway)
        }
        for l in self.locations {
            out.appendInline(l.tag)
            out.appendInline(l.asset)
            Self.appendOptional(l.zoneIndex.map { UInt64(UInt32(bitPattern: $0)) }, bytes: 4, to: &out)
            out.appendInline(l.zone)
            out.appendInline(l.floor)
            Self.appendOptional(l.method.map { UInt64($0.rawValue) }, bytes: 1, to: &out)
            out.appendLE(l.time.microseconds)
            out.appendInline(l.gateway)
            out.appendLE(l.since.microseconds)
        }
        guard !self.usage.isEmpty || !self.alertActions.isEmpty else { return }
        out.appendLE(UInt32(self.usage.count))
        out.appendLE(UInt32(self.alertActions.count))
        for u in self.usage {
            out.appendInline(u.tag)
            out.appendInline(u.asset)
            out.appendInline(u.assetClass)
            out.appendInline(u.ruleID)
            out.append(u.signal.rawValue)
            out.appendLE(u.start.microseconds)
            out.appendLE(u.end.microseconds)
            out.appendInline(u.zone)
        }
        for action in self.alertActions {
            out.append(action.kind.rawValue)
            out.appendLE(action.time.microseconds)
            out.appendInline(action.actor)
            Self.encode(action.alert, into: &out)
        }
    }

    static func encode(_ a: Alert, into out: inout [UInt8]) {
        out.appendLE(a.alertID)
        out.appendInline(a.ruleID)
        out.append(a.kind.rawValue)
        out.append(a.severity.rawValue)
        out.append(a.state.rawValue)
        out.appendLE(a.time.microseconds)
        out.appendInline(a.tag)
        out.appendInline(a.asset)
        out.appendInline(a.zone)
        out.appendInline(a.gateway)
        Self.appendOptional(a.method.map { UInt64($0.rawValue) }, bytes: 1, to: &out)
        Self.appendOptional(a.value.map(\.bitPattern), bytes: 8, to: &out)
        Self.appendOptional(a.threshold.map(\.bitPattern), bytes: 8, to: &out)
        out.appendInline(a.detail)
    }

    /// Reads what ``encodeLog(into:)`` wrote, appending to this output.
    /// - Throws: `corrupt` when the bytes end early or hold an unknown enum value.
    mutating func decodeLog(from reader: inout SpoolByteReader) throws(SpoolError) {
        let alerts = Int(try reader.read(UInt32.self))
        let zoneEvents = Int(try reader.read(UInt32.self))
        let locations = Int(try reader.read(UInt32.self))
        // Each item takes at least 8 bytes: counts beyond the record are damage, not allocations.
        guard (alerts + zoneEvents + locations) * 8 <= reader.remaining else {
            throw SpoolError(.corrupt, detail: "events record counts exceed its length")
        }
        for _ in 0..<alerts { self.alerts.append(try Self.decodeAlert(&reader)) }
        for _ in 0..<zoneEvents {
            guard let transition = ZoneEvent.Transition(rawValue: try reader.read(UInt8.self)) else {
                throw SpoolError(.corrupt, detail: "unknown zone transition")
            }
            let time = Timestamp(microseconds: try reader.read(Int64.self))
            let tag: TagID = try reader.readInline()
            let asset: SiteName = try reader.readInline()
            let zoneIndex = try reader.read(Int32.self)
            let zone: ZoneName = try reader.readInline()
            let method = try Self.method(UInt64(try reader.read(UInt8.self)))
            let gateway: GatewayID = try reader.readInline()
            self.zoneEvents.append(
                ZoneEvent(
                    transition: transition, time: time, tag: tag, asset: asset, zoneIndex: zoneIndex, zone: zone,
                    method: method, gateway: gateway))
        }
        for _ in 0..<locations {
            let tag: TagID = try reader.readInline()
            let asset: SiteName = try reader.readInline()
            let zoneIndex = try Self.readOptional(&reader, bytes: 4).map { Int32(bitPattern: UInt32($0)) }
            let zone: ZoneName = try reader.readInline()
            let floor: SiteName = try reader.readInline()
            let method = try Self.readOptional(&reader, bytes: 1).map { raw throws(SpoolError) in try Self.method(raw) }
            let time = Timestamp(microseconds: try reader.read(Int64.self))
            let gateway: GatewayID = try reader.readInline()
            let since = Timestamp(microseconds: try reader.read(Int64.self))
            self.locations.append(
                AssetLocation(
                    tag: tag, asset: asset, zoneIndex: zoneIndex, zone: zone, floor: floor, method: method, time: time,
                    gateway: gateway, since: since))
        }
        guard reader.remaining > 0 else { return }
        let usage = Int(try reader.read(UInt32.self))
        let actions = Int(try reader.read(UInt32.self))
        guard (usage + actions) * 8 <= reader.remaining else {
            throw SpoolError(.corrupt, detail: "events record usage count exceeds its length")
        }
        for _ in 0..<usage {
            let tag: TagID = try reader.readInline()
            let asset: SiteName = try reader.readInline()
            let assetClass: SiteName = try reader.readInline()
            let rule: SiteName = try reader.readInline()
            guard let signal = UsageSignal(rawValue: try reader.read(UInt8.self)) else {
                throw SpoolError(.corrupt, detail: "unknown usage signal")
            }
            let start = Timestamp(microseconds: try reader.read(Int64.self))
            let end = Timestamp(microseconds: try reader.read(Int64.self))
            let zone: ZoneName = try reader.readInline()
            self.usage.append(
                UsageSession(
                    tag: tag, asset: asset, assetClass: assetClass, ruleID: rule, signal: signal, start: start, end: end,
                    zone: zone))
        }
        for _ in 0..<actions {
            guard let kind = AlertAction.Kind(rawValue: try reader.read(UInt8.self)) else {
                throw SpoolError(.corrupt, detail: "unknown alert action")
            }
            let time = Timestamp(microseconds: try reader.read(Int64.self))
            let actor: SiteName = try reader.readInline()
            self.alertActions.append(AlertAction(kind: kind, time: time, actor: actor, alert: try Self.decodeAlert(&reader)))
        }
    }

    static func decodeAlert(_ reader: inout SpoolByteReader) throws(SpoolError) -> Alert {
        let id = try reader.read(UInt64.self)
        let rule: SiteName = try reader.readInline()
        guard let kind = AlertKind(rawValue: try reader.read(UInt8.self)),
            let severity = AlertSeverity(rawValue: try reader.read(UInt8.self)),
            let state = AlertState(rawValue: try reader.read(UInt8.self))
        else { throw SpoolError(.corrupt, detail: "unknown alert kind, severity or state") }
        let time = Timestamp(microseconds: try reader.read(Int64.self))
        var alert = Alert(alertID: id, ruleID: rule, kind: kind, severity: severity, state: state, time: time)
        alert.tag = try reader.readInline()
        alert.asset = try reader.readInline()
        alert.zone = try reader.readInline()
        alert.gateway = try reader.readInline()
        alert.method = try Self.readOptional(&reader, bytes: 1).map { raw throws(SpoolError) in try Self.method(raw) }
        alert.value = try Self.readOptional(&reader, bytes: 8).map { Double(bitPattern: $0) }
        alert.threshold = try Self.readOptional(&reader, bytes: 8).map { Double(bitPattern: $0) }
        alert.detail = try reader.readInline()
        return alert
    }

    private static func method(_ raw: UInt64) throws(SpoolError) -> LocationMethod {
        guard raw <= UInt8.max, let method = LocationMethod(rawValue: UInt8(raw)) else {
            throw SpoolError(.corrupt, detail: "unknown location method")
        }
        return method
    }

    private static func appendOptional(_ value: UInt64?, bytes: Int, to out: inout [UInt8]) {
        guard let value else { return out.append(0) }
        out.append(1)
        for i in 0..<bytes { out.append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
    }

    private static func readOptional(_ reader: inout SpoolByteReader, bytes: Int) throws(SpoolError) -> UInt64? {
        switch try reader.read(UInt8.self) {
        case 0: return nil
        case 1:
            var value: UInt64 = 0
            for i in 0..<bytes { value |= UInt64(try reader.read(UInt8.self)) << (8 * i) }
            return value
        default: throw SpoolError(.corrupt, detail: "bad presence byte")
        }
    }
}
