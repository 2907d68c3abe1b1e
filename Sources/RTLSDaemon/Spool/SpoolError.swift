/// A spool failure: the disk or a record on it. Extensible `Code`, context for the person on call.
public struct SpoolError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case full, io, corrupt
            case unsupportedVersion = "unsupported_version"
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Appending would take the spool past `[spool] max_bytes`.
        public static let full = Code(.full)
        /// A file system call failed (permissions, disk full, missing directory).
        public static let io = Code(.io)
        /// A record's length or CRC32C does not match its bytes, or its contents do not decode.
        public static let corrupt = Code(.corrupt)
        /// A record written by a newer rtlsd, with a codec version this one does not know.
        public static let unsupportedVersion = Code(.unsupportedVersion)

        public var description: String { self.value.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// The spool directory or segment file concerned.
    public var path: String
    /// Details: the failing call and its error, or the byte offset of a bad record.
    public var detail: String

    /// Creates an error.
    public init(_ code: Code, path: String = "", detail: String = "") {
        self.code = code
        self.path = path
        self.detail = detail
    }

    public var description: String {
        switch self.code {
        case .full:
            "spool \(self.path) is full (\(self.detail)); MQTT intake waits (readings held in memory, then at the broker) "
                + "until PostgreSQL answers again and frees space — raise [spool] max_bytes or free disk space"
        case .corrupt:
            "spool record in \(self.path) is damaged (\(self.detail)); it was skipped"
        case .unsupportedVersion:
            "spool record in \(self.path) was written by a newer rtlsd (\(self.detail)); start that version to replay it"
        default:
            "spool \(self.path): \(self.detail); readings that cannot be written to PostgreSQL stay in memory"
        }
    }
}
