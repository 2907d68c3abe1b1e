import Foundation
import RTLSCore
import RTLSDaemon
import Testing

@Suite struct DaemonConfigTests {
    static let minimal = """
        [mqtt]
        host = "10.0.0.5"
        client_id = "rtlsd-a"

        [[decoder]]
        topic = "rtls/+gateway/readings"
        decoder = "rtls-json"

        [database]
        conninfo = "host=db dbname=rtls"
        """

    @Test func minimalConfigGetsDefaults() throws {
        let c = try DaemonConfig.parse(text: Self.minimal, file: "/etc/rtlsd/rtlsd.toml")
        #expect(c.mqtt.host == "10.0.0.5")
        #expect(c.mqtt.port == 1883)
        #expect(c.mqtt.qos == 1)
        #expect(c.mqtt.cleanSession == false)
        #expect(c.writer.batchSize == 5_000)
        #expect(c.writer.connections == 2)
        #expect(c.writer.lingerMilliseconds == 200)
        #expect(c.writer.ringCapacity == 262_144)
        #expect(c.writer.storageNice == 0)
        #expect(c.mqtt.intakeNice == nil)
        #expect(DaemonConfig.MQTT.defaultIntakeNice == -20)
        #expect(c.decoders.count == 1)
        #expect(c.decoders[0].pattern.subscriptionFilter == "rtls/+/readings")
        #expect(c.database.migrationsDirectory == "/usr/local/share/rtlsd/sql")
    }

    @Test func intakeNiceIsRead() throws {
        let c = try DaemonConfig.parse(
            text: Self.minimal.replacingOccurrences(of: "[mqtt]\n", with: "[mqtt]\nintake_nice = -5\n"),
            file: "/etc/rtlsd/rtlsd.toml")
        #expect(c.mqtt.intakeNice == -5)
    }

    @Test func spoolSectionIsReadWithDefaults() throws {
        let none = try DaemonConfig.parse(text: Self.minimal, file: "/etc/rtlsd/rtlsd.toml")
        #expect(none.spool.directory == nil)
        #expect(none.ingest.duplicateWindow == 65_536)
        let c = try DaemonConfig.parse(
            text: Self.minimal + "\n[spool]\ndir = \"spool\"\nfsync = \"250ms\"\n[ingest]\nduplicate_window = 0\n",
            file: "/etc/rtlsd/rtlsd.toml")
        #expect(c.spool.directory == "/etc/rtlsd/spool")
        #expect(c.spool.maxBytes == 1 << 30)
        #expect(c.spool.segmentBytes == 64 << 20)
        #expect(c.spool.fsyncIntervalMilliseconds == 250)
        #expect(c.ingest.duplicateWindow == 0)
        #expect(c.spool.failoverWindowSeconds == 300)
        #expect(c.spool.failoverWindowBytes == 256 << 20)
        // A small log keeps at most half of itself for the failover window unless told otherwise.
        let small = try DaemonConfig.parse(
            text: Self.minimal + "\n[spool]\ndir = \"spool\"\nmax_bytes = 1048576\nsegment_bytes = 131072\n",
            file: "/etc/rtlsd/rtlsd.toml")
        #expect(small.spool.failoverWindowBytes == 512 << 10)
        let set = try DaemonConfig.parse(
            text: Self.minimal + "\n[spool]\ndir = \"spool\"\nfailover_window_s = 0\nfailover_window_bytes = 0\n",
            file: "/etc/rtlsd/rtlsd.toml")
        #expect(set.spool.failoverWindowSeconds == 0)
        #expect(set.spool.failoverWindowBytes == 0)
    }

    @Test(arguments: [("", nil), ("[metrics]\n", nil), ("[metrics]\nlisten = \"\"\n", nil),
        ("[metrics]\nlisten = \"127.0.0.1:9464\"\n", "127.0.0.1:9464"),
        ("[metrics]\nlisten = \"localhost:0\"\n", "localhost:0")] as [(String, String?)])
    func metricsEndpointIsOffUnlessListenIsGiven(section: String, listen: String?) throws {
        let c = try DaemonConfig.parse(text: Self.minimal + "\n" + section, file: "/etc/rtlsd/rtlsd.toml")
        #expect(c.metrics.listen == listen)
    }

    @Test func shippedExampleIsValid() throws {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/rtlsd.toml")
        let c = try DaemonConfig.load(path: url.path)
        #expect(c.mqtt.clientID == "rtlsd-site1")
        #expect(!c.decoders.isEmpty)
    }

    struct Broken: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var code: ConfigError.Code
        var line: Int?
        var mentions: String
        var testDescription: String { self.name }
    }

    static let broken: [Broken] = [
        Broken(
            name: "spool fsync not batch or ms",
            text: "[[decoder]]\ntopic = \"a/#\"\ndecoder = \"rtls-json\"\n[spool]\ndir = \"s\"\nfsync = \"often\"\n",
            code: .invalidValue, line: 6, mentions: "must be \"batch\" or an interval"),
        Broken(
            name: "spool segment above cap",
            text: "[[decoder]]\ntopic = \"a/#\"\ndecoder = \"rtls-json\"\n[spool]\nmax_bytes = 2097152\nsegment_bytes = 4194304\n",
            code: .invalidValue, line: 6, mentions: "must not exceed max_bytes"),
        Broken(
            name: "failover window above half the log",
            text: "[[decoder]]\ntopic = \"a/#\"\ndecoder = \"rtls-json\"\n[spool]\nmax_bytes = 2097152\nsegment_bytes = 131072\nfailover_window_bytes = 2097152\n",
            code: .invalidValue, line: 7, mentions: "must not exceed half of max_bytes"),
        Broken(
            name: "qos out of range", text: "[mqtt]\nhost = \"h\"\nqos = 3\n[[decoder]]\ntopic = \"a/#\"\ndecoder = \"rtls-json\"\n",
            code: .invalidValue, line: 3, mentions: "qos = 3 must be 0, 1 or 2"),
        Broken(
            name: "typo in key", text: "[mqtt]\nqoss = 1\n[[decoder]]\ntopic = \"a/#\"\ndecoder = \"rtls-json\"\n",
            code: .unknownKey, line: 2, mentions: "qoss"),
        Broken(
            name: "port is a string", text: "[mqtt]\nport = \"1883\"\n[[decoder]]\ntopic = \"a/#\"\ndecoder = \"rtls-json\"\n",
            code: .wrongType, line: 2, mentions: "port must be an integer"),
        Broken(
            name: "unknown decoder", text: "[[decoder]]\ntopic = \"a/#\"\ndecoder = \"zebra-xx\"\n",
            code: .invalidValue, line: 3, mentions: "zebra-xx"),
        Broken(
            name: "bad topic pattern", text: "[[decoder]]\ntopic = \"a/#/b\"\ndecoder = \"rtls-json\"\n",
            code: .invalidValue, line: 2, mentions: "'#' must be the last segment"),
        Broken(
            name: "password in conninfo",
            text: "[[decoder]]\ntopic = \"a/#\"\ndecoder = \"rtls-json\"\n[database]\nconninfo = \"host=x password=secret\"\n",
            code: .invalidValue, line: 5, mentions: "must not contain the password"),
        Broken(
            name: "batch larger than ring",
            text: "[[decoder]]\ntopic = \"a/#\"\ndecoder = \"rtls-json\"\n[writer]\nbatch_size = 5000\nring_capacity = 2048\n",
            code: .invalidValue, line: 5, mentions: "must not exceed ring_capacity"),
        Broken(
            name: "ring_full log without the write-ahead log",
            text: "[[decoder]]\ntopic = \"a/#\"\ndecoder = \"rtls-json\"\n[writer]\nring_full = \"log\"\n",
            code: .invalidValue, line: 5, mentions: "needs [spool] write_ahead = true"),
        Broken(
            name: "three writer connections",
            text: "[[decoder]]\ntopic = \"a/#\"\ndecoder = \"rtls-json\"\n[writer]\nconnections = 3\n",
            code: .invalidValue, line: 5, mentions: "connections = 3 must be between 1 and 2"),
        Broken(
            name: "ring_full unknown",
            text: "[[decoder]]\ntopic = \"a/#\"\ndecoder = \"rtls-json\"\n[writer]\nring_full = \"drop\"\n",
            code: .invalidValue, line: 5, mentions: "must be one of \"log\", \"wait\""),
        Broken(
            name: "intake_nice below -20",
            text: "[mqtt]\nintake_nice = -21\n[[decoder]]\ntopic = \"a/#\"\ndecoder = \"rtls-json\"\n",
            code: .invalidValue, line: 2, mentions: "intake_nice"),
        Broken(
            name: "storage_nice beyond 19",
            text: "[[decoder]]\ntopic = \"a/#\"\ndecoder = \"rtls-json\"\n[writer]\nstorage_nice = 20\n",
            code: .invalidValue, line: 5, mentions: "storage_nice"),
        Broken(
            name: "metrics listen without port",
            text: "[[decoder]]\ntopic = \"a/#\"\ndecoder = \"rtls-json\"\n[metrics]\nlisten = \"127.0.0.1\"\n",
            code: .invalidValue, line: 5, mentions: "must be IPv4:port"),
        Broken(
            name: "metrics listen IPv6 without brackets",
            text: "[[decoder]]\ntopic = \"a/#\"\ndecoder = \"rtls-json\"\n[metrics]\nlisten = \"::1:9464\"\n",
            code: .invalidValue, line: 5, mentions: "or [IPv6]:port"),
        Broken(name: "no decoder", text: "[mqtt]\nhost = \"h\"\n", code: .missingKey, line: nil, mentions: "[[decoder]]"),
        Broken(name: "not TOML", text: "[mqtt\nhost = \n", code: .syntax, line: 1, mentions: "expected ']'"),
        Broken(
            name: "second decoder block bad",
            text: "[[decoder]]\ntopic = \"a/#\"\ndecoder = \"rtls-json\"\n\n[[decoder]]\ntopic = \"b/#\"\ndecoder = \"nope\"\n",
            code: .invalidValue, line: 7, mentions: "[[decoder]] #2 decoder"),
    ]

    @Test(arguments: Self.broken) func brokenConfigIsRefusedNamingKeyAndLine(_ c: Broken) {
        do {
            _ = try DaemonConfig.parse(text: c.text, file: "t.toml")
            Issue.record("\(c.name) was accepted")
        } catch {
            #expect(error.code == c.code)
            #expect(error.line == c.line, "\(error)")
            #expect(error.description.contains(c.mentions), "\(error)")
            #expect(error.description.hasPrefix("config t.toml"))
        }
    }

    @Test func utcOffsetParses() throws {
        let text = Self.minimal.replacingOccurrences(of: "decoder = \"rtls-json\"", with: "decoder = \"rtls-json\"\nutc_offset = \"-05:30\"")
        let c = try DaemonConfig.parse(text: text, file: "t.toml")
        #expect(c.decoders[0].utcOffsetSeconds == -(5 * 3600 + 30 * 60))
    }
}
