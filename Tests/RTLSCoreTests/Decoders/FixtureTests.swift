import Foundation
import Testing

@testable import RTLSCore

/// One golden case: `Fixtures/<decoder-id>/<case>/` with `topic.txt`, `payload.json` (or `payload.txt` for
/// non-JSON payloads), optional `context.json` (`pattern`, `receivedAt`, `utcOffsetSeconds`), and
/// `expected.json` or `expected-error.txt`.
struct FixtureCase: CustomStringConvertible, Sendable {
    let decoderID: String
    let name: String
    let directory: URL

    var description: String { "\(self.decoderID)/\(self.name)" }

    static let root: URL? = Bundle.module.url(forResource: "Fixtures", withExtension: nil)

    static let all: [FixtureCase] = {
        guard let root else { return [] }
        let fm = FileManager.default
        var cases: [FixtureCase] = []
        for id in ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).sorted() {
            let idURL = root.appendingPathComponent(id)
            for name in ((try? fm.contentsOfDirectory(atPath: idURL.path)) ?? []).sorted() {
                let dir = idURL.appendingPathComponent(name)
                if fm.fileExists(atPath: dir.appendingPathComponent("topic.txt").path) {
                    cases.append(FixtureCase(decoderID: id, name: name, directory: dir))
                }
            }
        }
        return cases
    }()

    func file(_ name: String) -> Data? { try? Data(contentsOf: self.directory.appendingPathComponent(name)) }
}

@Suite struct FixtureTests {
    @Test func everyRegisteredDecoderHasFixtures() {
        let ids = Set(FixtureCase.all.map(\.decoderID))
        for id in DecoderRegistry.ids { #expect(ids.contains(id), "no fixtures for \(id)") }
        #expect(FixtureCase.all.count >= DecoderRegistry.ids.count)
    }

    @Test(arguments: FixtureCase.all)
    func fixture(_ fixture: FixtureCase) throws {
        let decoder = try #require(DecoderRegistry.decoder(id: fixture.decoderID), "unknown decoder id")
        let topic = String(decoding: try #require(fixture.file("topic.txt")), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let payload = try #require(fixture.file("payload.json") ?? fixture.file("payload.txt"))
        var context = DecodeContext(receivedAt: try #require(Timestamp(rfc3339: "2026-11-23T12:00:00Z")))
        if let data = fixture.file("context.json") {
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            if let text = object["receivedAt"] as? String {
                context.receivedAt = try #require(Timestamp(rfc3339: text))
            }
            if let offset = object["utcOffsetSeconds"] as? NSNumber { context.gatewayUTCOffsetSeconds = offset.int32Value }
            if let pattern = object["pattern"] as? String {
                #expect(try TopicPattern(pattern).match(topic, capturing: &context), "pattern does not match topic")
            }
        }
        var output = DecodeOutput()
        var thrown: DecodeError?
        do {
            try decoder.decode(topic: topic, payload: Array(payload), context: context, into: &output)
        } catch {
            thrown = error
        }
        if let dump = ProcessInfo.processInfo.environment["RTLSD_FIXTURE_DUMP"] {
            // Writes what the decoder produced in expected.json form, for a person to review when a
            // decoder's behaviour changes on purpose: `<dump>/<decoder-id>/<case>.json`.
            try FixtureRendering.dump(output, error: thrown, to: dump + "/" + fixture.decoderID + "/" + fixture.name + ".json")
        }
        if let data = fixture.file("expected-error.txt") {
            let expected = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let error = try #require(thrown, "expected \(expected), decoded \(output.readings.count) readings")
            #expect(FixtureRendering.error(error) == expected)
        } else {
            if let thrown { Issue.record("unexpected error: \(thrown)") }
            let data = try #require(fixture.file("expected.json"), "expected.json or expected-error.txt missing")
            let expected = FixtureRendering.lines(expected: try JSONSerialization.jsonObject(with: data))
            #expect(FixtureRendering.lines(output) == expected)
        }
        // Decoding again into the same (reused) output gives the same result.
        var again = output
        again.reset()
        try? decoder.decode(topic: topic, payload: Array(payload), context: context, into: &again)
        #expect(again.readings == output.readings)
    }
}
