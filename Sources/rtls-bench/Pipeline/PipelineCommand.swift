import ArgumentParser
import Foundation
import Logging
import RTLSCore
import RTLSDaemon

/// `rtls-bench pipeline`: decode + locate + rules + COPY encode per reading on one core.
struct PipelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Decode (rtls-json) + locate + rules + binary COPY encode per reading, one core.",
        discussion: """
            With --iterations N it warms up (one pass over the input), then processes exactly N readings
            in PipelineBenchmark.callgrindMeasured, for `valgrind --tool=callgrind --collect-atstart=no
            --toggle-collect='*callgrindMeasured*'` (instructions per reading = Ir / N). scripts/bench.sh does this.
            """)

    @Option(help: "Site file.") var site = "config/site.toml"
    @Option(help: "Rules file.") var rules = "config/rules.toml"
    @Option(help: "Distinct tags in the traffic (site assets first, the rest unknown tags).") var tags = 50_000
    @Option(help: "Readings per MQTT message.") var perMessage = 50
    @Option(help: "Seconds to measure (ignored with --iterations).") var seconds = 10.0
    @Option(help: "Process exactly this many readings, untimed (for callgrind).") var iterations: Int?
    @Option(help: "Also append each message to a write-ahead log in this directory (emptied first).")
    var writeAhead: String?
    @Option(help: "fsync policy of --write-ahead: \"batch\" (every message) or an interval such as \"100ms\".")
    var writeAheadFsync = "100ms"
    @Flag(help: "With --write-ahead: log readings only, not the rules' output (the cost before issue 12).")
    var withoutEvents = false
    @Option(help: "Only the duplicate check, \"previous\" or \"current\", --iterations passes over the messages (callgrind).")
    var dedupOnly: String?

    func run() throws {
        let siteConfig = try SiteConfig.load(path: self.site)
        let rulesConfig = try RulesConfig.load(path: self.rules)
        let baseMs: Int64 = 1_750_000_000_000
        let engine = try rulesConfig.makeEngine(site: siteConfig, now: Timestamp(microseconds: baseMs * 1000))
        // Fewer distinct messages under callgrind, where building them is 50x slower; the tags are the same.
        let inputReadings = self.iterations == nil ? 200_000 : 50_000
        let input = PipelineInput(
            site: siteConfig.site, tags: self.tags, messages: inputReadings / self.perMessage,
            perMessage: self.perMessage, baseMs: baseMs)
        if let which = self.dedupOnly {
            let passes = self.iterations ?? 1
            let dropped =
                which == "previous"
                ? DedupComparison.callgrindMeasuredPrevious(input.messages, passes: passes)
                : DedupComparison.callgrindMeasuredCurrent(input.messages, passes: passes)
            print("dedup \(which): \(passes * input.messages.count) messages of \(self.perMessage) readings, \(dropped) dropped")
            return
        }
        var bench = try PipelineBenchmark(engine: engine, input: input, decoderID: "rtls-json")
        if let dir = self.writeAhead {
            try? FileManager.default.removeItem(atPath: dir)
            let ms = Int(self.writeAheadFsync.dropLast(2))
            bench.log = try WriteAheadLog(
                configuration: SpoolConfiguration(
                    directory: dir, sync: self.writeAheadFsync == "batch" ? .everyAppend : .interval(.milliseconds(ms ?? 100))),
                logger: Logger(label: "bench"))
            bench.logsEvents = !self.withoutEvents
        }
        if let n = self.iterations {
            _ = bench.run(readings: input.readingCount, seconds: 0, timed: false)
            let r = bench.callgrindMeasured(readings: n)
            print(
                "pipeline: \(r.readings) readings processed (callgrind mode), \(r.batches) COPY batches, "
                    + "\(r.alerts) alerts")
            return
        }
        // Warm-up pass: every tag gets its state, every id its slot (steady state, as after the first minute).
        _ = bench.run(readings: input.readingCount, seconds: 0, timed: false)
        let cpuBefore = ProcessSample.read(pid: getpid())?.cpuSeconds ?? 0
        let r = bench.run(readings: .max, seconds: self.seconds, timed: true)
        let cpu = (ProcessSample.read(pid: getpid())?.cpuSeconds ?? 0) - cpuBefore
        let n = Double(max(r.readings, 1))
        func ns(_ d: Duration) -> Double { Figures.seconds(d) * 1e9 / n }
        let total = ns(r.total)
        print(
            """
            pipeline: \(Figures.grouped(Double(r.readings))) readings, \(self.tags) tags, \(self.perMessage)/message, \
            site \(self.site), one core
              total:              \(Figures.decimal(total)) ns/reading wall  \
            (\(Figures.grouped(1e9 / total)) readings/s)
              CPU time:           \(Figures.decimal(cpu * 1e9 / n)) ns/reading  \
            (\(Figures.grouped(n / max(cpu, 1e-9))) readings/s per CPU-second; wall > CPU means the core was shared)
              redelivery filter:  \(Figures.decimal(ns(r.dedup))) ns/reading
              topic + decode:     \(Figures.decimal(ns(r.decode))) ns/reading
              locate + rules:     \(Figures.decimal(ns(r.rules))) ns/reading
              id lookup + encode: \(Figures.decimal(ns(r.encode))) ns/reading
              write-ahead append: \(self.writeAhead == nil ? "off" : Figures.decimal(ns(r.log)) + " ns/reading, fsync \(self.writeAheadFsync)\(self.withoutEvents ? ", readings only" : ", readings + rule output")")
              out: \(r.batches) COPY batches of 5,000, \(r.zoneEvents) zone events, \(r.alerts) alerts
            """)
    }
}
