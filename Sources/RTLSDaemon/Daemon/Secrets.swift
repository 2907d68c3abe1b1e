import Foundation
import RTLSSystemd

/// Reads a secret (password) from a file, so the broker and database passwords never appear in the
/// config file or in logs. One reader for every secret: ``SystemdCredentials/read(_:)`` (bounded
/// size, trailing newlines dropped), whether the file is a systemd credential
/// (`$CREDENTIALS_DIRECTORY/<id>`, from `LoadCredential=`) or any other path.
enum Secrets {
    /// Reads `path`; a `$CREDENTIALS_DIRECTORY/` prefix is expanded (systemd `LoadCredential=`).
    /// An empty file is an empty password.
    ///
    /// - Throws: ``ConfigError`` `.invalidValue` when the prefix is used without a credentials
    ///   directory, `.unreadable` when the file is missing, unreadable or too large.
    static func read(file path: String, what: String, environment: [String: String]) throws(ConfigError) -> String {
        let directory: String
        let name: String
        if path.hasPrefix("$CREDENTIALS_DIRECTORY/") {
            guard let dir = environment["CREDENTIALS_DIRECTORY"], !dir.isEmpty else {
                throw ConfigError(.invalidValue, file: path, reason: "\(what) refers to $CREDENTIALS_DIRECTORY, which is not set (run under systemd with LoadCredential=)")
            }
            directory = dir
            name = String(path.dropFirst("$CREDENTIALS_DIRECTORY/".count))
        } else {
            let url = URL(fileURLWithPath: path)
            directory = url.deletingLastPathComponent().path
            name = url.lastPathComponent
        }
        let secret: String?
        do {
            secret = try SystemdCredentials(directory: directory).read(name)
        } catch {
            throw ConfigError(.unreadable, file: path, reason: "\(what) file cannot be read: \(error)")
        }
        if let secret { return secret }
        guard FileManager.default.fileExists(atPath: directory + "/" + name) else {
            throw ConfigError(.unreadable, file: path, reason: "\(what) file does not exist")
        }
        return ""
    }
}
