import RTLSCore
import Testing

@testable import RTLSDaemon

/// The system's tz database through Foundation (Debian: tzdata): `[facility] timezone`.
@Suite struct FacilityTimeZoneTests {
    @Test func europeBerlinHasSummerTime() throws {
        let berlin = try #require(FacilityTimeZone.load("Europe/Berlin"))
        #expect(berlin.offset(atUTC: 1_768_478_400) == 3600)  // 2026-01-15T12:00Z
        #expect(berlin.offset(atUTC: 1_774_746_000 - 1) == 3600)  // 2026-03-29T00:59:59Z
        #expect(berlin.offset(atUTC: 1_774_746_000) == 7200)  // 2026-03-29T01:00Z: clocks go forward
        #expect(berlin.offset(atUTC: 1_792_890_000) == 3600)  // 2026-10-25T01:00Z: and back
        // The repeated hour: 02:30 local read near each occurrence.
        let local: Int64 = 1_792_895_400  // 2026-10-25T02:30 as if UTC
        #expect(berlin.utc(fromLocal: local, near: 1_792_888_200) == 1_792_888_200)  // 00:30Z (CEST)
        #expect(berlin.utc(fromLocal: local, near: 1_792_891_800) == 1_792_891_800)  // 01:30Z (CET)
    }

    @Test func unknownNamesAreRefused() {
        #expect(FacilityTimeZone.load("Europe/Berln") == nil)
        #expect(FacilityTimeZone.load("") == nil)
        #expect(FacilityTimeZone.load("UTC")?.offset(atUTC: 0) == 0)
    }

    @Test func siteTomlTakesATimeZoneAndStillTheOldOffset() throws {
        let site = try SiteConfig.parse(text: "[facility]\nname = \"A\"\ntimezone = \"America/New_York\"\n").site
        #expect(site.timeZone.identifier == "America/New_York")
        #expect(site.timeZone.offset(atUTC: 1_768_478_400) == -18_000)
        #expect(site.timeZone.offset(atUTC: 1_784_116_800) == -14_400)  // 2026-07-15T12:00Z, EDT
        let old = try SiteConfig.parse(text: "[facility]\nname = \"A\"\nutc_offset = \"+01:00\"\n").site
        #expect(old.timeZone == .fixed(seconds: 3600))
        #expect(throws: SiteConfigError.self) {
            try SiteConfig.parse(text: "[facility]\nname = \"A\"\ntimezone = \"Mars/Olympus\"\n")
        }
        #expect(throws: SiteConfigError.self) {
            try SiteConfig.parse(text: "[facility]\nname = \"A\"\ntimezone = \"UTC\"\nutc_offset = \"Z\"\n")
        }
    }

    @Test func routesGetTheSiteZoneUnlessTheyFixAnOffset() throws {
        var config = DaemonConfig(file: "test.toml")
        config.decoders = [
            .init(pattern: try TopicPattern("tele/#"), decoderID: "tasmota", utcOffsetSeconds: 0),
            .init(pattern: try TopicPattern("z2m/#"), decoderID: "zigbee2mqtt", utcOffsetSeconds: -3600, utcOffsetGiven: true),
        ]
        let berlin = try #require(FacilityTimeZone.load("Europe/Berlin"))
        let routes = config.decoderRoutes(siteTimeZone: berlin)
        #expect(routes[0].pattern.localTimeZone == berlin)
        #expect(routes[1].pattern.localTimeZone == .fixed(seconds: -3600))
    }
}
