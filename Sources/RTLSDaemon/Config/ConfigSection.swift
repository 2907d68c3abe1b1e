/// The tables a config file may hold: the loader accepts exactly these, and a reload compares
/// each of them (``ReloadPlan``), so a section added here cannot be forgotten by either.
public enum ConfigSection: String, Sendable, CaseIterable, Hashable, CustomStringConvertible {
    case mqtt
    case decoder
    case database
    case writer
    case ingest
    case spool
    case log
    case site
    case alerts
    case metrics

    /// The table as the file spells it: `[mqtt]`, `[[decoder]]`.
    public var description: String {
        self == .decoder ? "[[decoder]]" : "[\(self.rawValue)]"
    }
}
