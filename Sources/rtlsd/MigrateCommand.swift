import ArgumentParser
import Logging
import RTLSDaemon

/// `rtlsd migrate --config FILE`: apply the sql/ migrations idempotently.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply sql/ migrations; a second run does nothing.")

    @Option(name: .long, help: "The TOML config file.")
    var config: String = "/etc/rtlsd/rtlsd.toml"

    func run() throws {
        let config: DaemonConfig
        do {
            config = try DaemonConfig.load(path: self.config)
        } catch {
            printError("\(error); nothing migrated")
            throw ExitCode(1)
        }
        let logger = LogSetup.bootstrap(config: config)
        do {
            print(try Migrate.run(config: config, logger: logger))
        } catch {
            printError("rtlsd migrate failed: \(error)")
            throw ExitCode(1)
        }
    }
}
