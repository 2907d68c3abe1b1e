import ArgumentParser
import Logging
import RTLSDaemon

/// `rtlsd run --config FILE`: ingest until SIGTERM/SIGINT, then drain and exit 0.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Ingest until SIGTERM/SIGINT, then drain buffered readings to the database.")

    @Option(name: .long, help: "The TOML config file.")
    var config: String = "/etc/rtlsd/rtlsd.toml"

    @Option(name: .long, help: ArgumentHelp("Shift rtlsd's wall clock (tests only).", visibility: .hidden))
    var clockOffsetSeconds: Int64 = 0

    func run() async throws {
        let config: DaemonConfig
        do {
            config = try DaemonConfig.load(path: self.config)
        } catch {
            printError("\(error); rtlsd did not start")
            throw ExitCode(1)
        }
        DaemonClock.setOffset(seconds: self.clockOffsetSeconds)
        let logger = LogSetup.bootstrap(config: config)
        logger.notice("rtlsd starting", metadata: ["config": "\(self.config)"])
        do {
            let daemon = try await Daemon.prepare(config: config, logger: logger)
            let clean = try await daemon.run()
            if !clean { throw ExitCode(1) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            logger.critical("rtlsd stopped on an error: \(error)")
            throw ExitCode(1)
        }
    }
}
