import ArgumentParser

/// `rtls-bench`: throughput and latency figures for the ring, the per-reading pipeline, the rules
/// engine and the whole daemon. Prints figures; never asserts timings (that is not a test).
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rtls-bench",
        abstract: "rtlsd benchmarks (build with -c release; figures only, no pass/fail).",
        // (Sources/rtls-bench/DecodeBenchmark.swift on the decoders branch) to this list.
        subcommands: [
            RingCommand.self, DecodeCommand.self, PipelineCommand.self, RulesCommand.self, EndToEndCommand.self,
            ReferenceCacheCommand.self, WriterCommand.self,
        ])
}
