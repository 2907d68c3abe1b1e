import Foundation
import RTLSCore
import RTLSDaemon
import Testing

/// Every registered decoder is documented where users look: a README table row and a commented
/// `[[decoder]]` block in the example config — so the docs cannot drift from the code.
@Suite struct DecoderDocsTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: DecoderRegistry.ids) func decoderIsInReadmeAndExampleConfig(_ id: String) throws {
        let readme = try String(contentsOf: Self.repo.appendingPathComponent("README.md"), encoding: .utf8)
        let config = try String(contentsOf: Self.repo.appendingPathComponent("config/rtlsd.toml"), encoding: .utf8)
        #expect(readme.contains("| `\(id)` |"), "README gateway table lacks \(id)")
        #expect(readme.contains("### \(id)"), "README lacks a sample for \(id)")
        #expect(config.contains("decoder = \"\(id)\""), "config/rtlsd.toml lacks a [[decoder]] block for \(id)")
    }

    @Test func everyCommentedDecoderBlockParses() throws {
        let config = try String(contentsOf: Self.repo.appendingPathComponent("config/rtlsd.toml"), encoding: .utf8)
        // Uncomment every `# [[decoder]]` block and load the result: ids and topic patterns must be valid.
        var lines: [String] = []
        var inBlock = false
        for line in config.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# [[decoder]]") { inBlock = true }
            if inBlock, line.hasPrefix("# ") {
                let body = line.dropFirst(2)
                if body.hasPrefix("[[decoder]]") || body.contains(" = ") {
                    lines.append(String(body))
                    continue
                }
            }
            if !line.hasPrefix("#") { inBlock = false }
            lines.append(String(line))
        }
        let parsed = try DaemonConfig.parse(text: lines.joined(separator: "\n"), file: "uncommented.toml")
        #expect(Set(parsed.decoders.map(\.decoderID)) == Set(DecoderRegistry.ids))
    }
}
