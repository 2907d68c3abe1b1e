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
            track_commit_timestamp = on).
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

    func run() throws {
        let binDir = self.binDir ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        let runDir = URL(fileURLWithPath: self.runDir).standardizedFileURL.path
        let migrations = URL(fileURLWithPath: self.migrations).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: runDir, withIntermediateDirectories: true)
        let setup = EndToEndSetup(
            binDir: binDir, runDir: runDir, conninfo: self.pgDsn, mqttPort: self.mqttPort, migrations: migrations,
            seconds: self.seconds, warmup: self.warmup, publishers: max(1, self.publishers),
            connections: max(1, self.connections), tags: self.tags)
        let config = try setup.writeConfig(phase: "migrate")
        let migrate = try ChildProcess(
            name: "rtlsd migrate", executable: binDir + "/rtlsd", arguments: ["migrate", "--config", config],
            logPath: "\(runDir)/rtlsd-migrate.log")
        migrate.wait(timeout: .seconds(60))
        guard !migrate.isRunning, migrate.exitStatus == 0 else { throw BenchError("rtlsd migrate failed:\n\(migrate.tail(20))") }
        let probe = try DatabaseProbe(conninfo: self.pgDsn)
        if !probe.commitTimestamps {
            print("note: track_commit_timestamp is off; receipt→commit latency not measured")
        }
        let rates = self.rates.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        var results: [EndToEndPhase.Result] = []
        for rate in rates {
            let label = rate == 0 ? "full" : "\(rate / 1000)k"
            print("e2e phase \(label): \(self.seconds) s …")
            let r = try EndToEndPhase(label: label, rate: rate, setup: setup).run(probe: probe)
            print(Self.line(r))
            for p in r.publisherLines where !p.isEmpty { print("    sim: \(p)") }
            results.append(r)
        }
        var raw: Double?
        if self.rawSeconds > 0 {
            try probe.truncate()
            print("raw COPY baseline: \(self.warmup) s warm-up + \(self.rawSeconds) s …")
            let r = try RawCopyBaseline.run(
                conninfo: self.pgDsn, seconds: Double(self.rawSeconds), warmup: Double(self.warmup), tags: self.tags,
                batchSize: 5_000)
            raw = r.perSecond
            print("  raw binary COPY (ReadingBatchWriter, 5,000 rows/txn): \(Figures.grouped(r.perSecond)) rows/s")
            try probe.truncate()
        }
        print("\ne2e summary (\(self.tags) tags, \(self.publishers)×\(self.connections) MQTT connections, QoS 1, 50 readings/message)")
        print("| phase | offered/s | into DB/s | × raw COPY | p50 s | p99 s | max s | rtlsd CPU % | peak RSS MiB |")
        print("|---|---|---|---|---|---|---|---|---|")
        for r in results {
            let ratio = raw.map { Figures.decimal(r.sustained / $0, 2) } ?? "-"
            let l = r.latency
            print(
                "| \(r.label) | \(r.offered == 0 ? "max" : Figures.grouped(Double(r.offered))) | "
                    + "\(Figures.grouped(r.sustained)) | \(ratio) | \(l.map { Figures.decimal($0.p50, 3) } ?? "-") | "
                    + "\(l.map { Figures.decimal($0.p99, 3) } ?? "-") | \(l.map { Figures.decimal($0.max, 3) } ?? "-") | "
                    + "\(Figures.decimal(r.cpuPercent, 0)) | \(Figures.decimal(r.peakRSSMiB, 1)) |")
        }
        if let raw { print("| raw COPY | - | \(Figures.grouped(raw)) | 1.00 | - | - | - | - | - |") }
    }

    private static func line(_ r: EndToEndPhase.Result) -> String {
        var s = "  into DB \(Figures.grouped(r.sustained)) readings/s, rtlsd CPU \(Figures.decimal(r.cpuPercent, 0)) %, "
        s += "peak RSS \(Figures.decimal(r.peakRSSMiB, 1)) MiB, rtlsd exit \(r.rtlsdExit)"
        if let l = r.latency {
            s += "; receipt→commit over \(l.count) rows: p50 \(Figures.decimal(l.p50, 3)) s, p99 \(Figures.decimal(l.p99, 3)) s, max \(Figures.decimal(l.max, 3)) s"
        }
        return s
    }
}
