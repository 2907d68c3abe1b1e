/// The one-line `STATUS=` text `systemctl status rtlsd` shows under the unit name.
///
/// `42,310 readings/s · ring 3% · db lag 180 ms · spool 0 B · 2 alerts active`
///
/// Pure and locale-independent (digits grouped with commas, SI byte units), so the same numbers
/// always give the same text.
public struct StatusLine: Sendable, Hashable {
    /// Readings written per second over the last interval.
    public var readingsPerSecond: Double
    /// How full the ring is, 0…1.
    public var ringFill: Double
    /// Age of the oldest reading not yet committed; `nil` while PostgreSQL is unreachable.
    public var databaseLag: Duration?
    /// Bytes waiting in the disk spool.
    public var spoolBytes: UInt64
    /// Alerts currently fired and not yet cleared.
    public var activeAlerts: Int

    /// Creates a status line from the pipeline's current figures.
    public init(
        readingsPerSecond: Double, ringFill: Double, databaseLag: Duration?, spoolBytes: UInt64, activeAlerts: Int
    ) {
        self.readingsPerSecond = readingsPerSecond
        self.ringFill = ringFill
        self.databaseLag = databaseLag
        self.spoolBytes = spoolBytes
        self.activeAlerts = activeAlerts
    }

    /// The formatted line, parts separated by ` · `.
    public var text: String {
        let rate = Self.grouped(UInt64(max(0, self.readingsPerSecond).rounded()))
        let lag = self.databaseLag.map { "db lag \(Self.duration($0))" } ?? "db unreachable"
        let alerts = self.activeAlerts == 1 ? "1 alert active" : "\(max(0, self.activeAlerts)) alerts active"
        return [
            "\(rate) readings/s",
            "ring \(Self.percent(self.ringFill))",
            lag,
            "spool \(Self.bytes(self.spoolBytes))",
            alerts,
        ].joined(separator: " · ")
    }

    /// `1234567` → `1,234,567`.
    static func grouped(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    /// `0.034` → `3%`; a non-empty ring below 1% reads `<1%` so it never looks empty.
    static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite, fraction > 0 else { return "0%" }
        let clamped = min(fraction, 1)
        let whole = Int((clamped * 100).rounded())
        return whole == 0 ? "<1%" : "\(whole)%"
    }

    /// `180 ms`, `2.4 s`, `3 min`.
    static func duration(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        if milliseconds < 60_000 { return Self.oneDecimal(Double(milliseconds) / 1000) + " s" }
        return "\(milliseconds / 60_000) min"
    }

    /// `0 B`, `512 B`, `38 MB`, `9.6 GB` (powers of 1000).
    static func bytes(_ count: UInt64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(count) B" }
        return (value < 10 ? Self.oneDecimal(value) : String(Int(value.rounded()))) + " " + units[unit]
    }

    /// `2.449` → `2.4`, `2.0` → `2`.
    private static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }
}

extension StatusLine: CustomStringConvertible {
    /// Same as ``text``.
    public var description: String { self.text }
}
