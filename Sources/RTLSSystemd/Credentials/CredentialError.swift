/// Why a credential from `$CREDENTIALS_DIRECTORY` could not be read.
public struct CredentialError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reason, compared in tests.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidName = "invalid_name"
            case unreadable = "unreadable"
            case tooLarge = "too_large"
        }
        private let base: Base

        /// The name is empty or holds `/` (or is `.`/`..`), so it cannot be a credential file.
        public static let invalidName = Code(base: .invalidName)
        /// The file exists but could not be opened or read.
        public static let unreadable = Code(base: .unreadable)
        /// The file is larger than a password or key can reasonably be (64 KiB).
        public static let tooLarge = Code(base: .tooLarge)

        /// Stable snake_case name.
        public var description: String { self.base.rawValue }
    }

    /// The reason.
    public var code: Code
    /// The credential's name (`db-password`); never its content.
    public var name: String
    /// Where it was looked for.
    public var path: String
    /// The operating system's explanation, empty when none.
    public var reason: String

    /// Creates a credential error.
    public init(_ code: Code, name: String, path: String, reason: String = "") {
        self.code = code
        self.name = name
        self.path = path
        self.reason = reason
    }

    public var description: String {
        let because = self.reason.isEmpty ? "" : " (\(self.reason))"
        return "credential \"\(self.name)\" at \(self.path): \(self.code)\(because); check LoadCredential= in "
            + "rtlsd.service and the file under /etc/rtlsd/credentials; rtlsd did not start"
    }
}
