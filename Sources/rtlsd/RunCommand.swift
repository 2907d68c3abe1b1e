import ArgumentParser
import RTLSDaemon

/// `rtlsd run --config FILE`: ingest until SIGTERM/SIGINT, then drain and exit 0.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Ingest until SIGTERM/SIGINT, then drain buffered readings to the database.")

    @Option(name: .long, help: "The TOML config file.")
    var config: String = "/etc/rtlsd/rtlsd.toml"

    func run() async throws {
        printError("rtlsd run: not wired yet")
        throw ExitCode(1)
    }
}
