import Foundation
import Testing

@testable import RTLSDaemon

/// A reload applies what can change live and names every other changed section: no section the
/// loader accepts can change without a word.
@Suite struct ReloadPlanTests {
    static let base = """
        [mqtt]
        client_id = "rtlsd-a"

        [[decoder]]
        topic = "rtls/+gateway/readings"
        decoder = "rtls-json"

        [spool]
        dir = "s"

        """

    static func config(_ extra: String = "", spool: String = "", decoder: String = "") throws -> DaemonConfig {
        try DaemonConfig.parse(text: Self.base + spool + "\n" + decoder + "\n" + extra, file: "/etc/rtlsd/rtlsd.toml")
    }

    static let site = "[site]\nfile = \"site.toml\"\nrules = \"rules.toml\"\n"

    /// One change per section the loader accepts: the TOML that changes it, where a reload puts
    /// it and the keys it names. Running config: ``base`` with a site.
    static let changes: [(ConfigSection, String, applied: Bool, keys: [String])] = [
        (.mqtt, "[mqtt]\nclient_id = \"rtlsd-a\"\nport = 1884\nkeepalive = 60\n", false, ["port", "keepalive"]),
        (.decoder, "[[decoder]]\ntopic = \"rtls/+gateway/readings\"\ndecoder = \"ruuvi-gw\"\n", true, ["decoder"]),
        (.database, "[database]\nconninfo = \"host=db2 dbname=rtls\"\nretention_sensor_days = 10\n", false,
            ["conninfo", "retention_sensor_days"]),
        (.writer, "[writer]\nlinger_ms = 50\n", false, ["linger_ms"]),
        (.ingest, "[ingest]\nduplicate_window = 0\n", false, ["duplicate_window"]),
        (.spool, "[spool]\ndir = \"s\"\nfsync = \"batch\"\n", false, ["fsync"]),
        (.log, "[log]\nlevel = \"debug\"\n", false, ["level"]),
        (.site, "[site]\nfile = \"other-site.toml\"\nrules = \"rules.toml\"\n", true, ["file"]),
        // The escalation topic defaults to `<mqtt_topic_prefix>/escalated`, so it changes with the prefix.
        (.alerts, "[alerts]\nmqtt_topic_prefix = \"rtls/alerts/site1\"\n", false, ["mqtt_topic_prefix", "escalation_topic"]),
        (.metrics, "[metrics]\nlisten = \"127.0.0.1:9464\"\n", false, ["listen"]),
    ]

    /// The config `change` describes: the base, with the changed section replacing the base's.
    static func config(changing section: ConfigSection, _ toml: String) throws -> DaemonConfig {
        switch section {
        case .mqtt:
            return try DaemonConfig.parse(
                text: Self.base.replacingOccurrences(of: "[mqtt]\nclient_id = \"rtlsd-a\"\n", with: toml) + Self.site,
                file: "/etc/rtlsd/rtlsd.toml")
        case .decoder:
            return try DaemonConfig.parse(
                text: Self.base.replacingOccurrences(
                    of: "[[decoder]]\ntopic = \"rtls/+gateway/readings\"\ndecoder = \"rtls-json\"\n", with: toml)
                    + Self.site,
                file: "/etc/rtlsd/rtlsd.toml")
        case .spool:
            return try DaemonConfig.parse(
                text: Self.base.replacingOccurrences(of: "[spool]\ndir = \"s\"\n", with: toml) + Self.site,
                file: "/etc/rtlsd/rtlsd.toml")
        case .site:
            return try Self.config(toml)
        case .database, .writer, .ingest, .log, .alerts, .metrics:
            return try Self.config(Self.site + toml)
        }
    }

    @Test func everySectionTheLoaderAcceptsHasAChangeCase() {
        #expect(Set(Self.changes.map(\.0)) == Set(ConfigSection.allCases))
        #expect(Self.changes.count == ConfigSection.allCases.count)
    }

    @Test func unchangedConfigNeedsNothing() throws {
        let plan = ReloadPlan.compare(running: try Self.config(Self.site), next: try Self.config(Self.site))
        #expect(plan.applied.isEmpty)
        #expect(plan.needsRestart.isEmpty)
        #expect(plan.reloadsSiteAndRules)
    }

    @Test(arguments: ReloadPlanTests.changes.indices)
    func eachChangedSectionIsAppliedOrNamed(_ index: Int) throws {
        let (section, toml, applied, keys) = Self.changes[index]
        let running = try Self.config(Self.site)
        let next = try Self.config(changing: section, toml)
        let plan = ReloadPlan.compare(running: running, next: next)
        let expected = [ReloadPlan.Change(section, keys: keys)]
        #expect((applied ? plan.applied : plan.needsRestart) == expected)
        #expect((applied ? plan.needsRestart : plan.applied).isEmpty)
        // What is in force afterwards: the applied section from the file, the rest as it ran.
        let inForce = plan.inForce(running: running, next: next)
        #expect(ReloadPlan.compare(running: inForce, next: next).applied.isEmpty)
        #expect(ReloadPlan.compare(running: inForce, next: running).needsRestart.isEmpty)
    }

    /// A stored property of `DaemonConfig` outside the sections compared would change unseen:
    /// adding one fails here until ``ReloadPlan/changedKeys(_:running:next:)`` covers it.
    @Test func everyConfigFieldBelongsToAComparedSection() throws {
        let fields = Set(Mirror(reflecting: try Self.config()).children.compactMap(\.label))
        #expect(
            fields == [
                "file", "mqtt", "decoders", "database", "writer", "ingest", "spool", "log", "metrics", "siteFile",
                "alertTopicPrefix", "rulesFile", "alertAckTopic", "alertEscalateAfter", "alertEscalationTopic",
            ])
    }

    @Test func newSubscriptionFiltersNeedARestartAndKeepTheRoutes() throws {
        let running = try Self.config()
        let next = try Self.config(
            decoder: "[[decoder]]\ntopic = \"zigbee2mqtt/+tag\"\ndecoder = \"zigbee2mqtt\"\n")
        let plan = ReloadPlan.compare(running: running, next: next)
        #expect(plan.needsRestart.map(\.section) == [.decoder])
        #expect(plan.needsRestart.first?.reason == "the subscribed topic filters differ")
        #expect(plan.inForce(running: running, next: next).decoders == running.decoders)
    }

    @Test func addingOrRemovingASiteNeedsARestart() throws {
        let withSite = try Self.config(Self.site)
        let without = try Self.config()
        for (running, next) in [(withSite, without), (without, withSite)] {
            let plan = ReloadPlan.compare(running: running, next: next)
            #expect(plan.needsRestart.map(\.section) == [.site])
            #expect(plan.needsRestart.first?.keys == ["file", "rules"])
            #expect(!plan.reloadsSiteAndRules)
        }
    }

    @Test func changeDescriptionNamesSectionAndKeys() {
        #expect("\(ReloadPlan.Change(.database, keys: ["conninfo", "instance"]))" == "[database] conninfo, instance")
        #expect("\(ReloadPlan.Change(.decoder, keys: []))" == "[[decoder]]")
    }
}
