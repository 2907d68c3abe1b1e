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
    }

    let label: String
    /// Offered readings/s over all publishers; 0 = as fast as they go.
    let rate: Int
    let setup: EndToEndSetup

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
        while clock.now - start < .seconds(s.seconds) {
            Thread.sleep(forTimeInterval: 1)
            guard let sample = ProcessSample.read(pid: rtlsd.pid) else { break }
            peak = max(peak, sample.rssMiB, sample.peakRSSMiB)
            let others = s.cpu.sample(publishers: pids, seen: &seen)
            last = (clock.now, Date().timeIntervalSince1970, try database.committedRows(), sample.cpuSeconds, others)
            if warm == nil, clock.now - start >= .seconds(s.warmup) { warm = last }
            if self.rate > 0, publishers.allSatisfy({ !$0.isRunning }) { break }
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
        return Result(
            label: self.label, offered: self.rate, sustained: Double(last.rows - w.rows) / max(span, 0.001),
            cpuPercent: (last.cpu - w.cpu) / max(span, 0.001) * 100, peakRSSMiB: peak,
            latency: try database.latency(from: w.wall, to: last.wall),
            publisherLines: publishers.map { $0.tail(1) }, rtlsdExit: rtlsd.isRunning ? -1 : rtlsd.exitStatus,
            otherCPUPercent: otherCPU, alerts: alerts)
    }
}
