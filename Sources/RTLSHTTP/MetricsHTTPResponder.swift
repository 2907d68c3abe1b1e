/// The HTTP/1.1 side of the metrics endpoint, without sockets: decides from a request head what to
/// answer, and renders the answer bytes. `GET` of a routed path (query string ignored) gets the
/// route's reply (`/metrics`: the exposition text; `/health`, `/ready`: JSON); `HEAD` the same
/// headers without a body; other paths 404, other methods 405, and anything that is not an
/// HTTP/1.x request line 400. Every answer closes the connection.
public enum MetricsHTTPResponder {
    /// What a route answers: status line text, content type and body.
    public struct Reply: Sendable {
        /// `200 OK`, `503 Service Unavailable` …
        public var status: String
        /// The `Content-Type`.
        public var contentType: String
        /// The body.
        public var body: String

        /// Creates a reply.
        public init(status: String, contentType: String, body: String) {
            self.status = status
            self.contentType = contentType
            self.body = body
        }
    }

    /// Largest request head read before answering 431; Prometheus sends a few hundred bytes.
    public static let maxHeadBytes = 8_192

    /// The `Content-Type` of the Prometheus text exposition format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Whether `bytes` already hold a whole request head (ends with an empty line).
    /// - Parameter bytes: what has been read from the connection so far.
    /// - Returns: `true` once `\r\n\r\n` (or a bare `\n\n`) has arrived.
    public static func hasCompleteHead(_ bytes: [UInt8]) -> Bool {
        var newlines = 0
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                newlines += 1
                if newlines == 2 { return true }
            } else if byte != UInt8(ascii: "\r") {
                newlines = 0
            }
        }
        return false
    }

    /// The full response to a request head.
    /// - Parameters:
    ///   - head: The request line and headers (only the request line is looked at).
    ///   - body: Called for `GET`/`HEAD /metrics` only, so a bad request costs no rendering.
    /// - Returns: status line, headers and body, ready to write.
    public static func response(toHead head: [UInt8], body: () -> String) -> [UInt8] {
        self.response(toHead: head) { path in
            path == "/metrics" ? Reply(status: "200 OK", contentType: Self.contentType, body: body()) : nil
        }
    }

    /// The full response to a request head, from a router.
    /// - Parameters:
    ///   - head: The request line and headers (only the request line is looked at).
    ///   - route: The reply for a path (`/metrics`), or `nil` for 404; called for `GET`/`HEAD` only.
    /// - Returns: status line, headers and body, ready to write.
    public static func response(toHead head: [UInt8], route: (String) -> Reply?) -> [UInt8] {
        guard head.count <= Self.maxHeadBytes else {
            return Self.render(status: "431 Request Header Fields Too Large", body: "request head too large\n")
        }
        let line = head.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true)
        guard parts.count == 3, parts[2].starts(with: Array("HTTP/1.".utf8)) else {
            return Self.render(status: "400 Bad Request", body: "expected an HTTP/1.x request line\n")
        }
        let method = String(decoding: parts[0], as: UTF8.self)
        let target = String(decoding: parts[1].prefix { $0 != UInt8(ascii: "?") }, as: UTF8.self)
        switch method {
        case "GET", "HEAD":
            guard let reply = route(target) else {
                return Self.render(status: "404 Not Found", body: "not found; try /metrics, /health or /ready\n")
            }
            return Self.render(
                status: reply.status, body: reply.body, contentType: reply.contentType, omitBody: method == "HEAD")
        default:
            return Self.render(
                status: "405 Method Not Allowed", body: "only GET and HEAD\n", extra: "Allow: GET, HEAD\r\n")
        }
    }

    /// One response: status line, `Content-Type`, `Content-Length`, `Connection: close`, body.
    static func render(
        status: String, body: String, contentType: String = "text/plain; charset=utf-8", extra: String = "",
        omitBody: Bool = false
    ) -> [UInt8] {
        let bytes = Array(body.utf8)
        let head =
            "HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(bytes.count)\r\n"
            + "\(extra)Connection: close\r\n\r\n"
        var out = Array(head.utf8)
        if !omitBody { out.append(contentsOf: bytes) }
        return out
    }
}
