import Foundation

/// One end-to-end phase: a fresh rtlsd, publishers at one offered rate, samples once a second.
struct EndToEndPhase {
    /// What the phase measured.
    struct Result {
        var label: String
        var offered: Int
        var sustained: Double
        var cpuPercent: Double
        var peakRSSMiB: Double
        var latency: (count: Int, p50: Double, p99: Double, max: Double)?
        var publisherLines: [String]
        var rtlsdExit: Int32
        /// CPU % of the other processes over the same window (`postgres`, `mosquitto`, `publishers`).
        var otherCPUPercent: [String: Double]
        /// Publish → alert received, when the alert probe ran.
        var alerts: AlertProbe.Result?
        /// The burst, when the phase had one.
        var burst: BurstResult?
    }

    /// Extra publishers on top of the phase's rate for a while (RFID readers replaying buffers).
    struct Burst {
        /// Extra readings/s over all burst publishers.
        var extraRate: Int
        /// Seconds into the phase when the burst starts.
        var after: Int
        /// Seconds the burst lasts.
        var seconds: Int
    }

    /// What the burst did: alert latency while it lasted, and how long storage took to catch up.
    struct BurstResult {
        /// Wall clock (µs since the epoch) of the burst's start and end.
        var window: ClosedRange<Int64>
        /// Publish → alert fired for probes published during the burst.
        var alerts: AlertProbe.Figures?
        /// Seconds from the burst's end until the writer had stored everything intake left in the
        /// write-ahead log ("Writer caught up"); nil when it had not caught up by the phase's end.
        var catchUpSeconds: Double?
        /// Readings the writer read back from the log over the phase.
        var caughtUpReadings: Int
        /// The slowest probes published during the burst: seconds after its start, and ms to the alert.
        var slowest: [(at: Double, ms: Double)] = []
    }

    let label: String
    /// Offered readings/s over all publishers; 0 = as fast as they go.
    let rate: Int
    let setup: EndToEndSetup
    var burst: Burst? = nil

    func run(probe database: DatabaseProbe) throws -> Result {
        let s = self.setup
        try database.truncate()
        let config = try s.writeConfig(phase: self.label)
        let rtlsd = try ChildProcess(
            name: "rtlsd", executable: s.binDir + "/rtlsd", arguments: ["run", "--config", config],
            logPath: "\(s.runDir)/rtlsd-\(self.label).log")
        Thread.sleep(forTimeInterval: 2)
        guard rtlsd.isRunning else { throw BenchError("rtlsd exited at start:\n\(rtlsd.tail(20))") }
        let perPublisher = self.rate / s.publishers
        let count = self.rate > 0 ? perPublisher * Int(s.seconds) : 50_000_000
        var publishers: [ChildProcess] = []
        for p in 0..<s.publishers {
            publishers.append(
                try ChildProcess(
                    name: "rtls-sim", executable: s.binDir + "/rtls-sim",
                    arguments: [
                        "sequence", "--host", "127.0.0.1", "--port", String(s.mqttPort), "--connections",
                        String(s.connections), "--qos", "1", "--count", String(count), "--rate", String(perPublisher),
                        "--prefix", "bench\(p)", "--tags", String(s.tags / s.publishers), "--per-message", "50",
                    ],
                    logPath: "\(s.runDir)/sim-\(self.label)-\(p).log"))
        }
        let clock = ContinuousClock()
        let start = clock.now
        var probe: AlertProbe?
        if let prefix = s.alertPrefix, s.site != nil {
            let p = try AlertProbe(port: s.mqttPort, prefix: prefix)
            try p.start()
            let seconds = Double(s.seconds - s.warmup) - 1.5
            let warmup = Double(s.warmup)
            Thread {
                Thread.sleep(forTimeInterval: warmup)
                p.run(seconds: seconds)
                p.stop()
            }.start()
            probe = p
        }
        typealias Point = (at: ContinuousClock.Instant, wall: Double, rows: Int, cpu: Double, others: [String: Double])
        var warm: Point?
        var peak = 0.0
        let pids = publishers.map(\.pid)
        var seen: [Int32: Double] = [:]
        var last: Point = (start, Date().timeIntervalSince1970, 0, 0, [:])
        var bursting: [ChildProcess] = []
        var burstWindow: (start: Int64, end: Int64?)?
        while clock.now - start < .seconds(s.seconds) {
            Thread.sleep(forTimeInterval: 1)
            if let burst = self.burst, burstWindow == nil, clock.now - start >= .seconds(burst.after) {
                bursting = try self.startPublishers(rate: burst.extraRate, seconds: burst.seconds, prefix: "burst")
                burstWindow = (AlertProbe.nowMicros(), nil)
            }
            if let window = burstWindow, window.end == nil, !bursting.isEmpty, bursting.allSatisfy({ !$0.isRunning }) {
                burstWindow = (window.start, AlertProbe.nowMicros())
            }
            guard let sample = ProcessSample.read(pid: rtlsd.pid) else { break }
            peak = max(peak, sample.rssMiB, sample.peakRSSMiB)
            let others = s.cpu.sample(publishers: pids, seen: &seen)
            last = (clock.now, Date().timeIntervalSince1970, try database.committedRows(), sample.cpuSeconds, others)
            if warm == nil, clock.now - start >= .seconds(s.warmup) { warm = last }
            if self.rate > 0, publishers.allSatisfy({ !$0.isRunning }) { break }
        }
        for p in bursting {
            p.interrupt()
            p.wait(timeout: .seconds(5))
        }
        let w = warm ?? (start, last.wall - Figures.seconds(last.at - start), 0, 0, [:])
        let span = Figures.seconds(last.at - w.at)
        var otherCPU: [String: Double] = [:]
        for (k, v) in last.others { otherCPU[k] = (v - (w.others[k] ?? 0)) / max(span, 0.001) * 100 }
        if let probe {
            let deadline = clock.now + .seconds(15)
            while probe.result == nil && clock.now < deadline { Thread.sleep(forTimeInterval: 0.05) }
        }
        // At a fixed rate the publishers end on their own about now; let them print their figures.
        if self.rate > 0 { for p in publishers { p.wait(timeout: .seconds(5)) } }
        for p in publishers { p.interrupt() }
        for p in publishers { p.wait(timeout: .seconds(10)) }
        rtlsd.terminate()
        if !rtlsd.wait(timeout: .seconds(40)) {
            rtlsd.interrupt()
            rtlsd.wait(timeout: .seconds(5))
        }
        var alerts = probe?.result
        if var a = alerts {
            // Publish → rtlsd's received_at, from the probe rows the writer stored (same wall clock).
            let stored = try database.receipts(tag: AlertProbe.tag)
            a.toReceipt = AlertProbe.Figures(
                a.published.compactMap { ms, sent in stored[ms].map { Double($0 - sent) / 1000 } })
            // rtlsd's received_at → its alert log line: the k-th probe (device time order) made the k-th line.
            let received = a.published.keys.sorted().compactMap { stored[$0] }
            let logged = AlertProbe.alertLogTimes(log: "\(s.runDir)/rtlsd-\(self.label).log")
            if received.count == logged.count {
                a.inDaemon = AlertProbe.Figures(zip(received, logged).map { Double($1 - $0) / 1000 })
            } else {
                say("  alert probe: \(received.count) stored probes but \(logged.count) alert log lines; not matched")
            }
            alerts = a
        }
        var burstResult: BurstResult?
        if let window = burstWindow {
            let end = window.end ?? AlertProbe.nowMicros()
            let catchUp = Self.catchUpEnd(log: "\(s.runDir)/rtlsd-\(self.label).log", after: end)
            burstResult = BurstResult(
                window: window.start...end, alerts: alerts?.fired(publishedIn: window.start...end),
                catchUpSeconds: catchUp.end.map { max(0, Double($0 - end) / 1e6) }, caughtUpReadings: catchUp.readings,
                slowest: (alerts?.firedSamples ?? []).filter { (window.start...end).contains($0.sentMicros) }
                    .sorted { $0.ms > $1.ms }.prefix(4).map { (Double($0.sentMicros - window.start) / 1e6, $0.ms) })
        }
        return Result(
            label: self.label, offered: self.rate, sustained: Double(last.rows - w.rows) / max(span, 0.001),
            cpuPercent: (last.cpu - w.cpu) / max(span, 0.001) * 100, peakRSSMiB: peak,
            latency: try database.latency(from: w.wall, to: last.wall),
            publisherLines: publishers.map { $0.tail(1) }, rtlsdExit: rtlsd.isRunning ? -1 : rtlsd.exitStatus,
            otherCPUPercent: otherCPU, alerts: alerts, burst: burstResult)
    }

    /// Publishers at `rate` readings/s over `setup.publishers` processes for `seconds`.
    private func startPublishers(rate: Int, seconds: Int, prefix: String) throws -> [ChildProcess] {
        let s = self.setup
        let perPublisher = rate / s.publishers
        return try (0..<s.publishers).map { p in
            try ChildProcess(
                name: "rtls-sim", executable: s.binDir + "/rtls-sim",
                arguments: [
                    "sequence", "--host", "127.0.0.1", "--port", String(s.mqttPort), "--connections",
                    String(s.connections), "--qos", "1", "--count", String(perPublisher * seconds), "--rate",
                    String(perPublisher), "--prefix", "\(prefix)\(p)", "--tags", String(s.tags / s.publishers),
                    "--per-message", "50",
                ],
                logPath: "\(s.runDir)/sim-\(self.label)-\(prefix)-\(p).log")
        }
    }

    /// From rtlsd's log: when the last catch-up episode that ended after `after` (µs since the
    /// epoch) was over — the "Writer caught up" notice comes a quiet second after it, and says how
    /// long the episode lasted from its "Catching up" notice — and the readings caught up overall.
    static func catchUpEnd(log path: String, after: Int64) -> (end: Int64?, readings: Int) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return (nil, 0) }
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var started: Int64?
        var end: Int64?
        var readings = 0
        for line in text.split(separator: "\n") {
            guard let stamp = line.split(separator: " ").first, let date = format.date(from: String(stamp)) else {
                continue
            }
            let at = Int64((date.timeIntervalSince1970 * 1e6).rounded())
            if line.contains("Catching up from the write-ahead log") {
                if started == nil { started = at }
            } else if line.contains("Writer caught up"), let since = started {
                let seconds = Self.value("catch_up.seconds=", in: line).flatMap(Double.init) ?? 0
                readings += Self.value("catch_up.readings=", in: line).flatMap(Int.init) ?? 0
                let over = since + Int64(seconds * 1e6)
                if over >= after { end = over }
                started = nil
            }
        }
        return (end, readings)
    }

    private static func value(_ key: String, in line: Substring) -> String? {
        guard let range = line.range(of: key) else { return nil }
        return String(line[range.upperBound...].prefix { !$0.isWhitespace })
    }
}
