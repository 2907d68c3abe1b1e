public import RTLSCore
import TOMLKit

/// The rules file (`config/rules.toml`): `[location]` tuning and `[[rule]]` entries.
public struct RulesConfig: Sendable {
    /// The rules, in file order.
    public var rules: [RuleSpec]
    /// BLE smoothing and hysteresis.
    public var options: LocationOptions
    /// The file they came from.
    public var path: String
    private var lines: TOMLLineIndex

    /// Loads a rules file.
    /// - Throws: ``SiteConfigError`` naming the file, line, key and reason.
    public static func load(path: String) throws(SiteConfigError) -> RulesConfig {
        try Self.build(try TOMLDocument<SiteConfigError>.load(path: path))
    }

    /// Parses rules from text (tests, `rtlsd check-config`).
    public static func parse(text: String, path: String = "rules.toml") throws(SiteConfigError) -> RulesConfig {
        try Self.build(try TOMLDocument<SiteConfigError>.parse(text: text, file: path))
    }

    /// Builds an engine for `site` (rule zone and gateway names are checked against it).
    /// - Throws: ``SiteConfigError`` pointing at the rule's line in this file.
    public func makeEngine(site: SiteConfig, now: Timestamp) throws(SiteConfigError) -> RuleEngine {
        do {
            return try RuleEngine(site: site.site, rules: self.rules, options: self.options, now: now)
        } catch {
            throw self.error(error)
        }
    }

    /// Rebuilds `engine` for new config, keeping per-tag state (see ``RuleEngine/rebuilt(site:rules:options:now:)``).
    /// - Throws: ``SiteConfigError``; `engine` is untouched and can keep running.
    public func rebuild(_ engine: RuleEngine, site: SiteConfig, now: Timestamp) throws(SiteConfigError) -> RuleEngine {
        do {
            return try engine.rebuilt(site: site.site, rules: self.rules, options: self.options, now: now)
        } catch {
            throw self.error(error)
        }
    }

    private func error(_ error: RuleError) -> SiteConfigError {
        let index = self.rules.firstIndex { $0.id == error.ruleID } ?? 0
        let section = TOMLSection<SiteConfigError>(
            table: TOMLTable(), name: "rule", occurrence: index, file: self.path, lines: self.lines,
            label: error.ruleID)
        return section.error(SiteConfigError.code(for: error.code), key: error.key, error.site.detail)
    }

    private static func build(_ doc: TOMLDocument<SiteConfigError>) throws(SiteConfigError) -> RulesConfig {
        try doc.rejectUnknownTables(allowed: ["location", "rule"])
        var options = LocationOptions()
        if var s = try doc.table("location") {
            try s.rejectUnknownKeys(allowed: [
                "ble_window", "ble_step", "ble_max_delay", "ble_margin_db", "ble_windows", "ble_fast_margin_db",
                "max_unknown_tags", "arbitration_window",
            ])
            if let w = try s.duration("arbitration_window") { options.arbitrationWindow = w }
            if let w = try s.duration("ble_window") {
                guard w > .zero else { throw s.error(.invalidValue, key: "ble_window", "must be longer than zero") }
                options.bleWindow = w
            }
            let window = BLERoomTracker.micros(options.bleWindow)
            if let d = try s.duration("ble_step") {
                let step = BLERoomTracker.micros(d)
                guard d > .zero, step <= window, window % step == 0, window / step <= 4 else {
                    throw s.error(.invalidValue, key: "ble_step", "must divide ble_window in at most 4 steps")
                }
                options.bleStep = d
            }
            if let d = try s.duration("ble_max_delay") {
                let step = options.bleStep.map { BLERoomTracker.micros($0) } ?? max(1, window / 2)
                let open = window / step + (BLERoomTracker.micros(d) + step - 1) / step
                guard d >= .zero, open <= Int64(BLERoomTracker.ring) else {
                    throw s.error(
                        .invalidValue, key: "ble_max_delay",
                        "must be at least zero and keep at most \(BLERoomTracker.ring) steps open"
                            + " (ble_window / ble_step + ble_max_delay / ble_step, rounded up)")
                }
                options.bleMaxDelay = d
            }
            if let m = try s.number("ble_margin_db") {
                guard m >= 0 else { throw s.error(.invalidValue, key: "ble_margin_db", "must not be negative") }
                options.bleSwitchMarginDB = Float(m)
            }
            if let m = try s.number("ble_fast_margin_db") {
                guard m >= 0 else { throw s.error(.invalidValue, key: "ble_fast_margin_db", "must not be negative") }
                options.bleFastMarginDB = Float(m)
            }
            if let n = try s.number("ble_windows") {
                guard n >= 1, n <= 100, n == n.rounded() else {
                    throw s.error(.invalidValue, key: "ble_windows", "must be a whole number from 1 to 100")
                }
                options.bleSwitchWindows = Int(n)
            }
            if let n = try s.number("max_unknown_tags") {
                guard n >= 0, n == n.rounded() else {
                    throw s.error(.invalidValue, key: "max_unknown_tags", "must be a whole number")
                }
                options.maxUnknownTags = Int(n)
            }
        }
        var rules: [RuleSpec] = []
        for var s in try doc.tables("rule") {
            s.label = try s.requiredString("id")
            rules.append(try Self.rule(&s))
        }
        return RulesConfig(rules: rules, options: options, path: doc.file, lines: doc.lines)
    }

    private static let common: Set<String> = ["id", "type", "severity", "class", "group", "asset"]

    private static func rule(_ s: inout TOMLSection<SiteConfigError>) throws(SiteConfigError) -> RuleSpec {
        let type = try s.requiredString("type")
        var severity: AlertSeverity?
        if let name = try s.string("severity") {
            guard let v = AlertSeverity(name: name) else {
                throw s.error(.invalidValue, key: "severity", "\"\(name)\" must be info, warning or critical")
            }
            severity = v
        }
        let filter = AssetFilter(
            classes: try s.strings("class"), groups: try s.strings("group"), assets: try s.strings("asset"))
        let condition: RuleCondition
        func zones() throws(SiteConfigError) -> [String] {
            let z = try s.strings("zone") + (try s.strings("zones"))
            guard !z.isEmpty else { throw s.error(.missingKey, key: "zone", "is required for a \(type) rule") }
            return z
        }
        switch type {
        case "zone_enter", "zone_exit", "restricted_zone":
            try s.rejectUnknownKeys(allowed: Self.common.union(["zone", "zones"]))
            let z = try zones()
            condition =
                type == "zone_enter"
                ? .zoneEnter(zones: z) : type == "zone_exit" ? .zoneExit(zones: z) : .restrictedZone(zones: z)
        case "dwell":
            try s.rejectUnknownKeys(allowed: Self.common.union(["zone", "zones", "after"]))
            condition = .dwell(zones: try zones(), limit: try s.requiredDuration("after"))
        case "not_seen":
            try s.rejectUnknownKeys(allowed: Self.common.union(["after"]))
            condition = .notSeen(after: try s.requiredDuration("after"))
        case "low_battery":
            try s.rejectUnknownKeys(allowed: Self.common.union(["below", "clear_at"]))
            let below = try s.requiredNumber("below")
            condition = .lowBattery(below: below, clearAt: try s.number("clear_at") ?? below)
        case "sensor":
            try s.rejectUnknownKeys(
                allowed: Self.common.union([
                    "metric", "above", "above_for", "clear_below", "below", "below_for", "clear_above", "clear_after",
                ]))
            let high = try s.number("above").map { SensorBound(limit: $0, duration: .zero) }
            let low = try s.number("below").map { SensorBound(limit: $0, duration: .zero) }
            var h = high
            var l = low
            if let d = try s.duration("above_for") { h?.duration = d }
            if let d = try s.duration("below_for") { l?.duration = d }
            if let c = try s.number("clear_below") {
                guard h != nil else { throw s.error(.invalidValue, key: "clear_below", "needs `above`") }
                h?.clearAt = c
            }
            if let c = try s.number("clear_above") {
                guard l != nil else { throw s.error(.invalidValue, key: "clear_above", "needs `below`") }
                l?.clearAt = c
            }
            condition = .sensor(
                metric: try s.requiredString("metric"), high: h, low: l,
                clearAfter: try s.duration("clear_after") ?? .zero)
        case "gateway_offline":
            try s.rejectUnknownKeys(allowed: ["id", "type", "severity", "after", "gateways"])
            condition = .gatewayOffline(after: try s.requiredDuration("after"), gateways: try s.strings("gateways"))
        case "after_hours":
            try s.rejectUnknownKeys(allowed: Self.common.union(["from", "to"]))
            condition = .afterHours(fromMinute: try s.timeOfDay("from"), toMinute: try s.timeOfDay("to"))
        case "usage":
            try s.rejectUnknownKeys(
                allowed: Self.common.union([
                    "signal", "metric", "on_above", "off_below", "zone", "zones", "zone_kind", "zone_kinds",
                    "start_after", "end_after",
                ]))
            let name = try s.requiredString("signal")
            guard let signal = UsageSignal(name: name) else {
                throw s.error(.invalidValue, key: "signal", "\"\(name)\" must be power, state, motion or zone")
            }
            var usage = UsageRule(
                signal: signal, metric: try s.string("metric") ?? "", onAbove: try s.number("on_above"),
                offBelow: try s.number("off_below"), startAfter: try s.duration("start_after") ?? .zero,
                endAfter: try s.duration("end_after") ?? .zero)
            if signal == .zone {
                usage.zoneKinds = try s.strings("zone_kind") + (try s.strings("zone_kinds"))
                usage.zones = usage.zoneKinds.isEmpty ? try zones() : try s.strings("zone") + (try s.strings("zones"))
            }
            condition = .usage(usage)
        case "idle":
            try s.rejectUnknownKeys(allowed: Self.common.union(["after"]))
            condition = .idle(after: try s.requiredDuration("after"))
        case "par_level":
            try s.rejectUnknownKeys(allowed: Self.common.union(["zone", "zones", "minimum", "after"]))
            let minimum = try s.requiredNumber("minimum")
            guard minimum >= 1, minimum == minimum.rounded(), minimum <= 1_000_000 else {
                throw s.error(.invalidValue, key: "minimum", "must be a whole number of 1 or more")
            }
            condition = .parLevel(
                zones: try zones(), minimum: Int(minimum), after: try s.duration("after") ?? .seconds(60))
        default:
            throw s.error(
                .invalidValue, key: "type",
                "\"\(type)\" must be one of zone_enter, zone_exit, restricted_zone, dwell, not_seen, low_battery, "
                    + "sensor, gateway_offline, after_hours, usage, idle, par_level")
        }
        return RuleSpec(id: s.label, condition: condition, filter: filter, severity: severity)
    }
}
