/// Finds the line of a table header or key in TOML text, since TOMLKit reports positions only
/// for syntax errors.
struct TOMLLineFinder: Sendable {
    private let lines: [String]

    init(text: String) {
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The 1-based line of `key` in the `index`-th `[[table]]` (or in `[table]` when `index` is
    /// `nil`); the header's line when the key is absent; `nil` when the table is absent.
    func line(table: String, index: Int?, key: String?) -> Int? {
        var seen = -1
        var header: Int?
        for (n, raw) in self.lines.enumerated() {
            let line = raw.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            if line.hasPrefix("[") {
                if header != nil { break }
                let isArray = line.hasPrefix("[[")
                let name = line.drop(while: { $0 == "[" }).prefix(while: { $0 != "]" })
                    .trimmingPrefix(while: { $0 == " " })
                guard String(name).trimmingSuffixSpaces == table, isArray == (index != nil) else { continue }
                seen += 1
                if index == nil || seen == index { header = n + 1 }
                continue
            }
            guard let header, let key else { continue }
            let first = key.split(separator: ".").first.map(String.init) ?? key
            if line.hasPrefix(first) {
                let rest = line.dropFirst(first.count).trimmingPrefix(while: { $0 == " " || $0 == "\t" })
                if rest.hasPrefix("=") { return n + 1 }
            }
            _ = header
        }
        return header
    }
}

extension String {
    fileprivate var trimmingSuffixSpaces: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
