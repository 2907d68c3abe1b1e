import Testing

@testable import RTLSDaemon

/// What a SIGHUP cannot apply is named, so the operator knows a restart is still needed.
@Suite struct ReloadServiceTests {
    static let base = """
        [mqtt]
        client_id = "rtlsd-a"

        [[decoder]]
        topic = "rtls/+gateway/readings"
        decoder = "rtls-json"

        [spool]
        dir = "s"

        """

    static func config(_ extra: String = "", spool: String = "") throws -> DaemonConfig {
        try DaemonConfig.parse(text: Self.base + spool + "\n" + extra, file: "/etc/rtlsd/rtlsd.toml")
    }

    @Test func unchangedSectionsNeedNothing() throws {
        #expect(ReloadService.sectionsNeedingRestart(running: try Self.config(), next: try Self.config()).isEmpty)
    }

    @Test func spoolWriterIngestAndMetricsChangesAreNamed() throws {
        let running = try Self.config()
        let next = try Self.config(
            "[writer]\nbatch_size = 1000\n[ingest]\nduplicate_window = 0\n[metrics]\nlisten = \"127.0.0.1:9464\"\n",
            spool: "write_ahead = false\n")
        #expect(
            ReloadService.sectionsNeedingRestart(running: running, next: next)
                == ["[writer]", "[ingest]", "[spool]", "[metrics]"])
    }
}
