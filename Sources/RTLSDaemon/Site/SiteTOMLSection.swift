import RTLSCore
import TOMLKit

/// One table of a config file (`[facility]` or the n-th `[[zone]]`) with typed getters whose
/// errors carry the file, line and key.
struct SiteTOMLSection {
    let table: TOMLTable
    /// Table name without brackets (`zone`).
    let name: String
    /// Position in its array of tables, `nil` for a plain table.
    let index: Int?
    let path: String
    let finder: TOMLLineFinder
    /// A label such as the element's name, once known (`"ICU-3"`).
    var label = ""

    /// An error at `key` (or at the table when `key` is `nil`).
    func error(_ code: SiteConfigError.Code, _ key: String?, _ detail: String) -> SiteConfigError {
        var place = self.index == nil ? "[\(self.name)]" : "[[\(self.name)]]"
        if !self.label.isEmpty {
            place += " \"\(self.label)\""
        } else if let i = self.index {
            place += " #\(i + 1)"
        }
        if let key { place += " \(key)" }
        return SiteConfigError(
            code, path: self.path, line: self.finder.line(table: self.name, index: self.index, key: key),
            location: place, detail: detail)
    }

    /// Wraps a site-model error thrown while adding this element.
    func error(_ site: SiteError) -> SiteConfigError {
        self.error(SiteConfigError.code(for: site.code), site.key, site.detail)
    }

    /// Rejects keys not in `allowed` (typos would otherwise be silently ignored).
    func checkKeys(_ allowed: Set<String>) throws(SiteConfigError) {
        for key in self.table.keys where !allowed.contains(key) {
            throw self.error(
                .unknownKey, key, "unknown key; expected one of \(allowed.sorted().joined(separator: ", "))")
        }
    }

    func string(_ key: String) throws(SiteConfigError) -> String? {
        guard let value = self.table[key] else { return nil }
        guard let s = value.string else { throw self.error(.wrongType, key, "is a \(value.type), expected a string") }
        return s
    }

    func requiredString(_ key: String) throws(SiteConfigError) -> String {
        guard let s = try self.string(key) else { throw self.error(.missingKey, key, "is required") }
        return s
    }

    /// An integer or float.
    func number(_ key: String) throws(SiteConfigError) -> Double? {
        guard let value = self.table[key] else { return nil }
        if let i = value.int { return Double(i) }
        guard let d = value.double, d.isFinite else {
            throw self.error(.wrongType, key, "is a \(value.type), expected a number")
        }
        return d
    }

    func requiredNumber(_ key: String) throws(SiteConfigError) -> Double {
        guard let n = try self.number(key) else { throw self.error(.missingKey, key, "is required") }
        return n
    }

    /// A string or an array of strings.
    func strings(_ key: String) throws(SiteConfigError) -> [String] {
        guard let value = self.table[key] else { return [] }
        if let s = value.string { return [s] }
        guard let array = value.array else {
            throw self.error(.wrongType, key, "is a \(value.type), expected a string or an array of strings")
        }
        var out: [String] = []
        for item in array {
            guard let s = item.string else {
                throw self.error(.wrongType, key, "holds a \(item.type), expected strings")
            }
            out.append(s)
        }
        return out
    }

    /// A duration: `"90s"`, `"30m"`, `"4h"`, `"1h30m"`, `"2d"`, or an integer number of seconds.
    func duration(_ key: String) throws(SiteConfigError) -> Duration? {
        guard let value = self.table[key] else { return nil }
        if let i = value.int, i >= 0 { return .seconds(i) }
        guard let text = value.string, let d = Self.parseDuration(text) else {
            throw self.error(.invalidValue, key, "must be a duration such as \"90s\", \"30m\", \"4h\" or \"1h30m\"")
        }
        return d
    }

    func requiredDuration(_ key: String) throws(SiteConfigError) -> Duration {
        guard let d = try self.duration(key) else { throw self.error(.missingKey, key, "is required") }
        return d
    }

    /// A time of day `"HH:MM"` as minutes after midnight.
    func timeOfDay(_ key: String) throws(SiteConfigError) -> Int {
        let text = try self.requiredString(key)
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m)
        else { throw self.error(.invalidValue, key, "\"\(text)\" must be a time of day HH:MM") }
        return h * 60 + m
    }

    /// An array of `[a, b]` number pairs.
    func pairs(_ key: String) throws(SiteConfigError) -> [(Double, Double)]? {
        guard let value = self.table[key] else { return nil }
        guard let array = value.array else { throw self.error(.wrongType, key, "must be an array of [x, y] pairs") }
        var out: [(Double, Double)] = []
        for item in array {
            guard let pair = item.array, pair.count == 2, let a = Self.double(pair[0]), let b = Self.double(pair[1])
            else {
                throw self.error(.wrongType, key, "must be an array of [x, y] number pairs")
            }
            out.append((a, b))
        }
        return out
    }

    static func double(_ v: any TOMLValueConvertible) -> Double? { v.int.map(Double.init) ?? v.double }

    static func parseDuration(_ text: String) -> Duration? {
        var total: Int64 = 0
        var digits = ""
        var sawUnit = false
        for c in text {
            if c.isNumber {
                digits.append(c)
                continue
            }
            guard let n = Int64(digits) else { return nil }
            let scale: Int64
            switch c {
            case "s": scale = 1
            case "m": scale = 60
            case "h": scale = 3600
            case "d": scale = 86_400
            default: return nil
            }
            total += n * scale
            digits = ""
            sawUnit = true
        }
        guard digits.isEmpty, sawUnit else { return nil }
        return .seconds(total)
    }
}
