import ArgumentParser
import Foundation
import RTLSCore
import RTLSDaemon
import Testing

@testable import rtls_sim

/// `rtls-sim generate` writes files that rtlsd's own loaders accept: the site, the rules (an engine can
/// be built from both) and the `[[decoder]]` routes, each naming a registered decoder.
@Suite struct GenerateCommandTests {
    static let formats: [[String]] = [
        ["--format", "vendor", "--ble-format", "espresense"], ["--format", "vendor", "--ble-format", "minew"],
        ["--format", "vendor", "--ble-format", "theengs"],
        ["--format", "vendor", "--ble-format", "rtls-json"], ["--format", "rtls-json"],
        ["--format", "vendor", "--gps-trackers", "0", "--buildings", "2", "--fridges", "0"],
    ]

    @Test(arguments: Self.formats)
    func generatedFilesLoadWithRTLSDsLoaders(arguments: [String]) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rtls-sim-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let command = try Generate.parse(
            ["--tags", "30", "--out", dir, "--config-out", dir + "/decoders.toml"] + arguments)
        try command.run()

        let site = try SiteConfig.load(path: dir + "/site.toml")
        let rules = try RulesConfig.load(path: dir + "/rules.toml")
        _ = try rules.makeEngine(site: site, now: Timestamp(milliseconds: 1_795_435_200_000))
        let routes = try String(contentsOfFile: dir + "/decoders.toml", encoding: .utf8)
        let config = try SimDecoding.config(routes: routes)

        let facility = command.shape.makeFacility(command.formats.plan)
        let trackers = facility.gpsTrackers.count
        #expect(trackers == (arguments.contains("--gps-trackers") ? 0 : 4))
        #expect(site.site.zones.count == facility.rooms.count + (trackers > 0 ? GPSCampus.areas.count : 0))
        #expect(site.site.assets.count == facility.assets.count + facility.fridges.count + trackers)
        for area in GPSCampus.areas where trackers > 0 {
            let zone = try #require(site.site.zoneIndex(ZoneName(area.name) ?? ZoneName()))
            guard case .geo = site.site.zones[Int(zone)].shape else {
                Issue.record("zone \(area.name) has no geo_polygon")
                continue
            }
        }
        #expect(rules.rules.contains { $0.id == SimRules.wheelchairInCarPark } == (trackers > 0))
        let ids = config.decoders.map(\.decoderID)
        #expect(ids.allSatisfy { DecoderRegistry.ids.contains($0) })
        #expect(ids.contains("owntracks") == command.formats.plan.owntracksGPS)
        #expect(Set(ids).count == ids.count)
    }

    @Test func decoderRoutesNameOneDecoderPerFamily() throws {
        let vendor = try SimDecoding.config(routes: TrafficPlan(format: .vendor, ble: .minew).decoderRoutes())
        #expect(vendor.decoders.map(\.decoderID) == ["minew-g1", "zebra-fx", "zigbee2mqtt", "owntracks", "rtls-json"])
        let own = try SimDecoding.config(routes: TrafficPlan(format: .rtlsJSON, ble: .minew).decoderRoutes())
        #expect(own.decoders.map(\.decoderID) == ["rtls-json"])
    }
}
