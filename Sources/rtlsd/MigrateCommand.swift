import ArgumentParser
import RTLSDaemon

/// `rtlsd migrate --config FILE`: apply the sql/ migrations idempotently.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply sql/ migrations; a second run does nothing.")

    @Option(name: .long, help: "The TOML config file.")
    var config: String = "/etc/rtlsd/rtlsd.toml"

    func run() throws {
        printError("rtlsd migrate: not wired yet")
        throw ExitCode(1)
    }
}
