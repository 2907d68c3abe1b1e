import RTLSSystemd
import Testing

@Suite struct StatusLineTests {
    @Test func fullLine() {
        let line = StatusLine(
            readingsPerSecond: 42_310.4, ringFill: 0.031, databaseLag: .milliseconds(180), spoolBytes: 0,
            activeAlerts: 2)
        #expect(line.text == "42,310 readings/s · ring 3% · db lag 180 ms · spool 0 B · 2 alerts active")
        #expect(line.description == line.text)
    }

    @Test func unreachableDatabaseAndOneAlert() {
        let line = StatusLine(
            readingsPerSecond: 0, ringFill: 0, databaseLag: nil, spoolBytes: 38_400_000, activeAlerts: 1)
        #expect(line.text == "0 readings/s · ring 0% · db unreachable · spool 38 MB · 1 alert active")
    }

    @Test(arguments: [
        (0.0, "0%"), (0.0004, "<1%"), (0.005, "1%"), (0.5, "50%"), (1.0, "100%"), (3.0, "100%"), (-1.0, "0%"),
        (Double.nan, "0%"),
    ])
    func ringPercent(fill: Double, expected: String) {
        let line = StatusLine(readingsPerSecond: 1, ringFill: fill, databaseLag: .zero, spoolBytes: 0, activeAlerts: 0)
        #expect(line.text.contains("ring \(expected) ·"))
    }

    @Test(arguments: [
        (0, "0"), (7, "7"), (999, "999"), (1000, "1,000"), (12_345, "12,345"), (1_234_567, "1,234,567"),
    ])
    func rateGrouping(rate: Int, expected: String) {
        let line = StatusLine(
            readingsPerSecond: Double(rate), ringFill: 0, databaseLag: .zero, spoolBytes: 0, activeAlerts: 0)
        #expect(line.text.hasPrefix("\(expected) readings/s ·"))
    }

    @Test(arguments: [
        (Duration.zero, "0 ms"), (.milliseconds(999), "999 ms"), (.milliseconds(2449), "2.4 s"),
        (.seconds(2), "2 s"), (.seconds(59), "59 s"), (.seconds(185), "3 min"),
    ])
    func lag(lag: Duration, expected: String) {
        let line = StatusLine(readingsPerSecond: 0, ringFill: 0, databaseLag: lag, spoolBytes: 0, activeAlerts: 0)
        #expect(line.text.contains("db lag \(expected) ·"))
    }

    @Test(arguments: [
        (UInt64(0), "0 B"), (512, "512 B"), (4096, "4.1 kB"), (38_400_000, "38 MB"), (9_600_000_000, "9.6 GB"),
    ])
    func spoolBytes(bytes: UInt64, expected: String) {
        let line = StatusLine(readingsPerSecond: 0, ringFill: 0, databaseLag: .zero, spoolBytes: bytes, activeAlerts: 0)
        #expect(line.text.contains("spool \(expected) ·"))
    }
}
