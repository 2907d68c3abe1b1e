/// Decides, once per watchdog tick, whether the pipeline has earned a `WATCHDOG=1`.
///
/// A watchdog petted from a bare timer only proves that the timer thread lives. This policy pets
/// only while the pipeline shows progress, or while it is idle but healthy: nothing queued and a
/// place to put readings (the database answers, or the spool takes them). While readings sit in the
/// ring and none drain, it withholds the ping, so systemd kills and restarts a wedged writer after
/// `WatchdogSec`.
///
/// Pure: feed it one ``PipelineSample`` per tick, carry out the returned ``Decision``.
///
/// - Important: Tick at most every `WatchdogSec / 2` so one withheld tick does not kill a daemon
///   whose writer is merely slow; a batch that takes longer than a whole `WatchdogSec` to commit
///   counts as wedged.
public struct WatchdogPolicy: Sendable {
    /// Counters sampled from the pipeline at one tick.
    public struct PipelineSample: Sendable, Hashable {
        /// MQTT messages received since start (monotonic).
        public var messagesReceived: UInt64
        /// Readings handed to PostgreSQL or the spool since start (monotonic).
        public var readingsWritten: UInt64
        /// Readings waiting in the ring between ingest and writer.
        public var ringDepth: Int
        /// Whether the writer's last contact with PostgreSQL succeeded.
        public var databaseReachable: Bool
        /// Whether the writer is diverting batches to the disk spool.
        public var spooling: Bool

        /// Creates a sample.
        public init(
            messagesReceived: UInt64, readingsWritten: UInt64, ringDepth: Int,
            databaseReachable: Bool, spooling: Bool
        ) {
            self.messagesReceived = messagesReceived
            self.readingsWritten = readingsWritten
            self.ringDepth = ringDepth
            self.databaseReachable = databaseReachable
            self.spooling = spooling
        }
    }

    /// What to do at this tick.
    public enum Decision: Sendable, Hashable {
        /// Send `WATCHDOG=1`.
        case ping(Reason)
        /// Send nothing; log the reason (once per change) so the kill that may follow is explained.
        case withhold(Withheld)
    }

    /// Why the ping was sent.
    public enum Reason: Sendable, Hashable {
        /// The first sample: nothing to compare with yet, and the daemon has just declared itself ready.
        case baseline
        /// Readings were written since the last tick.
        case draining
        /// Messages arrived but nothing is queued (all written at once, filtered or undecodable).
        case receiving
        /// No messages, nothing queued, and somewhere to write: a quiet site.
        case idle
    }

    /// Why the ping was withheld.
    public enum Withheld: Sendable, Hashable {
        /// Readings are queued but none were written since the last tick.
        case writerStalled(ringDepth: Int)
        /// The database is unreachable and the writer is not spooling: nowhere to put readings.
        case noDestination
    }

    private var previous: PipelineSample?

    /// Creates a policy with no history; the first sample pings.
    public init() {}

    /// Takes this tick's sample and decides.
    ///
    /// - Parameter sample: the counters read at this tick.
    /// - Returns: whether to send `WATCHDOG=1`, and why.
    public mutating func decide(_ sample: PipelineSample) -> Decision {
        defer { self.previous = sample }
        guard let previous = self.previous else {
            return .ping(.baseline)
        }
        let wrote = sample.readingsWritten != previous.readingsWritten
        if wrote {
            return .ping(.draining)
        }
        if sample.ringDepth > 0 {
            return .withhold(.writerStalled(ringDepth: sample.ringDepth))
        }
        if !sample.databaseReachable && !sample.spooling {
            return .withhold(.noDestination)
        }
        return .ping(sample.messagesReceived != previous.messagesReceived ? .receiving : .idle)
    }
}

extension WatchdogPolicy.Decision {
    /// Whether this decision sends `WATCHDOG=1`.
    public var sendsPing: Bool {
        if case .ping = self { return true }
        return false
    }
}

extension WatchdogPolicy.Withheld: CustomStringConvertible {
    /// A sentence for the log line written when the watchdog ping is withheld.
    public var description: String {
        switch self {
        case .writerStalled(let depth):
            "\(depth) readings queued and none written since the last watchdog tick; "
                + "watchdog ping withheld, systemd restarts rtlsd if this lasts WatchdogSec"
        case .noDestination:
            "PostgreSQL unreachable and the spool is not taking readings; "
                + "watchdog ping withheld, systemd restarts rtlsd if this lasts WatchdogSec"
        }
    }
}
