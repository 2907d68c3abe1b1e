/// What the shared TOML reader found wrong, before a loader puts it in its own words.
///
/// Cases whose wording is the same for every loader carry the reader's text; the others carry the
/// facts (`found`, `known`) each loader's ``TOMLReadError/words(for:)`` needs.
enum TOMLProblem: Sendable {
    /// The file cannot be read.
    case unreadable(any Error)
    /// The text is not TOML; TOMLKit's message.
    case syntax(String)
    /// A top-level name holds something other than a table (`mqtt = 5`).
    case notATable(String)
    /// A top-level name holds something other than an array of tables (`[decoder]` for `[[decoder]]`).
    case notAnArrayOfTables(String)
    /// An entry of `name = [...]` is not a table.
    case arrayEntryNotATable(String)
    /// A top-level name the loader does not read; `known` lists those it does, sorted.
    case unknownTable(known: [String])
    /// A key the loader does not read (often a typo); `known` lists those it does, sorted.
    case unknownKey(known: [String])
    /// A required key is absent.
    case missingKey
    /// The key holds a `found` value (`"string"`, TOMLKit's type name) where `expected` (`"an integer"`) was wanted.
    case wrongType(found: String, expected: String)
    /// The key's value has the wrong shape; the reader's words (`must be an array of [x, y] pairs`).
    case wrongShape(String)
    /// The key's value is out of range or malformed; the reader's words (`= 0 must be between 1 and 65535`).
    case invalidValue(String)
}
