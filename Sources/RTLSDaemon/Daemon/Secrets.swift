import Foundation

/// Reads a secret (password) from a file: the first line, without its newline. Used for the
/// broker and database passwords so they never appear in the config file or in logs.
enum Secrets {
    /// Reads `path`; a `$CREDENTIALS_DIRECTORY/` prefix is expanded (systemd `LoadCredential=`).
    static func read(file path: String, what: String, environment: [String: String]) throws(ConfigError) -> String {
        var resolved = path
        if resolved.hasPrefix("$CREDENTIALS_DIRECTORY/") {
            guard let dir = environment["CREDENTIALS_DIRECTORY"] else {
                throw ConfigError(.invalidValue, file: path, reason: "\(what) refers to $CREDENTIALS_DIRECTORY, which is not set (run under systemd with LoadCredential=)")
            }
            resolved = dir + "/" + resolved.dropFirst("$CREDENTIALS_DIRECTORY/".count)
        }
        guard let data = FileManager.default.contents(atPath: resolved) else {
            throw ConfigError(.unreadable, file: resolved, reason: "\(what) file cannot be read")
        }
        let text = String(decoding: data, as: UTF8.self)
        return String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
}
