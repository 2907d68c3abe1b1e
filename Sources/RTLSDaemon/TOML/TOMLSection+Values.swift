import TOMLKit

extension TOMLSection {
    /// A string or an array of strings; empty when absent.
    mutating func strings(_ key: String) throws(Failure) -> [String] {
        guard let value = self.value(key) else { return [] }
        if let s = value.string { return [s] }
        guard let array = value.array else {
            throw self.error(.wrongType(found: "\(value.type)", expected: "a string or an array of strings"), key: key)
        }
        var out: [String] = []
        for item in array {
            guard let s = item.string else {
                throw self.error(.wrongShape("holds a \(item.type), expected strings"), key: key)
            }
            out.append(s)
        }
        return out
    }

    /// A duration: `"1500ms"`, `"90s"`, `"30m"`, `"4h"`, `"1h30m"`, `"2d"`, or a whole number of seconds; `nil` when absent.
    mutating func duration(_ key: String) throws(Failure) -> Duration? {
        guard let value = self.value(key) else { return nil }
        if let i = value.int, i >= 0 { return .seconds(i) }
        guard let text = value.string, let d = Self.parseDuration(text) else {
            throw self.error(
                .invalidValue("must be a duration such as \"1500ms\", \"90s\", \"30m\", \"4h\" or \"1h30m\""), key: key)
        }
        return d
    }

    /// A duration within `range` (bounds written as the config would: `"1s"`, `"7d"`); `nil` when absent.
    mutating func duration(_ key: String, within range: ClosedRange<Duration>) throws(Failure) -> Duration? {
        guard let d = try self.duration(key) else { return nil }
        guard range.contains(d) else {
            throw self.error(
                .invalidValue("must be between \(Self.spelled(range.lowerBound)) and \(Self.spelled(range.upperBound))"),
                key: key)
        }
        return d
    }

    /// A duration as a config file spells it: `"90s"`, `"10ms"`.
    static func spelled(_ d: Duration) -> String {
        let ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        return ms % 1000 == 0 ? "\"\(ms / 1000)s\"" : "\"\(ms)ms\""
    }

    /// A duration that must be present.
    mutating func requiredDuration(_ key: String) throws(Failure) -> Duration {
        guard let d = try self.duration(key) else { throw self.error(.missingKey, key: key) }
        return d
    }

    /// A required time of day `"HH:MM"`, as minutes after midnight.
    mutating func timeOfDay(_ key: String) throws(Failure) -> Int {
        let text = try self.requiredString(key)
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m)
        else { throw self.error(.invalidValue("\"\(text)\" must be a time of day HH:MM"), key: key) }
        return h * 60 + m
    }

    /// An array of `[a, b]` number pairs, `nil` when absent.
    mutating func pairs(_ key: String) throws(Failure) -> [(Double, Double)]? {
        guard let value = self.value(key) else { return nil }
        guard let array = value.array else {
            throw self.error(.wrongShape("must be an array of [x, y] pairs"), key: key)
        }
        var out: [(Double, Double)] = []
        for item in array {
            guard let pair = item.array, pair.count == 2, let a = Self.double(pair[0]), let b = Self.double(pair[1])
            else {
                throw self.error(.wrongShape("must be an array of [x, y] number pairs"), key: key)
            }
            out.append((a, b))
        }
        return out
    }

    /// An integer or float value as a `Double`.
    static func double(_ v: any TOMLValueConvertible) -> Double? { v.int.map(Double.init) ?? v.double }

    /// Parses `"1h30m"`-style text (units `ms`, `s`, `m`, `h`, `d`, at least one): `"1500ms"`, `"1s500ms"`.
    static func parseDuration(_ text: String) -> Duration? {
        var milliseconds: Int64 = 0
        var digits = ""
        var sawUnit = false
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            i += 1
            if c.isASCII, c.isNumber {
                digits.append(c)
                continue
            }
            guard let n = Int64(digits), n <= 1_000_000_000_000 else { return nil }
            let scale: Int64
            switch c {
            case "m" where i < chars.count && chars[i] == "s":
                scale = 1
                i += 1
            case "s": scale = 1000
            case "m": scale = 60_000
            case "h": scale = 3_600_000
            case "d": scale = 86_400_000
            default: return nil
            }
            milliseconds += n * scale
            digits = ""
            sawUnit = true
        }
        guard digits.isEmpty, sawUnit else { return nil }
        return .milliseconds(milliseconds)
    }
}
