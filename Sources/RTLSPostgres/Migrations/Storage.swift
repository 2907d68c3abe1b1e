/// How the time-series tables are stored.
public enum Storage: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// TimescaleDB hypertables with compression, retention and continuous aggregates.
    case timescaledb
    /// Native PostgreSQL range partitions by day, kept by ``PartitionMaintainer``.
    case partitioned

    public var description: String { self.rawValue }
}

/// The `timescaledb = "auto" | "on" | "off"` setting: which storage a fresh database gets.
public enum TimescaleDBMode: String, Sendable, Hashable, CaseIterable {
    /// TimescaleDB when the server offers the extension (`pg_available_extensions`), else partitions.
    case auto
    /// TimescaleDB, or fail when the server does not offer it.
    case on
    /// Partitions even when TimescaleDB is available.
    case off
}
