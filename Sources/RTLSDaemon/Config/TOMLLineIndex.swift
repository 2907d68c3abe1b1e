/// Finds the line on which a key was written, so semantic errors (which TOMLKit cannot locate)
/// still name a line. Tables are addressed as written: `mqtt`, or `decoder` plus the index of the
/// `[[decoder]]` block.
struct TOMLLineIndex: Sendable {
    private struct Entry: Sendable {
        var table: String
        var occurrence: Int
        var key: String
        var line: Int
    }
    private var entries: [Entry] = []
    private var tableLines: [String: [Int]] = [:]

    init(text: String) {
        var table = ""
        var occurrences: [String: Int] = [:]
        var occurrence = 0
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("[[") {
                table = String(line.dropFirst(2).prefix { $0 != "]" }).trimmingSpaces()
                occurrence = occurrences[table, default: 0]
                occurrences[table] = occurrence + 1
                self.tableLines[table, default: []].append(number + 1)
            } else if line.hasPrefix("[") {
                table = String(line.dropFirst().prefix { $0 != "]" }).trimmingSpaces()
                occurrence = 0
                self.tableLines[table, default: []].append(number + 1)
            } else if let eq = line.firstIndex(of: "="), !line.hasPrefix("#") {
                var key = String(line[..<eq]).trimmingSpaces()
                if key.hasPrefix("\""), key.hasSuffix("\""), key.count >= 2 { key = String(key.dropFirst().dropLast()) }
                self.entries.append(Entry(table: table, occurrence: occurrence, key: key, line: number + 1))
            }
        }
    }

    /// The line of `key` in `table` (its `occurrence`-th block for arrays of tables), or of the
    /// table header when the key is absent.
    func line(table: String, occurrence: Int = 0, key: String?) -> Int? {
        if let key,
            let entry = self.entries.first(where: { $0.table == table && $0.occurrence == occurrence && $0.key == key })
        {
            return entry.line
        }
        if let lines = self.tableLines[table], occurrence < lines.count { return lines[occurrence] }
        return nil
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
