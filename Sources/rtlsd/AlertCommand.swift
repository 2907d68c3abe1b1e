import ArgumentParser
import Foundation
import Logging
import RTLSDaemon

/// `rtlsd alert ack ID`: acknowledge an open alert.
struct AlertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alert", abstract: "Act on alerts.", subcommands: [Ack.self])

    /// `rtlsd alert ack ID --by NAME`.
    struct Ack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Acknowledge an open alert (stops its escalation; stored in alert_actions).")

        @Argument(help: "The alert id (alert_id in the alerts table, alert.id in the log).")
        var id: UInt64

        @Option(name: .long, help: "Who acknowledges (1 to 32 bytes); default: $USER.")
        var by: String?

        @Option(name: .long, help: "The TOML config file.")
        var config: String = "/etc/rtlsd/rtlsd.toml"

        func run() async throws {
            let config: DaemonConfig
            do {
                config = try DaemonConfig.load(path: self.config)
            } catch {
                printError("\(error); nothing sent")
                throw ExitCode(1)
            }
            var logger = Logger(label: "rtlsd.alert")
            logger.logLevel = .warning
            let actor = self.by ?? ProcessInfo.processInfo.environment["USER"] ?? "rtlsd-cli"
            do {
                print(try await AlertAck.send(config: config, alertID: self.id, by: actor, logger: logger))
            } catch {
                printError("rtlsd alert ack: \(error)")
                throw ExitCode(1)
            }
        }
    }
}
