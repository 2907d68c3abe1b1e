import RTLSCore
import Testing

@testable import RTLSDaemon

@Suite struct SiteConfigErrorTOMLReadErrorTests {
    @Test func wrongTypeInSiteFileNamesTheTypeFound() {
        let error = #expect(throws: SiteConfigError.self) {
            _ = try SiteConfig.parse(text: "[facility]\nname = 5\n", path: "/etc/rtlsd/site.toml")
        }
        #expect(error?.code == .wrongType)
        #expect(
            error?.description
                == "config /etc/rtlsd/site.toml line 2: [facility] name: is a integer, expected a string; "
                + "fix the file and reload")
    }

    @Test func siteModelErrorsAreMappedAtTheElementsKey() throws {
        let text = "[[zone]]\nname = \"A\"\nfloor = \"L9\"\n"
        let doc = try TOMLDocument<SiteConfigError>.parse(text: text, file: "s.toml")
        var zone = try #require(try doc.tables("zone").first)
        zone.label = try zone.requiredString("name")
        let error = zone.error(SiteError(.unknownReference, key: "floor", detail: "floor \"L9\" is not defined"))
        #expect(error.code == .unknownReference)
        #expect(error.line == 3)
        #expect(error.location == "[[zone]] \"A\" floor")
    }
}
