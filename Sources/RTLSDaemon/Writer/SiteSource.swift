public import RTLSCore
public import RTLSPostgres
import Synchronization

/// The site model the writer keeps in the reference tables (``SiteSync``), shared with the reload
/// that replaces it when `site.toml` changes. The writer checks it once per batch (one uncontended
/// lock) and writes it when the generation moved, and on every (re)connection.
public final class SiteSource: Sendable {
    private let state: Mutex<(generation: UInt64, record: SiteRecord)>

    /// A source holding `record` (generation 1).
    public init(_ record: SiteRecord) {
        self.state = Mutex((1, record))
    }

    /// What a daemon writes: the site file's model, or without one a facility named after the
    /// `[database] instance` (UTC, no buildings or zones).
    public static func record(config: DaemonConfig, site: SiteModel?) -> SiteRecord {
        site?.record ?? SiteRecord(facility: config.database.instance, timeZone: "UTC")
    }

    /// Replaces the record (a reload); an equal record changes nothing.
    public func replace(_ record: SiteRecord) {
        self.state.withLock { state in
            if state.record != record { state = (state.generation + 1, record) }
        }
    }

    /// The current record.
    public var current: SiteRecord { self.state.withLock { $0.record } }

    /// The record and its generation when newer than `generation`, else nil.
    func newer(than generation: UInt64) -> (generation: UInt64, record: SiteRecord)? {
        self.state.withLock { $0.generation > generation ? $0 : nil }
    }
}
