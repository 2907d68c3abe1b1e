import ArgumentParser
import Foundation

/// `rtls-bench e2e`: the release rtlsd as a child process, fed by `rtls-sim sequence` publishers,
/// measured into the database, next to a raw binary COPY baseline in the same run.
struct EndToEndCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e",
        abstract: "rtlsd end to end (MQTT → PostgreSQL) at full speed and fixed rates, vs raw binary COPY.",
        discussion: """
            Needs a running mosquitto and PostgreSQL (scripts/bench.sh starts them) and the release
            rtlsd and rtls-sim next to this binary. Each phase truncates the reading tables, starts
            rtlsd, runs the publishers for --seconds and reports readings/s committed after the warm-up
            (from the batch ledger), rtlsd CPU % and peak RSS, and receipt→commit p50/p99 (needs
            track_commit_timestamp = on). With --site/--rules (default config/) rtlsd runs its rules
            stage, and an alert probe publishes ~20 readings/s of a pump entering and leaving the
            loading dock and times publish → alert received on --alert-prefix (p50/p99/max, ms).
            """)

    @Option(help: "libpq conninfo of the benchmark database.") var pgDsn: String
    @Option(help: "mosquitto port on 127.0.0.1.") var mqttPort: Int
    @Option(help: "Directory for rtlsd config and logs.") var runDir = ".run/bench"
    @Option(help: "Migrations directory.") var migrations = "sql"
    @Option(help: "Directory holding rtlsd and rtls-sim (default: this binary's).") var binDir: String?
    @Option(help: "Seconds per phase.") var seconds = 30
    @Option(help: "Seconds of warm-up excluded from each phase's figures.") var warmup = 5
    @Option(help: "Offered rates, readings/s, comma separated (0 = full speed).") var rates = "25000,50000,100000,0"
    @Option(help: "Publisher processes.") var publishers = 2
    @Option(help: "MQTT connections per publisher.") var connections = 2
    @Option(help: "Distinct tags over all publishers.") var tags = 50_000
    @Option(help: "Seconds of the raw COPY baseline (0 skips it).") var rawSeconds = 30
    @Option(help: "PostgreSQL postmaster.pid, for its CPU % (default: <run-dir>/pg/postmaster.pid).") var pgPidFile:
        String?
    @Option(help: "Site model given to rtlsd (empty: no site, no rules stage).") var site = "config/site.toml"
    @Option(help: "Rules given to rtlsd with --site.") var rules = "config/rules.toml"
    @Option(help: "[alerts] mqtt_topic_prefix; the alert probe times publish → alert on it (empty: off).")
    var alertPrefix = "rtls/alerts/bench"
    @Option(help: "Run rtlsd with [spool] write_ahead = true and this fsync (\"batch\" or e.g. \"100ms\"); empty: no spool.")
    var writeAhead = ""
    @Option(help: "mosquitto pid file (default: <run-dir>/mosquitto/mosquitto.pid).") var mosquittoPidFile: String?
    @Option(
        help: """
            Burst phase at this sustained rate (readings/s; 0 = none): --burst-factor × the rate for \
            --burst-seconds, then back, with the write-ahead log on (fsync --write-ahead, default 100ms).
            """)
    var burstRate = 0
    @Option(help: "Burst phase: offered rate during the burst as a multiple of --burst-rate.") var burstFactor = 3
    @Option(help: "Burst phase: seconds the burst lasts.") var burstSeconds = 20
    @Option(help: "Burst phase: seconds after the burst, for the catch-up.") var burstTail = 40
    @Flag(help: "Burst phase: run it first with [writer] ring_full = \"wait\" (the old behaviour) as a baseline.")
    var burstBaseline = false
    @Option(help: "rtlsd's [writer] storage_nice (default: rtlsd's own, 0); e.g. 10 runs the storage threads 10 nice levels below intake.")
    var storageNice: Int?

    @Option(help: "rtlsd's [mqtt] intake_nice (default: rtlsd's own, -20; raising needs root or RLIMIT_NICE; give a negative value as --intake-nice=-N), e.g. 0 to run intake at the storage threads' priority.")
    var intakeNice: Int?

    func run() throws {
        let binDir = self.binDir ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        let runDir = URL(fileURLWithPath: self.runDir).standardizedFileURL.path
        let migrations = URL(fileURLWithPath: self.migrations).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: runDir, withIntermediateDirectories: true)
        var setup = EndToEndSetup(
            binDir: binDir, runDir: runDir, conninfo: self.pgDsn, mqttPort: self.mqttPort, migrations: migrations,
            seconds: self.seconds, warmup: self.warmup, publishers: max(1, self.publishers),
            connections: max(1, self.connections), tags: self.tags,
            cpu: CPUAccount(
                postgresPIDFile: self.pgPidFile ?? "\(runDir)/pg/postmaster.pid",
                mosquittoPIDFile: self.mosquittoPidFile ?? "\(runDir)/mosquitto/mosquitto.pid"))
        if !self.site.isEmpty {
            setup.site = (
                URL(fileURLWithPath: self.site).standardizedFileURL.path,
                URL(fileURLWithPath: self.rules).standardizedFileURL.path
            )
            setup.alertPrefix = self.alertPrefix.isEmpty ? nil : self.alertPrefix
        }
        setup.writeAheadFsync = self.writeAhead.isEmpty ? nil : self.writeAhead
        setup.storageNice = self.storageNice
        setup.intakeNice = self.intakeNice
        let config = try setup.writeConfig(phase: "migrate")
        let migrate = try ChildProcess(
            name: "rtlsd migrate", executable: binDir + "/rtlsd", arguments: ["migrate", "--config", config],
            logPath: "\(runDir)/rtlsd-migrate.log")
        migrate.wait(timeout: .seconds(60))
        guard !migrate.isRunning, migrate.exitStatus == 0 else {
            throw BenchError("rtlsd migrate failed:\n\(migrate.tail(20))")
        }
        let probe = try DatabaseProbe(conninfo: self.pgDsn)
        if !probe.commitTimestamps {
            say("note: track_commit_timestamp is off; receipt→commit latency not measured")
        }
        let rates = self.rates.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        var results: [EndToEndPhase.Result] = []
        for rate in rates {
            let label = rate == 0 ? "full" : "\(rate / 1000)k"
            say("e2e phase \(label): \(self.seconds) s …")
            let r = try EndToEndPhase(label: label, rate: rate, setup: setup).run(probe: probe)
            say(Self.line(r))
            for p in r.publisherLines where !p.isEmpty { say("    sim: \(p)") }
            if let a = r.alerts { say("  " + Self.alertLine(a)) }
            results.append(r)
        }
        for ringFull in self.burstRate > 0 ? (self.burstBaseline ? ["wait", "log"] : ["log"]) : [] {
            var burstSetup = setup
            burstSetup.writeAheadFsync = setup.writeAheadFsync ?? "100ms"
            burstSetup.ringFull = ringFull
            let after = self.warmup + 5
            burstSetup.seconds = after + self.burstSeconds + self.burstTail
            let label = ringFull == "wait" ? "burst-wait" : "burst"
            say(
                "e2e phase \(label): \(Figures.grouped(Double(self.burstRate)))/s, "
                    + "\(self.burstFactor)× for \(self.burstSeconds) s from \(after) s, \(burstSetup.seconds) s in all …")
            var phase = EndToEndPhase(label: label, rate: self.burstRate, setup: burstSetup)
            phase.burst = EndToEndPhase.Burst(
                extraRate: self.burstRate * (self.burstFactor - 1), after: after, seconds: self.burstSeconds)
            let r = try phase.run(probe: probe)
            say(Self.line(r))
            for p in r.publisherLines where !p.isEmpty { say("    sim: \(p)") }
            if let a = r.alerts { say("  " + Self.alertLine(a)) }
            if let b = r.burst { say("  " + Self.burstLine(b)) }
            results.append(r)
        }
        var raw: Double?
        var rawPG = Double.nan
        var rawSelf = Double.nan
        var rawStall = Double.nan
        var seen: [Int32: Double] = [:]
        if self.rawSeconds > 0 {
            try probe.truncate()
            say("raw COPY baseline: \(self.warmup) s warm-up + \(self.rawSeconds) s …")
            var before: [String: Double] = [:]
            let clock = ContinuousClock()
            var began = clock.now
            let r = try RawCopyBaseline.run(
                conninfo: self.pgDsn, seconds: Double(self.rawSeconds), warmup: Double(self.warmup), tags: self.tags,
                batchSize: 5_000,
                measuring: {
                    before = setup.cpu.sample(publishers: [getpid()], seen: &seen)
                    began = clock.now
                })
            let after = setup.cpu.sample(publishers: [getpid()], seen: &seen)
            let span = Figures.seconds(clock.now - began)
            rawPG = ((after["postgres"] ?? 0) - (before["postgres"] ?? 0)) / span * 100
            rawSelf = ((after["publishers"] ?? 0) - (before["publishers"] ?? 0)) / span * 100
            rawStall = ((after["cpu stall"] ?? 0) - (before["cpu stall"] ?? 0)) / span * 100
            raw = r.perSecond
            say(
                "  raw binary COPY (ReadingBatchWriter, 5,000 rows/txn): \(Figures.grouped(r.perSecond)) rows/s; "
                    + "PostgreSQL CPU \(Figures.decimal(rawPG, 0)) %, writer CPU \(Figures.decimal(rawSelf, 0)) %, "
                    + "CPU stall \(Figures.decimal(rawStall, 0)) %")
            try probe.truncate()
        }
        say(
            "\ne2e summary (\(self.tags) tags, \(self.publishers)×\(self.connections) MQTT connections, QoS 1, "
                + "50 readings/message)")
        say(
            "| phase | offered/s | into DB/s | × raw COPY | p50 s | p99 s | max s | rtlsd CPU % | peak RSS MiB "
                + "| PG CPU % | sim CPU % | mosquitto CPU % | CPU stall % |")
        say("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in results {
            let ratio = raw.map { Figures.decimal(r.sustained / $0, 2) } ?? "-"
            let l = r.latency
            say(
                "| \(r.label) | \(r.offered == 0 ? "max" : Figures.grouped(Double(r.offered))) | "
                    + "\(Figures.grouped(r.sustained)) | \(ratio) | \(l.map { Figures.decimal($0.p50, 3) } ?? "-") | "
                    + "\(l.map { Figures.decimal($0.p99, 3) } ?? "-") | "
                    + "\(l.map { Figures.decimal($0.max, 3) } ?? "-") | "
                    + "\(Figures.decimal(r.cpuPercent, 0)) | \(Figures.decimal(r.peakRSSMiB, 1)) | "
                    + "\(cpu(r, "postgres")) | \(cpu(r, "publishers")) | \(cpu(r, "mosquitto")) | "
                    + "\(cpu(r, "cpu stall")) |")
        }
        if let raw {
            say(
                "| raw COPY | - | \(Figures.grouped(raw)) | 1.00 | - | - | - | "
                    + "\(Figures.decimal(rawSelf, 0)) (writer) | - | "
                    + "\(Figures.decimal(rawPG, 0)) | - | - | \(Figures.decimal(rawStall, 0)) |")
        }
        let probed = results.filter { $0.alerts != nil }
        if !probed.isEmpty {
            say("\nalert latency (ms; publish → alert received over MQTT, i.e. receipt→alert plus two broker hops)")
            say(
                "| phase | offered/s | probes | fired n | fired p50 | fired p99 | fired max | cleared p99 "
                    + "| publish→received_at p99 | received_at→logged p50 | p99 | max |")
            say("|---|---|---|---|---|---|---|---|---|---|---|---|")
            for r in probed {
                guard let a = r.alerts else { continue }
                let d = { (x: Double?) in x.map { Figures.decimal($0, 2) } ?? "-" }
                say(
                    "| \(r.label) | \(r.offered == 0 ? "max" : Figures.grouped(Double(r.offered))) | \(a.sent) | "
                        + "\(a.fired?.count ?? 0) | \(d(a.fired?.p50)) | \(d(a.fired?.p99)) | \(d(a.fired?.max)) | "
                        + "\(d(a.cleared?.p99)) | \(d(a.toReceipt?.p99)) | \(d(a.inDaemon?.p50)) | "
                        + "\(d(a.inDaemon?.p99)) | \(d(a.inDaemon?.max)) |")
            }
        }
    }

    private static func burstLine(_ b: EndToEndPhase.BurstResult) -> String {
        let alerts =
            b.alerts.map {
                "n \($0.count), p50 \(Figures.decimal($0.p50, 2)) ms, p99 \(Figures.decimal($0.p99, 2)) ms, "
                    + "max \(Figures.decimal($0.max, 2)) ms"
            } ?? "none"
        let catchUp = b.catchUpSeconds.map { "\(Figures.decimal($0, 1)) s after the burst" } ?? "not caught up by the phase's end"
        return "burst \(Figures.decimal(Double(b.window.upperBound - b.window.lowerBound) / 1e6, 1)) s: "
            + "publish → alert fired during it: \(alerts); storage caught up \(catchUp) "
            + "(\(Figures.grouped(Double(b.caughtUpReadings))) readings read back from the write-ahead log); "
            + "slowest probes (s into the burst: ms): "
            + b.slowest.map { "+\(Figures.decimal($0.at, 1)): \(Figures.decimal($0.ms, 1))" }.joined(separator: ", ")
    }

    private static func alertLine(_ a: AlertProbe.Result) -> String {
        func f(_ x: AlertProbe.Figures?) -> String {
            guard let x else { return "none" }
            return "n \(x.count), p50 \(Figures.decimal(x.p50, 2)) ms, p99 \(Figures.decimal(x.p99, 2)) ms, "
                + "max \(Figures.decimal(x.max, 2)) ms"
        }
        return "alert probe (\(a.sent) probes): publish → alert fired: \(f(a.fired)); cleared: \(f(a.cleared)); "
            + "publish → rtlsd received_at: \(f(a.toReceipt)); rtlsd received_at → alert logged: \(f(a.inDaemon))"
    }

    private func cpu(_ r: EndToEndPhase.Result, _ key: String) -> String {
        r.otherCPUPercent[key].map { Figures.decimal($0, 0) } ?? "-"
    }

    private static func line(_ r: EndToEndPhase.Result) -> String {
        var s =
            "  into DB \(Figures.grouped(r.sustained)) readings/s, rtlsd CPU \(Figures.decimal(r.cpuPercent, 0)) %, "
        s += "peak RSS \(Figures.decimal(r.peakRSSMiB, 1)) MiB, rtlsd exit \(r.rtlsdExit)"
        let others = r.otherCPUPercent.sorted { $0.key < $1.key }.map { "\($0.key) \(Figures.decimal($0.value, 0)) %" }
        if !others.isEmpty { s += "; CPU elsewhere: " + others.joined(separator: ", ") }
        if let l = r.latency {
            s += "; receipt→commit over \(l.count) rows: p50 \(Figures.decimal(l.p50, 3)) s, "
            s += "p99 \(Figures.decimal(l.p99, 3)) s, max \(Figures.decimal(l.max, 3)) s"
        }
        return s
    }
}
