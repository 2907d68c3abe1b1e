import Glibc

/// Secrets systemd hands over with `LoadCredential=` in the directory named by
/// `$CREDENTIALS_DIRECTORY` (`db-password`, `mqtt-password`).
///
/// systemd copies each file into a private, non-swappable directory readable only by the service,
/// so passwords never sit in the config file or the environment.
public struct SystemdCredentials: Sendable, Hashable {
    /// The credentials directory, or `nil` when systemd passed none (not run by systemd, or no
    /// `LoadCredential=` in the unit).
    public let directory: String?

    /// The largest credential read (a password or key, not a data file).
    static let maximumSize = 64 * 1024

    /// Credentials from the directory in `CREDENTIALS_DIRECTORY`.
    ///
    /// - Parameter environment: the process environment.
    public init(environment: [String: String]) {
        self.init(directory: environment["CREDENTIALS_DIRECTORY"])
    }

    /// Credentials from an explicit directory (`nil` or empty: none).
    public init(directory: String?) {
        self.directory = directory.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Reads one credential, without trailing newlines (editors add one).
    ///
    /// - Parameter name: the credential id from `LoadCredential=<id>:…` (`db-password`).
    /// - Returns: the secret, or `nil` when there is no credentials directory, no such file, or the
    ///   file is empty (meaning "no password").
    /// - Throws: ``CredentialError`` with `invalidName`, `unreadable` or `tooLarge`.
    public func read(_ name: String) throws(CredentialError) -> String? {
        guard let directory = self.directory else { return nil }
        let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/") else {
            throw CredentialError(.invalidName, name: name, path: path)
        }
        // SAFETY: open reads the NUL-terminated copy of `path` Swift passes for the call.
        let fd = unsafe open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT { return nil }
            throw CredentialError(.unreadable, name: name, path: path, reason: UnixDatagram.text(errno: code))
        }
        defer { _ = close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            // SAFETY: read writes at most `chunk.count` bytes into the array's own storage.
            let count = unsafe chunk.withUnsafeMutableBytes { raw in unsafe Glibc.read(fd, raw.baseAddress, raw.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CredentialError(.unreadable, name: name, path: path, reason: UnixDatagram.errnoText())
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk.prefix(count))
            guard bytes.count <= Self.maximumSize else { throw CredentialError(.tooLarge, name: name, path: path) }
        }
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") {
            bytes.removeLast()
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}
