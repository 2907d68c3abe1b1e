/// A broker address written as a URL: `mqtt://host:port` (plain TCP, default port 1883) or
/// `mqtts://host:port` (TLS, default port 8883). IPv6 hosts go in brackets: `mqtt://[::1]:1883`.
///
/// User names, passwords, paths and queries are rejected: credentials come from the config and a
/// password file, never from a URL that ends up in logs.
public struct MQTTURL: Sendable, Hashable, CustomStringConvertible {
    /// Host name or IP address (without brackets).
    public var host: String
    /// TCP port.
    public var port: Int
    /// Whether the scheme was `mqtts`.
    public var usesTLS: Bool

    /// Parses a broker URL.
    /// - Throws: `MQTTError` with code `invalidURL` naming what is wrong.
    public init(_ text: String) throws(MQTTError) {
        let parts = text.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw MQTTError(.invalidURL, detail: "\"\(text)\" has no scheme; write mqtt://host:port or mqtts://host:port")
        }
        let scheme = parts[0]
        let rest = parts[1]
        switch scheme.lowercased() {
        case "mqtt", "tcp": self.usesTLS = false
        case "mqtts", "ssl", "tls": self.usesTLS = true
        default:
            throw MQTTError(.invalidURL, detail: "\"\(text)\": scheme \"\(scheme)\" is not mqtt or mqtts")
        }
        var authority = rest
        if authority.last == "/" { authority = authority.dropLast() }
        if authority.contains("@") {
            throw MQTTError(.invalidURL, detail: "\"\(text)\": credentials do not belong in the URL; use username and password_file")
        }
        if authority.contains("/") || authority.contains("?") || authority.contains("#") {
            throw MQTTError(.invalidURL, detail: "\"\(text)\": a broker URL has no path or query")
        }
        var host: Substring
        var portText: Substring?
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else {
                throw MQTTError(.invalidURL, detail: "\"\(text)\": unclosed '[' in IPv6 host")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { throw MQTTError(.invalidURL, detail: "\"\(text)\": junk after ']'") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw MQTTError(.invalidURL, detail: "\"\(text)\" has no host") }
        self.host = String(host)
        if let portText {
            guard let port = Int(portText), (1...65535).contains(port) else {
                throw MQTTError(.invalidURL, detail: "\"\(text)\": port \"\(portText)\" is not a number from 1 to 65535")
            }
            self.port = port
        } else {
            self.port = self.usesTLS ? 8883 : 1883
        }
    }

    /// Creates a URL from parts.
    public init(host: String, port: Int, usesTLS: Bool = false) {
        self.host = host
        self.port = port
        self.usesTLS = usesTLS
    }

    public var description: String {
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "\(self.usesTLS ? "mqtts" : "mqtt")://\(host):\(self.port)"
    }
}
