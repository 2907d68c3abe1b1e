import Testing

@testable import RTLSDaemon

@Suite struct TOMLDocumentTests {
    typealias Document = TOMLDocument<ProbeError>

    static let text = """
        mqtt = 5
        [decoder]
        topic = "a"
        [[zone]]
        name = "A"
        [[zone]]
        name = "B"
        """

    @Test func syntaxErrorCarriesTOMLKitsLine() {
        let error = #expect(throws: ProbeError.self) { _ = try Document.parse(text: "a = 1\n[b\n", file: "t.toml") }
        #expect(error?.code == "syntax")
        #expect(error?.line == 2)
        #expect(error?.place == "")
    }

    @Test func unreadableFileIsRefused() {
        let error = #expect(throws: ProbeError.self) { _ = try Document.load(path: "/nonexistent/rtlsd/t.toml") }
        #expect(error?.code == "unreadable")
        #expect(error?.file == "/nonexistent/rtlsd/t.toml")
        #expect(error?.line == nil)
    }

    @Test func arrayOfTablesGivesOneSectionPerBlock() throws {
        let zones = try Document.parse(text: Self.text, file: "t.toml").tables("zone")
        #expect(zones.map(\.occurrence) == [0, 1])
        var second = try #require(zones.last)
        #expect(try second.string("name") == "B")
        #expect(second.error("x", key: "name", "d").line == 7)
        #expect(try Document.parse(text: Self.text, file: "t.toml").tables("asset").isEmpty)
        #expect(try Document.parse(text: Self.text, file: "t.toml").table("asset") == nil)
    }

    @Test(arguments: [
        ("table", "mqtt", "notATable", 1), ("tables", "decoder", "notAnArrayOfTables", 2),
        ("table", "zone", "notATable", 4), ("tables", "mqtt", "notAnArrayOfTables", 1),
    ])
    func wrongKindOfTopLevelValueIsRefusedAtItsLine(method: String, name: String, code: String, line: Int) throws {
        let doc = try Document.parse(text: Self.text, file: "t.toml")
        let error = #expect(throws: ProbeError.self) {
            if method == "table" { _ = try doc.table(name) } else { _ = try doc.tables(name) }
        }
        #expect(error?.code == code)
        #expect(error?.line == line)
        #expect(error?.place == name)
    }

    @Test func entriesOfAnArrayMustBeTables() throws {
        let doc = try Document.parse(text: "\n\nzone = [1, 2]\n", file: "t.toml")
        let error = #expect(throws: ProbeError.self) { _ = try doc.tables("zone") }
        #expect(error?.code == "arrayEntryNotATable")
        #expect(error?.line == 3)
    }

    @Test func unknownTopLevelNamesAreRefusedFirstInSortedOrder() throws {
        let doc = try Document.parse(text: Self.text, file: "t.toml")
        #expect(throws: Never.self) { try doc.rejectUnknownTables(allowed: ["mqtt", "decoder", "zone"]) }
        let error = #expect(throws: ProbeError.self) { try doc.rejectUnknownTables(allowed: ["decoder"]) }
        #expect(error?.code == "unknownTable")
        #expect(error?.place == "mqtt")
        #expect(error?.line == 1)
        #expect(error?.detail == "unknownTable(known: [\"decoder\"])")
    }
}
