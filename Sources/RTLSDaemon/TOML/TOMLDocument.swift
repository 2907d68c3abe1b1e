import Foundation
import TOMLKit

/// A parsed config file: its root table, its ``TOMLLineIndex``, and its tables as
/// ``TOMLSection``s; errors are the loader's own (see ``TOMLReadError``).
///
/// A problem with a top-level name (`mqtt = 5`, `[decoder]` for `[[decoder]]`, a typo such as
/// `[mqt]`) is placed at that name and at the line where it is written (``TOMLLineIndex/line(topLevel:)``).
struct TOMLDocument<Failure: TOMLReadError> {
    let root: TOMLTable
    let file: String
    let lines: TOMLLineIndex

    /// Reads and parses `path`.
    /// - Throws: `unreadable`, or `syntax` with TOMLKit's line.
    static func load(path: String) throws(Failure) -> TOMLDocument {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw Failure(.unreadable(error), file: path, line: nil, place: "")
        }
        return try Self.parse(text: text, file: path)
    }

    /// Parses `text`, attributing errors to `file`.
    /// - Throws: `syntax` with TOMLKit's line.
    static func parse(text: String, file: String) throws(Failure) -> TOMLDocument {
        do {
            let root = try TOMLTable(string: text)
            return TOMLDocument(root: root, file: file, lines: TOMLLineIndex(text: text))
        } catch let error as TOMLParseError {
            throw Failure(.syntax(error.description), file: file, line: error.source.begin.line, place: "")
        } catch {
            throw Failure(.syntax("\(error)"), file: file, line: nil, place: "")
        }
    }

    /// The loader's error for `problem` at the top-level `name`.
    func error(_ problem: TOMLProblem, at name: String) -> Failure {
        Failure(problem, file: self.file, line: self.lines.line(topLevel: name), place: name)
    }

    /// The `[name]` table, `nil` when absent.
    /// - Throws: `notATable` when `name` holds something else.
    func table(_ name: String) throws(Failure) -> TOMLSection<Failure>? {
        guard let value = self.root[name] else { return nil }
        guard let table = value.table else { throw self.error(.notATable(name), at: name) }
        return TOMLSection(table: table, name: name, file: self.file, lines: self.lines)
    }

    /// The `[[name]]` tables in file order, empty when absent.
    /// - Throws: `notAnArrayOfTables` when `name` holds something else.
    func tables(_ name: String) throws(Failure) -> [TOMLSection<Failure>] {
        guard let value = self.root[name] else { return [] }
        guard let array = value.array else { throw self.error(.notAnArrayOfTables(name), at: name) }
        var out: [TOMLSection<Failure>] = []
        for (i, item) in array.enumerated() {
            guard let table = item.table else { throw self.error(.arrayEntryNotATable(name), at: name) }
            out.append(TOMLSection(table: table, name: name, occurrence: i, file: self.file, lines: self.lines))
        }
        return out
    }

    /// Refuses top-level names outside `allowed`.
    /// - Throws: `unknownTable` for the first such name in sorted order.
    func rejectUnknownTables(allowed: Set<String>) throws(Failure) {
        for name in self.root.keys.sorted() where !allowed.contains(name) {
            throw self.error(.unknownTable(known: allowed.sorted()), at: name)
        }
    }
}
