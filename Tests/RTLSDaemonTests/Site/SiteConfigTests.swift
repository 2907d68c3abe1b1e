import RTLSCore
import RTLSDaemon
import Testing

@Suite struct SiteConfigTests {
    static let configDir: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)  // Tests/RTLSDaemonTests/Site/SiteConfigTests.swift
        return parts.joined(separator: "/") + "/config"
    }()

    @Test func exampleSiteFileLoads() throws {
        let config = try SiteConfig.load(path: Self.configDir + "/site.toml")
        let site = config.site
        #expect(site.facility == "St. Example General")
        #expect(site.timeZone.identifier == "Europe/Zurich")
        #expect(!site.timeZone.isFixed)
        let dockZone = site.zones[Int(try #require(site.zoneIndex("LOADING-DOCK")))]
        #expect(dockZone.kind == "dock" && dockZone.restricted)
        #expect(site.floors.count == 2)
        #expect(site.zones.count == 5)
        #expect(site.assets.count == 5)
        let dock = try #require(site.gatewayIndex("fx9600-dock"))
        #expect(site.gateways[Int(dock)].antennas[2] == site.zoneIndex("LOADING-DOCK"))
        guard case .geo(let campus) = site.zones[Int(try #require(site.zoneIndex("CAMPUS")))].shape else {
            Issue.record("CAMPUS should be a GPS zone")
            return
        }
        #expect(campus.contains(Point(x: 8.54, y: 47.3705)))  // x = longitude
    }

    static let base = """
        [facility]
        name = "T"

        [[building]]
        name = "Main"

        [[floor]]
        name = "L1"
        building = "Main"

        """

    @Test(arguments: [
        ("[[zone]]\nname = \"A\"\nfloor = \"L9\"\n", SiteConfigError.Code.unknownReference, 12, "floor"),
        ("[[zone]]\nname = \"A\"\nfloor = \"L1\"\npolygon = [[0, 0], [1, 1]]\n", .invalidValue, 13, "polygon"),
        ("[[zone]]\nname = \"A\"\nfloor = \"L1\"\npolgon = [[0, 0], [1, 0], [1, 1]]\n", .unknownKey, 13, "polgon"),
        ("[[asset]]\nname = \"PUMP\"\nclass = \"pump\"\n", .missingKey, 10, "tag"),
        ("[[gateway]]\nid = \"gw\"\nantennas = { 1 = \"DOCK\" }\n", .unknownReference, 12, "antennas.1"),
        ("[[zone]]\nname = \"A\"\nfloor = \"L1\n", .syntax, 12, ""),
        ("[[floor]]\nname = \"L1\"\nbuilding = \"Main\"\n", .duplicate, 11, "name"),
    ])
    func brokenSiteFilesNameLineAndKey(tail: String, code: SiteConfigError.Code, line: Int, key: String) {
        let error = #expect(throws: SiteConfigError.self) {
            _ = try SiteConfig.parse(text: Self.base + tail, path: "/etc/rtlsd/site.toml")
        }
        #expect(error?.code == code)
        #expect(error?.line == line)
        #expect(error?.description.hasPrefix("config /etc/rtlsd/site.toml line \(line): ") == true)
        #expect(error?.location.hasSuffix(key) == true)
    }
}
