import Foundation
import RTLSCore

// "Same output" baselines for `rtls-bench decode`: what a small team would write with Foundation to turn
// each benchmark payload into the same `Reading` values rtlsd's decoder produces — JSONDecoder into Codable
// structs, then plain code for the rest: timestamps with `Date.ISO8601FormatStyle`, hex text to bytes with
// `UInt8(_:radix:)`, the vendor's documented field layout, one `Reading` per stored row. No validation
// beyond what the output needs, so the ratio against it is still generous to the baseline. Each baseline is
// checked against rtlsd's decoder before it is timed (same number of readings; same kinds, metric names,
// values, times, tags, gateways, zones, flags and RSSI), and gets no figure when it differs.

/// A baseline: decodes `data` (received on the topic given) and appends the readings it stands for to
/// `readings` (emptied first).
typealias SameOutputBaseline = @Sendable (JSONDecoder, Data, String, BaselineTools, inout [Reading]) throws -> Void

/// What a baseline keeps between messages, as plain code would: the date parse strategies (Foundation's
/// `Date.ISO8601FormatStyle`; `ISO8601DateFormatter` was tried first and dropped: it keeps only
/// milliseconds, so its output differs from rtlsd's, and it parsed ~16 k timestamps per CPU-second here,
/// which would have made every ratio with a timestamp a contest against it).
final class BaselineTools {
    let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    let plain = Date.ISO8601FormatStyle()

    /// ISO 8601 text to a timestamp, with or without fractional seconds.
    func time(_ text: String) throws -> Timestamp {
        if let date = (try? self.fractional.parse(text)) ?? (try? self.plain.parse(text)) {
            return Timestamp(microseconds: Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
        }
        throw Baseline.Failure()
    }
}

/// Helpers shared by the baselines.
enum Baseline {
    static let receivedAt = Timestamp(microseconds: 1_795_435_200_000_000)

    struct Failure: Error {}

    /// Hex text to bytes.
    static func bytes(hex: String) throws -> [UInt8] {
        let chars = Array(hex.utf8)
        guard chars.count % 2 == 0 else { throw Failure() }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let b = UInt8(String(decoding: chars[i..<i + 2], as: UTF8.self), radix: 16) else { throw Failure() }
            out.append(b)
            i += 2
        }
        return out
    }

    /// A BLE MAC as rtlsd stores it: upper-case hex digits without `:` or `-` (only what these payloads
    /// need: a text that is not a MAC would differ, which the check before timing would report).
    static func mac(_ text: some StringProtocol) -> String {
        let digits = text.utf8.filter { $0 != UInt8(ascii: ":") && $0 != UInt8(ascii: "-") }
        return String(decoding: digits.map { $0 >= UInt8(ascii: "a") ? $0 - 32 : $0 }, as: UTF8.self)
    }

    /// The `/`-separated segments of a topic.
    static func segments(_ topic: String) -> [Substring] {
        topic.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { Substring($0) }
    }

    /// The tag MAC of a Ruuvi Gateway topic, `ruuvi/<gateway>/<tag>`.
    static func tagFromTopic(_ topic: String) throws -> TagID {
        let segments = segments(topic)
        guard segments.count == 3, let tag = TagID(mac(segments[2])) else { throw Failure() }
        return tag
    }

    static func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
    static func i16(_ b: [UInt8], _ i: Int) -> Int { Int(Int16(bitPattern: UInt16(b[i]) << 8 | UInt16(b[i + 1]))) }
    static func u24(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) << 16 | u16(b, i + 1) }

    /// A sensor reading of `base`'s observation (same time, tag, gateway, zone and flags).
    static func sensor(_ base: Reading, _ metric: String, _ value: Double, _ unit: String) -> Reading {
        var r = Reading(time: base.time, receivedAt: base.receivedAt, kind: .sensor, tag: base.tag, gateway: base.gateway)
        r.flags = base.flags
        r.zone = base.zone
        r.metric = MetricName(metric) ?? MetricName()
        r.value = value
        r.unit = UnitName(unit) ?? UnitName()
        return r
    }

    /// The manufacturer-specific data of a BLE advertisement (AD type 0xFF), without its length and type.
    static func manufacturerData(_ ad: [UInt8]) -> [UInt8]? {
        var i = 0
        while i < ad.count {
            let length = Int(ad[i])
            guard length > 0, i + length < ad.count else { return nil }
            if ad[i + 1] == 0xFF { return Array(ad[(i + 2)...(i + length)]) }
            i += length + 1
        }
        return nil
    }

    /// The Eddystone service data (AD type 0x16, UUID 0xFEAA) after the UUID.
    static func eddystone(_ ad: [UInt8]) -> [UInt8]? {
        var i = 0
        while i < ad.count {
            let length = Int(ad[i])
            guard length > 0, i + length < ad.count else { return nil }
            if ad[i + 1] == 0x16, length >= 3, ad[i + 2] == 0xAA, ad[i + 3] == 0xFE {
                return Array(ad[(i + 4)...(i + length)])
            }
            i += length + 1
        }
        return nil
    }

    static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.map { b in
            let s = String(b, radix: 16)
            return b < 16 ? "0" + s : s
        }.joined()
    }
}
