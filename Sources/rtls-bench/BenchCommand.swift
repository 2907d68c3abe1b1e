import ArgumentParser

/// `rtls-bench`: throughput and latency figures for the ring, the per-reading pipeline, the rules
/// engine and the whole daemon. Prints figures; never asserts timings (that is not a test).
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rtls-bench",
        abstract: "rtlsd benchmarks (build with -c release; figures only, no pass/fail).",
        // TODO(decoders merge): add a `decode` subcommand calling runDecodeBenchmark(seconds:) from DecodeBenchmark.swift.
        subcommands: [RingCommand.self, PipelineCommand.self, RulesCommand.self, EndToEndCommand.self])
}

/// `rtls-bench rules`: location resolution plus rule evaluation on a synthetic facility.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "Locate + rules per reading on a generated facility (one core).")

    @Option(help: "Tags (assets) in the generated site.") var tags = 50_000
    @Option(help: "Zones in the generated site.") var zones = 2_000
    @Option(help: "Seconds to measure.") var seconds = 10.0

    func run() {
        print(runRulesBenchmark(tags: self.tags, zones: self.zones, seconds: self.seconds))
    }
}
