import RTLSCore
import Testing

@testable import RTLSDaemon

@Suite struct SiteConfigErrorTOMLReadErrorTests {
    @Test(arguments: [
        (TOMLProblem.syntax("expected ']'"), SiteConfigError.Code.syntax, "not valid TOML: expected ']'"),
        (.notATable("facility"), .wrongType, "must be a table [facility]"),
        (.notAnArrayOfTables("zone"), .wrongType, "must be an array of tables [[zone]]"),
        (.arrayEntryNotATable("zone"), .wrongType, "must be an array of tables [[zone]]"),
        (.unknownTable(known: ["facility", "zone"]), .unknownKey, "unknown table; expected one of facility, zone"),
        (.unknownKey(known: ["floor", "name"]), .unknownKey, "unknown key; expected one of floor, name"),
        (.missingKey, .missingKey, "is required"),
        (.wrongType(found: "integer", expected: "a string"), .wrongType, "is a integer, expected a string"),
        (.wrongShape("must be pairs"), .wrongType, "must be pairs"),
        (.invalidValue("= 0 must be between 1 and 9"), .invalidValue, "= 0 must be between 1 and 9"),
    ])
    func problemsAreWordedForSiteAndRulesFiles(problem: TOMLProblem, code: SiteConfigError.Code, detail: String) {
        let words = SiteConfigError.words(for: problem)
        #expect(words.code == code)
        #expect(words.detail == detail)
    }

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
