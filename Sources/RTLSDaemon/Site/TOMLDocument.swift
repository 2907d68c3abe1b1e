import Foundation
import TOMLKit

/// A parsed config file: its root table, plus what is needed to point errors at lines.
struct TOMLDocument {
    let root: TOMLTable
    let path: String
    let finder: TOMLLineFinder

    /// Reads and parses `path`.
    /// - Throws: `unreadable`, `syntax` (with TOMLKit's line).
    static func load(path: String) throws(SiteConfigError) -> TOMLDocument {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SiteConfigError(.unreadable, path: path, line: nil, location: "", detail: "cannot be read (\(error))")
        }
        return try Self.parse(text: text, path: path)
    }

    /// Parses `text`, attributing errors to `path`.
    static func parse(text: String, path: String) throws(SiteConfigError) -> TOMLDocument {
        do {
            let root = try TOMLTable(string: text)
            return TOMLDocument(root: root, path: path, finder: TOMLLineFinder(text: text))
        } catch let error as TOMLParseError {
            throw SiteConfigError(
                .syntax, path: path, line: error.source.begin.line, location: "",
                detail: "not valid TOML: \(error.description)")
        } catch {
            throw SiteConfigError(.syntax, path: path, line: nil, location: "", detail: "not valid TOML: \(error)")
        }
    }

    /// The `[name]` table, if present.
    func table(_ name: String) throws(SiteConfigError) -> SiteTOMLSection? {
        guard let value = self.root[name] else { return nil }
        guard let table = value.table else {
            throw SiteConfigError(
                .wrongType, path: self.path, line: self.finder.line(table: name, index: nil, key: nil), location: name,
                detail: "must be a table [\(name)]")
        }
        return SiteTOMLSection(table: table, name: name, index: nil, path: self.path, finder: self.finder)
    }

    /// The `[[name]]` tables, in order.
    func tables(_ name: String) throws(SiteConfigError) -> [SiteTOMLSection] {
        guard let value = self.root[name] else { return [] }
        guard let array = value.array else {
            throw SiteConfigError(
                .wrongType, path: self.path, line: nil, location: name, detail: "must be an array of tables [[\(name)]]"
            )
        }
        var out: [SiteTOMLSection] = []
        for (i, item) in array.enumerated() {
            guard let table = item.table else {
                throw SiteConfigError(
                    .wrongType, path: self.path, line: nil, location: name,
                    detail: "must be an array of tables [[\(name)]]")
            }
            out.append(SiteTOMLSection(table: table, name: name, index: i, path: self.path, finder: self.finder))
        }
        return out
    }

    /// Rejects top-level keys not in `allowed`.
    func checkKeys(_ allowed: Set<String>) throws(SiteConfigError) {
        for key in self.root.keys where !allowed.contains(key) {
            throw SiteConfigError(
                .unknownKey, path: self.path,
                line: self.finder.line(table: key, index: nil, key: nil)
                    ?? self.finder.line(table: key, index: 0, key: nil),
                location: key, detail: "unknown table; expected one of \(allowed.sorted().joined(separator: ", "))")
        }
    }
}
