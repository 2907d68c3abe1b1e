/// A rule resolved against a site model: zone and gateway names replaced by indices, durations
/// in microseconds. A sensor rule with both bounds becomes two compiled rules (high and low).
///
/// Trivially copyable on purpose: rules are read for every slot of every reading, and a struct
/// holding arrays would cost reference counting each time. Zones live in a flat array
/// (`zoneStart..<zoneEnd`); filters and gateway lists are only needed while building the engine.
struct CompiledRule: Sendable, BitwiseCopyable {
    var id: SiteName
    var kind: AlertKind
    var severity: AlertSeverity
    /// Zones for zone, restricted and dwell rules: `zoneStart..<zoneEnd` in the flat zone array.
    var zoneStart: Int32 = 0
    var zoneEnd: Int32 = 0
    /// Dwell limit, not-seen and offline delay, sensor excursion duration (µs).
    var limit: Int64 = 0
    /// Battery threshold or sensor bound.
    var threshold: Double = 0
    /// Battery level that clears.
    var clearLevel: Double = 0
    /// Time back within the bound before a sensor alert clears (µs).
    var clearAfter: Int64 = 0
    var metric: MetricName = MetricName()
    var fromMinute: Int = 0
    var toMinute: Int = 0
    /// Usage rules: the signal, and whether `threshold` (on above) applies to a motion metric.
    var signal: UsageSignal = .power
    var hasThreshold = false

    /// Whether the rule keeps per-tag state (every kind but gateway offline and PAR levels).
    var isPerAsset: Bool { self.kind != .gatewayOffline && self.kind != .parLevel }

    static func defaultSeverity(_ kind: AlertKind) -> AlertSeverity {
        switch kind {
        case .zoneEnter: .info
        case .restrictedZone, .sensorHigh, .sensorLow: .critical
        case .usage, .idle: .info
        default: .warning
        }
    }

    /// The output of ``compile(_:site:)``: rules plus their zones, filters and gateway lists.
    struct Compiled {
        var rules: [CompiledRule] = []
        var zones: [Int32] = []
        var filters: [AssetFilter] = []
        var gateways: [[Int32]] = []

        mutating func append(_ rule: CompiledRule, filter: AssetFilter, zones: [Int32] = [], gateways: [Int32] = []) {
            var r = rule
            r.zoneStart = Int32(self.zones.count)
            self.zones += zones
            r.zoneEnd = Int32(self.zones.count)
            self.rules.append(r)
            self.filters.append(filter)
            self.gateways.append(gateways)
        }
    }

    /// Resolves `specs` against `site`.
    /// - Throws: `duplicateName`, `unknownReference`, `invalidValue`, `nameTooLong`.
    static func compile(_ specs: [RuleSpec], site: SiteModel) throws(RuleError) -> Compiled {
        var out = Compiled()
        var seen: Set<String> = []
        for spec in specs {
            guard seen.insert(spec.id).inserted else {
                throw RuleError(ruleID: spec.id, .duplicateName, key: "id", detail: "rule id is used twice")
            }
            guard !spec.id.isEmpty, let id = SiteName(spec.id) else {
                throw RuleError(ruleID: spec.id, .nameTooLong, key: "id", detail: "rule id must be 1 to 32 bytes")
            }
            func base(_ kind: AlertKind) -> CompiledRule {
                CompiledRule(id: id, kind: kind, severity: spec.severity ?? Self.defaultSeverity(kind))
            }
            func fail(_ key: String, _ detail: String, _ code: SiteError.Code = .invalidValue) -> RuleError {
                RuleError(ruleID: spec.id, code, key: key, detail: detail)
            }
            func zones(_ names: [String]) throws(RuleError) -> [Int32] {
                guard !names.isEmpty else { throw fail("zone", "names no zone") }
                var result: [Int32] = []
                for name in names {
                    guard let z = ZoneName(name).flatMap({ site.zoneIndex($0) }) else {
                        throw fail("zone", "zone \"\(name)\" is not defined in the site file", .unknownReference)
                    }
                    result.append(z)
                }
                return result
            }
            func micros(_ d: Duration, _ key: String) throws(RuleError) -> Int64 {
                guard d >= .zero else { throw fail(key, "must not be negative") }
                return d == .zero ? 0 : BLERoomTracker.micros(d)
            }
            switch spec.condition {
            case .zoneEnter(let names), .zoneExit(let names), .restrictedZone(let names):
                var r: CompiledRule
                switch spec.condition {
                case .zoneEnter: r = base(.zoneEnter)
                case .zoneExit: r = base(.zoneExit)
                default: r = base(.restrictedZone)
                }
                out.append(r, filter: spec.filter, zones: try zones(names))
            case .dwell(let names, let limit):
                var r = base(.dwell)
                r.limit = try micros(limit, "after")
                out.append(r, filter: spec.filter, zones: try zones(names))
            case .notSeen(let after):
                var r = base(.notSeen)
                r.limit = try micros(after, "after")
                guard r.limit > 0 else { throw fail("after", "must be longer than zero") }
                out.append(r, filter: spec.filter)
            case .lowBattery(let below, let clearAt):
                guard below > 0, below <= 100 else { throw fail("below", "must be a percentage above 0") }
                guard clearAt >= below, clearAt <= 100 else {
                    throw fail("clear_at", "must be between `below` (\(below)) and 100")
                }
                var r = base(.lowBattery)
                r.threshold = below
                r.clearLevel = clearAt
                out.append(r, filter: spec.filter)
            case .sensor(let metric, let high, let low, let clearAfter):
                guard let m = MetricName(metric), !metric.isEmpty else {
                    throw fail("metric", "must be a metric name of 1 to 24 bytes")
                }
                guard high != nil || low != nil else { throw fail("above", "a sensor rule needs `above` or `below`") }
                if let high, let low, low.limit >= high.limit {
                    throw fail("below", "must be lower than `above` (\(high.limit))")
                }
                let clear = try micros(clearAfter, "clear_after")
                if let high, let clear = high.clearAt, clear > high.limit || (low.map { clear <= $0.limit } ?? false) {
                    throw fail("clear_below", "must be at or below `above` (\(high.limit)) and above `below`")
                }
                if let low, let clear = low.clearAt, clear < low.limit || (high.map { clear >= $0.limit } ?? false) {
                    throw fail("clear_above", "must be at or above `below` (\(low.limit)) and below `above`")
                }
                for (bound, kind, key) in [(high, AlertKind.sensorHigh, "above_for"), (low, .sensorLow, "below_for")] {
                    guard let bound else { continue }
                    var r = base(kind)
                    r.metric = m
                    r.threshold = bound.limit
                    r.clearLevel = bound.clearAt ?? bound.limit
                    r.limit = try micros(bound.duration, key)
                    r.clearAfter = clear
                    out.append(r, filter: spec.filter)
                }
            case .gatewayOffline(let after, let names):
                var r = base(.gatewayOffline)
                r.limit = try micros(after, "after")
                guard r.limit > 0 else { throw fail("after", "must be longer than zero") }
                var gateways: [Int32] = []
                for name in names {
                    guard let g = GatewayID(name).flatMap({ site.gatewayIndex($0) }) else {
                        throw fail("gateways", "gateway \"\(name)\" is not defined in the site file", .unknownReference)
                    }
                    gateways.append(g)
                }
                if names.isEmpty { gateways = (0..<Int32(site.gateways.count)).map { $0 } }
                out.append(r, filter: spec.filter, gateways: gateways)
            case .usage(let usage):
                var r = base(.usage)
                r.signal = usage.signal
                r.limit = try micros(usage.startAfter, "start_after")
                r.clearAfter = try micros(usage.endAfter, "end_after")
                var zoneList: [Int32] = []
                if usage.signal == .zone {
                    zoneList = usage.zones.isEmpty && !usage.zoneKinds.isEmpty ? [] : try zones(usage.zones)
                    for kind in usage.zoneKinds {
                        let ofKind = site.zones.indices.filter { site.zones[$0].kind == kind }.map { Int32($0) }
                        guard !ofKind.isEmpty else {
                            throw fail("zone_kind", "no zone in the site file has kind \"\(kind)\"", .unknownReference)
                        }
                        zoneList += ofKind.filter { !zoneList.contains($0) }
                    }
                } else {
                    guard let m = MetricName(usage.metric), !usage.metric.isEmpty else {
                        throw fail("metric", "a \(usage.signal) usage rule needs a metric name of 1 to 24 bytes")
                    }
                    r.metric = m
                }
                if usage.signal == .power, usage.onAbove == nil {
                    throw fail("on_above", "a power usage rule needs `on_above`")
                }
                if let on = usage.onAbove {
                    r.hasThreshold = true
                    r.threshold = on
                    r.clearLevel = usage.offBelow ?? on
                    guard r.clearLevel <= on else { throw fail("off_below", "must be at or below `on_above` (\(on))") }
                }
                out.append(r, filter: spec.filter, zones: zoneList)
            case .idle(let after):
                var r = base(.idle)
                r.limit = try micros(after, "after")
                guard r.limit > 0 else { throw fail("after", "must be longer than zero") }
                out.append(r, filter: spec.filter)
            case .parLevel(let names, let minimum, let after):
                guard minimum >= 1 else { throw fail("minimum", "must be 1 or more") }
                var r = base(.parLevel)
                r.threshold = Double(minimum)
                r.limit = try micros(after, "after")
                out.append(r, filter: spec.filter, zones: try zones(names))
            case .afterHours(let from, let to):
                guard (0..<1440).contains(from) else { throw fail("from", "must be a time of day HH:MM") }
                guard (0..<1440).contains(to), to != from else {
                    throw fail("to", "must be a time of day other than `from`")
                }
                var r = base(.afterHours)
                r.fromMinute = from
                r.toMinute = to
                out.append(r, filter: spec.filter)
            }
        }
        return out
    }
}
