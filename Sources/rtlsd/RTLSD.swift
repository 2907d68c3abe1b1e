import ArgumentParser

/// The `rtlsd` command line.
@main
struct RTLSD: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rtlsd",
        abstract: "Real-time location telemetry ingestion daemon: MQTT gateways → PostgreSQL/TimescaleDB.",
        subcommands: [RunCommand.self, MigrateCommand.self, CheckConfigCommand.self, AlertCommand.self])
}
