import Foundation

/// Number formatting for benchmark output.
enum Figures {
    /// `v` with `digits` decimals.
    static func decimal(_ v: Double, _ digits: Int = 1) -> String {
        guard v.isFinite else { return "-" }
        return String(format: "%.\(max(0, digits))f", v)
    }

    /// A whole number with thousands separators (`1,234,567`).
    static func grouped(_ v: Double) -> String {
        guard v.isFinite else { return "-" }
        let n = Int(v.rounded())
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// Seconds in a `Duration`, as a `Double`.
    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
