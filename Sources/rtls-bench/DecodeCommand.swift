import ArgumentParser

/// `rtls-bench decode`: readings/s per vendor format on one core, next to Foundation's JSONDecoder
/// decoding the same payloads in the same run.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode", abstract: "Decode readings/s per format vs JSONDecoder on the same payloads (one core).")

    @Option(help: "Seconds to measure per format.") var seconds = 2.0

    @Option(help: "Measure only the payloads whose decoder id or name contains this text (for profiling one format).")
    var only: String?

    func run() {
        print(runDecodeBenchmark(seconds: self.seconds, only: self.only))
    }
}
