public import Logging
public import RTLSCore

extension WriterLoop {
    /// The daemon's writer on PostgreSQL as `rtlsd` sets it up from `config`: the first connection,
    /// made and claimed now, and with `[writer] connections = 2` the second (made by its first
    /// write). For `rtls-bench writer`, which measures what the daemon does.
    /// - Parameters:
    ///   - backlog: the write-ahead backlog whose log numbered the readings, if any.
    /// - Throws: when the migrations directory cannot be read, or `DatabaseError` when PostgreSQL
    ///   cannot be reached, a migration fails or the instance is in use.
    public static func onDatabase(
        conninfo: String, config: DaemonConfig, ring: SPSCRing<Reading>, backlog: WriteAheadBacklog?,
        stats: PipelineStats, logger: Logger, eventSource: (@Sendable (inout EngineOutput) -> Void)? = nil
    ) throws -> WriterLoop {
        let sink = try DatabaseSink(
            conninfo: conninfo, config: config, writeAhead: backlog?.log, logger: logger, stats: stats)
        try sink.connect()
        return WriterLoop(
            ring: ring, sink: sink, spool: backlog, batchSize: config.writer.batchSize,
            linger: .milliseconds(config.writer.lingerMilliseconds), stats: stats, logger: logger,
            eventSource: eventSource,
            secondSink: try DatabaseSink.second(
                conninfo: conninfo, config: config, writeAhead: backlog?.log, logger: logger, stats: stats))
    }
}

extension DatabaseSink {
    /// The writer's second connection when `[writer] connections` is 2, else `nil`; it shares the
    /// first one's allow-lists and site model.
    static func second(
        conninfo: String, config: DaemonConfig, writeAhead: WriteAheadLog?, logger: Logger, stats: PipelineStats,
        policy: ReferencePolicySource = ReferencePolicySource(), site: SiteSource? = nil
    ) throws -> DatabaseSink? {
        guard config.writer.connections >= 2 else { return nil }
        return try DatabaseSink(
            conninfo: conninfo, config: config, writeAhead: writeAhead, logger: logger, stats: stats, policy: policy,
            site: site, isPrimary: false)
    }
}
