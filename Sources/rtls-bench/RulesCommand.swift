import ArgumentParser

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
