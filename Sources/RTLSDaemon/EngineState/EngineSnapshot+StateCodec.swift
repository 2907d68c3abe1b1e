public import RTLSCore

/// The engine state file's bytes: `RTLSES03` | body | CRC32C of the body (u32). Little-endian;
/// identifiers as a u8 length and their bytes; an absent name as length 255; an absent value as NaN.
///
/// Body: `takenAt i64 | nextAlertID u64 | tags u32 | tag… | gateways u32 | gateway… | par rules u16 | rule…
/// | open alerts u32 | entry…` (version 03; version 02 files, written before acknowledgements were
/// kept, have no open-alerts section, and version 01 files, written before PAR levels, no PAR section;
/// both are still read;
/// usage sessions are rule slots of kind `usage` and need no section of their own);
/// tag: `tag | zone | floor | method u8 (0 none) | gateway | zoneSince, locationTime, lastSeen,
/// batteryTime i64 | rules u16 | rule…`; rule: `id | kind u8 | active u8 | alertID u64 | since,
/// clearSince, lastTime i64 | lastValue f64 | zone`; gateway: `id | lastSeen i64 | rules u16 | rule…`;
/// open-alert entry: `alert` (as in the write-ahead log's events record) `| firedAt i64 | acknowledged u8
/// | escalated u8`.
/// 200,000 tags with three rules each take about 60 MiB less than JSON and a few hundred ms less
/// (figures in BENCHMARKS.md, `rtls-bench rules`).
extension EngineSnapshot {
    static let magic = Array("RTLSES03".utf8)
    /// The header of files written before acknowledgements were kept (no open-alerts section).
    static let magicV2 = Array("RTLSES02".utf8)
    /// The header of files written before PAR levels (no PAR section).
    static let magicV1 = Array("RTLSES01".utf8)
    private static let absent: UInt8 = 255

    /// The file's bytes.
    public func stateFileBytes() -> [UInt8] {
        var out = Self.magic
        out.reserveCapacity(64 + self.tags.count * 200)
        out.appendLE(self.takenAt)
        out.appendLE(self.nextAlertID)
        out.appendLE(UInt32(self.tags.count))
        for tag in self.tags {
            out.appendInline(tag.tag)
            Self.appendOptional(tag.zone, to: &out)
            Self.appendOptional(tag.floor, to: &out)
            out.append(tag.method ?? 0)
            out.appendInline(tag.gateway)
            for time in [tag.zoneSince, tag.locationTime, tag.lastSeen, tag.batteryTime] { out.appendLE(time) }
            Self.append(tag.rules, to: &out)
        }
        out.appendLE(UInt32(self.gateways.count))
        for gateway in self.gateways {
            out.appendInline(gateway.id)
            out.appendLE(gateway.lastSeen)
            Self.append(gateway.rules, to: &out)
        }
        Self.append(self.par, to: &out)
        out.appendLE(UInt32(self.escalation.count))
        for entry in self.escalation {
            EngineOutput.encode(entry.alert, into: &out)
            out.appendLE(entry.firedAt)
            out.append(entry.acknowledged ? 1 : 0)
            out.append(entry.escalated ? 1 : 0)
        }
        out.appendLE(CRC32C.checksum(out[Self.magic.count...]))
        return out
    }

    /// Reads what ``stateFileBytes()`` wrote.
    /// - Throws: `SpoolError` (`corrupt`) for a wrong header, a bad checksum or a short file.
    public init(stateFileBytes bytes: [UInt8]) throws(SpoolError) {
        guard bytes.count >= Self.magic.count + 4 else {
            throw SpoolError(.corrupt, detail: "not an rtlsd engine state file (header)")
        }
        let header = Array(bytes[0..<Self.magic.count])
        guard header == Self.magic || header == Self.magicV2 || header == Self.magicV1 else {
            throw SpoolError(.corrupt, detail: "not an rtlsd engine state file (header)")
        }
        var trailer = SpoolByteReader(bytes, from: bytes.count - 4)
        let stored = try trailer.read(UInt32.self)
        guard CRC32C.checksum(bytes[Self.magic.count..<(bytes.count - 4)]) == stored else {
            throw SpoolError(.corrupt, detail: "checksum mismatch (torn or damaged file)")
        }
        var r = SpoolByteReader(bytes, from: Self.magic.count, end: bytes.count - 4)
        let takenAt = try r.read(Int64.self)
        let nextAlertID = try r.read(UInt64.self)
        var tags: [Tag] = []
        let tagCount = Int(try r.read(UInt32.self))
        tags.reserveCapacity(min(tagCount, r.remaining / 16))
        for _ in 0..<tagCount {
            let tag: TagID = try r.readInline()
            let zone: ZoneName? = try Self.readOptional(&r)
            let floor: SiteName? = try Self.readOptional(&r)
            let method = try r.read(UInt8.self)
            let gateway: GatewayID = try r.readInline()
            let zoneSince = try r.read(Int64.self)
            let locationTime = try r.read(Int64.self)
            let lastSeen = try r.read(Int64.self)
            let batteryTime = try r.read(Int64.self)
            tags.append(
                Tag(
                    tag: tag, zone: zone, floor: floor, method: method == 0 ? nil : method, gateway: gateway,
                    zoneSince: zoneSince, locationTime: locationTime, lastSeen: lastSeen, batteryTime: batteryTime,
                    rules: try Self.readRules(&r)))
        }
        var gateways: [Gateway] = []
        for _ in 0..<Int(try r.read(UInt32.self)) {
            let id: GatewayID = try r.readInline()
            let lastSeen = try r.read(Int64.self)
            gateways.append(Gateway(id: id, lastSeen: lastSeen, rules: try Self.readRules(&r)))
        }
        let par = header == Self.magicV1 ? [] : try Self.readRules(&r)
        var escalation: [AlertEscalation.Entry] = []
        if header == Self.magic {
            for _ in 0..<Int(try r.read(UInt32.self)) {
                let alert = try EngineOutput.decodeAlert(&r)
                let firedAt = try r.read(Int64.self)
                let acknowledged = try r.read(UInt8.self) != 0
                let escalated = try r.read(UInt8.self) != 0
                escalation.append(
                    AlertEscalation.Entry(alert: alert, firedAt: firedAt, acknowledged: acknowledged, escalated: escalated))
            }
        }
        guard r.remaining == 0 else { throw SpoolError(.corrupt, detail: "\(r.remaining) bytes after the last section") }
        self.init(takenAt: takenAt, nextAlertID: nextAlertID, tags: tags, gateways: gateways, par: par)
        self.escalation = escalation
    }

    private static func append(_ rules: [Rule], to out: inout [UInt8]) {
        out.appendLE(UInt16(truncatingIfNeeded: rules.count))
        for rule in rules {
            out.appendInline(rule.id)
            out.append(rule.kind)
            out.append(rule.active ? 1 : 0)
            out.appendLE(rule.alertID)
            for time in [rule.since, rule.clearSince, rule.lastTime] { out.appendLE(time) }
            out.appendLE((rule.lastValue ?? .nan).bitPattern)
            Self.appendOptional(rule.zone, to: &out)
        }
    }

    private static func readRules(_ r: inout SpoolByteReader) throws(SpoolError) -> [Rule] {
        var rules: [Rule] = []
        for _ in 0..<Int(try r.read(UInt16.self)) {
            let id: SiteName = try r.readInline()
            let kind = try r.read(UInt8.self)
            let active = try r.read(UInt8.self) != 0
            let alertID = try r.read(UInt64.self)
            let since = try r.read(Int64.self)
            let clearSince = try r.read(Int64.self)
            let lastTime = try r.read(Int64.self)
            let value = Double(bitPattern: try r.read(UInt64.self))
            rules.append(
                Rule(
                    id: id, kind: kind, active: active, alertID: alertID, since: since, clearSince: clearSince,
                    lastTime: lastTime, lastValue: value.isNaN ? nil : value, zone: try Self.readOptional(&r)))
        }
        return rules
    }

    private static func appendOptional<let n: Int>(_ name: InlineString<n>?, to out: inout [UInt8]) {
        if let name { out.appendInline(name) } else { out.append(Self.absent) }
    }

    private static func readOptional<let n: Int>(_ r: inout SpoolByteReader) throws(SpoolError) -> InlineString<n>? {
        let length = try r.read(UInt8.self)
        guard length != Self.absent else { return nil }
        let bytes = Array(try r.readBytes(Int(length)))
        guard let value = InlineString<n>(utf8: bytes.span) else {
            throw SpoolError(.corrupt, detail: "identifier longer than \(n) bytes")
        }
        return value
    }
}
