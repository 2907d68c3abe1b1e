import Glibc
public import Logging

/// Where rtlsd's logs go: journald's native protocol, or plain lines on stderr.
///
/// systemd sets `JOURNAL_STREAM=<device>:<inode>` for a service whose stderr is connected to
/// journald. If stderr still is that stream (not redirected by a wrapper script), structured
/// entries go straight to journald; otherwise lines go to stderr, where a terminal, container
/// runtime or file picks them up.
public enum LoggingTarget: Sendable, Hashable {
    /// ``JournalLogHandler``: structured fields, `journalctl MESSAGE_ID=…` works.
    case journal
    /// ``StandardErrorLogHandler``: one `key=value` line per entry.
    case standardError

    /// What the operator asked for (config or command line).
    public enum Request: Sendable, Hashable {
        /// Journald when stderr is connected to it, else stderr.
        case automatic
        /// Journald regardless (for `StandardError=` set elsewhere, or tests).
        case journal
        /// Stderr regardless.
        case standardError
    }

    /// A file's device and inode, as `fstat(2)` reports them and `JOURNAL_STREAM` spells them.
    public struct FileIdentity: Sendable, Hashable {
        /// `st_dev`.
        public var device: UInt64
        /// `st_ino`.
        public var inode: UInt64

        /// Creates an identity.
        public init(device: UInt64, inode: UInt64) {
            self.device = device
            self.inode = inode
        }

        /// Parses `JOURNAL_STREAM`'s `<device>:<inode>` (decimal); `nil` when malformed.
        public init?(journalStream: String) {
            let parts = journalStream.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return nil }
            self.init(device: device, inode: inode)
        }

        /// The identity of file descriptor 2, or `nil` when it is closed.
        public static func standardError() -> FileIdentity? {
            var status = stat()
            // SAFETY: fstat writes one `struct stat` through a pointer to a local.
            guard unsafe fstat(2, &status) == 0 else { return nil }
            return FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
        }
    }

    /// Picks the target.
    ///
    /// - Parameters:
    ///   - environment: the process environment (`JOURNAL_STREAM` is read from it).
    ///   - requested: what the operator asked for.
    ///   - standardError: the identity of stderr; defaults to `fstat(2)`.
    /// - Returns: ``journal`` when asked for, or when `JOURNAL_STREAM` names stderr; else ``standardError``.
    public static func choose(
        environment: [String: String], requested: Request = .automatic,
        standardError: FileIdentity? = FileIdentity.standardError()
    ) -> LoggingTarget {
        switch requested {
        case .journal: return .journal
        case .standardError: return .standardError
        case .automatic: break
        }
        guard let stream = environment["JOURNAL_STREAM"].flatMap(FileIdentity.init(journalStream:)),
            let standardError, stream == standardError
        else { return .standardError }
        return .journal
    }

    /// Where libsystemd sends native journal entries.
    public static let journalSocket = "/run/systemd/journal/socket"

    /// Why journald cannot take entries, or `nil` when its socket is there and writable.
    /// libsystemd reports success when the socket is missing (entries are then lost), so the
    /// daemon checks before choosing ``journal`` and falls back to stderr, saying so once.
    ///
    /// - Parameter socket: the journal socket's path.
    public static func journalProblem(socket: String = LoggingTarget.journalSocket) -> String? {
        var status = stat()
        // SAFETY: stat reads the NUL-terminated path and writes one `struct stat` to a local.
        guard unsafe stat(socket, &status) == 0 else { return "\(socket): \(Self.lastError())" }
        guard status.st_mode & S_IFMT == S_IFSOCK else { return "\(socket) is not a socket" }
        // SAFETY: access reads the NUL-terminated path the String bridges to for the call.
        guard unsafe access(socket, W_OK) == 0 else { return "\(socket): \(Self.lastError())" }
        return nil
    }

    private static func lastError() -> String {
        // SAFETY: strerror returns a pointer to a static NUL-terminated message, copied at once.
        unsafe String(cString: strerror(errno))
    }

    /// A handler for this target.
    ///
    /// - Parameters:
    ///   - label: the logger's label.
    ///   - metadataProvider: contextual metadata for every entry.
    public func makeHandler(label: String, metadataProvider: Logger.MetadataProvider? = nil) -> any LogHandler {
        switch self {
        case .journal: JournalLogHandler(label: label, metadataProvider: metadataProvider)
        case .standardError: StandardErrorLogHandler(label: label, metadataProvider: metadataProvider)
        }
    }
}
