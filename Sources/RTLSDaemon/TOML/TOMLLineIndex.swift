/// Where each table header and key of a TOML text was written, so errors TOMLKit cannot locate
/// (it reports positions only for syntax errors) still name a line.
///
/// A block is addressed as its loader reads it: `occurrence: nil` for the plain table `[mqtt]` (or
/// the root, table `""`), `occurrence: n` for the n-th `[[decoder]]`. The scan is by line, not a
/// parser: a line opening with `[` starts a block, a line with `=` is a key of the current block.
struct TOMLLineIndex: Sendable {
    private struct Header: Sendable {
        var table: String
        var isArray: Bool
        var line: Int
    }
    private struct Entry: Sendable {
        var table: String
        var occurrence: Int?
        var key: String
        var line: Int
    }
    private var headers: [Header] = []
    private var entries: [Entry] = []

    init(text: String) {
        var table = ""
        var occurrence: Int?
        var arrayCounts: [String: Int] = [:]
        // "\r\n" is one Character, so CRLF text is split on it as well as on "\n".
        let textLines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (number, rawLine) in textLines.enumerated() {
            let line = rawLine.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("[") {
                let isArray = line.hasPrefix("[[")
                table = String(line.drop { $0 == "[" }.prefix { $0 != "]" }).trimmingSpaces()
                occurrence = nil
                if isArray {
                    occurrence = arrayCounts[table, default: 0]
                    arrayCounts[table] = (occurrence ?? 0) + 1
                }
                self.headers.append(Header(table: table, isArray: isArray, line: number + 1))
            } else if let eq = line.firstIndex(of: "="), !line.hasPrefix("#") {
                var key = String(line[..<eq]).trimmingSpaces()
                if key.hasPrefix("\""), key.hasSuffix("\""), key.count >= 2 { key = String(key.dropFirst().dropLast()) }
                self.entries.append(Entry(table: table, occurrence: occurrence, key: key, line: number + 1))
            }
        }
    }

    /// The 1-based line of `key` in the block `table`/`occurrence`, or of the block's header when
    /// the key is absent (or `key` is `nil`); `nil` when the block is absent.
    ///
    /// A dotted key (`antennas.1`, an entry of an inline table) is found where it is written, else
    /// where its first part is assigned (`antennas = { 1 = "DOCK" }`).
    func line(table: String, occurrence: Int?, key: String?) -> Int? {
        if let key {
            let first = key.split(separator: ".", maxSplits: 1).first.map(String.init) ?? key
            let block = self.entries.filter { $0.table == table && $0.occurrence == occurrence }
            if let entry = block.first(where: { $0.key == key }) ?? block.first(where: { $0.key == first }) {
                return entry.line
            }
        }
        let blocks = self.headers.filter { $0.table == table && $0.isArray == (occurrence != nil) }
        let position = occurrence ?? 0
        return position < blocks.count ? blocks[position].line : nil
    }

    /// The line of the first `[name]` or `[[name]]` header, else of `name = …` at the root: where
    /// a top-level name is written, whatever form it took.
    func line(topLevel name: String) -> Int? {
        self.headers.first { $0.table == name }?.line ?? self.line(table: "", occurrence: nil, key: name)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and carriage returns.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
