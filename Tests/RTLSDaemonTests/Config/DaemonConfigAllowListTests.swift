import RTLSCore
import RTLSDaemon
import RTLSPostgres
import Testing

@Suite("[ingest] allow-lists and [database] reference_cache_entries")
struct DaemonConfigAllowListTests {
    static let decoder = "[[decoder]]\ntopic = \"a/#\"\ndecoder = \"rtls-json\"\n"
    static let site = "[site]\nfile = \"site.toml\"\nrules = \"rules.toml\"\n"

    @Test("defaults: any gateway and zone, 200,000 cached tags")
    func defaults() throws {
        let c = try DaemonConfig.parse(text: Self.decoder, file: "/etc/rtlsd/rtlsd.toml")
        #expect(c.ingest.allowUnknownGateways && c.ingest.allowUnknownZones)
        #expect(c.database.referenceCacheEntries == 200_000)
        #expect(ReferencePolicySource.policy(config: c, site: nil) == .any)
    }

    @Test("allow_unknown_… = false with a site file is read, and the policy lists site.toml's names")
    func readWithSite() throws {
        let c = try DaemonConfig.parse(
            text: Self.decoder + Self.site
                + "[ingest]\nallow_unknown_gateways = false\nallow_unknown_zones = false\n"
                + "[database]\nreference_cache_entries = 5000\n",
            file: "/etc/rtlsd/rtlsd.toml")
        #expect(!c.ingest.allowUnknownGateways && !c.ingest.allowUnknownZones)
        #expect(c.database.referenceCacheEntries == 5000)
        var site = SiteModel(facility: "f")
        try site.addZone(name: "ward-1", floor: nil, shape: .none)
        try site.addGateway(id: "gw-1", zone: "ward-1")
        let policy = ReferencePolicySource.policy(config: c, site: site)
        #expect(policy.gateways == ["gw-1"] && policy.zones == ["ward-1"])
        #expect(policy.allows(gateway: "gw-1") && !policy.allows(gateway: "gw-2"))
        #expect(policy.allows(zone: "ward-1") && !policy.allows(zone: "ward-2"))
    }

    @Test("only the allow-list turned on restricts")
    func oneOfTwo() throws {
        let c = try DaemonConfig.parse(
            text: Self.decoder + Self.site + "[ingest]\nallow_unknown_zones = false\n", file: "t.toml")
        let policy = ReferencePolicySource.policy(config: c, site: SiteModel(facility: "f"))
        #expect(policy.gateways == nil && policy.zones == [])
    }

    @Test(
        "refused: allow-list without site.toml, wrong type, typo, cache bound out of range",
        arguments: [
            ("[ingest]\nallow_unknown_gateways = false\n", ConfigError.Code.invalidValue, 5, "needs [site] file"),
            ("[ingest]\nallow_unknown_zones = false\n", .invalidValue, 5, "zones it allows are those declared in site.toml"),
            ("[ingest]\nallow_unknown_gateways = \"no\"\n", .wrongType, 5, "allow_unknown_gateways"),
            ("[ingest]\nallow_unknown_gateway = false\n", .unknownKey, 5, "allow_unknown_gateway"),
            ("[database]\nreference_cache_entries = 10\n", .invalidValue, 5, "reference_cache_entries"),
        ])
    func refused(section: String, code: ConfigError.Code, line: Int, mentions: String) {
        do {
            _ = try DaemonConfig.parse(text: Self.decoder + section, file: "t.toml")
            Issue.record("accepted: \(section)")
        } catch {
            #expect(error.code == code, "\(error)")
            #expect(error.line == line, "\(error)")
            #expect(error.description.contains(mentions), "\(error)")
        }
    }
}
