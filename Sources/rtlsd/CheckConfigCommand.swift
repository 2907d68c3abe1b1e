import ArgumentParser
import RTLSCore
import RTLSDaemon

/// `rtlsd check-config FILE`: validates a config and exits non-zero naming the line and key at fault.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Validate a config file; exit 1 naming the line and key at fault.")

    @Argument(help: "The TOML config file.")
    var file: String

    func run() throws {
        do {
            let config = try DaemonConfig.load(path: self.file)
            if let site = config.siteFile, let rules = config.rulesFile {
                let engine = try RulesConfig.load(path: rules).makeEngine(
                    site: try SiteConfig.load(path: site), now: Timestamp(microseconds: 0))
                print("site \(site) and rules \(rules): OK (\(engine.ruleSpecs.count) rules)")
            }
            print("config \(self.file): OK (\(config.decoders.count) topic pattern(s), database \(config.database.conninfo))")
        } catch {
            printError("\(error); rtlsd would not start")
            throw ExitCode(1)
        }
    }
}
