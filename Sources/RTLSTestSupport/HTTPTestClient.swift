import Foundation
import Glibc
import RTLSHTTP
import RTLSSystemd

/// A one-shot HTTP/1.1 client over a loopback TCP socket: sends one request and reads the whole
/// answer until the server closes. Tests use it to scrape the metrics endpoint without URLSession.
///
/// `package` so only this package's tests use it; it lives here because tests reach C only
/// through a wrapper's Swift API.
package enum HTTPTestClient {
    /// A parsed answer.
    package struct Response: Sendable {
        /// The status code (`200`, `404` …).
        package var status: Int
        /// Header lines as sent (`Content-Type: text/plain…`).
        package var headers: [String]
        /// The body as text.
        package var body: String
    }

    /// Why a request got no answer.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Sends `raw` (a whole request head) to `127.0.0.1:port` and reads until the connection closes.
    /// - Throws: ``Failure`` when the connection or the read fails, or the answer is not HTTP.
    package static func send(_ raw: String, port: Int, host: String = "127.0.0.1") throws(Failure) -> Response {
        guard var address = MetricsHTTPServer.ipv4(host: host, port: UInt16(clamping: port)) else {
            throw Failure(description: "bad address \(host)")
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(UnixDatagram.errnoText())") }
        defer { _ = close(fd) }
        var timeout = MetricsHTTPServer.socketTimeout(seconds: 10)
        // SAFETY: `timeout` is a live timeval and its exact size is passed.
        _ = unsafe setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // SAFETY: `address` is a live sockaddr_in and its exact size is passed with it.
        let connected = unsafe withUnsafePointer(to: &address) { pointer in
            unsafe pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                unsafe connect(fd, generic, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect: \(UnixDatagram.errnoText())") }
        let request = Array(raw.utf8)
        // SAFETY: `request` is a live array; send reads at most its count.
        let sent = unsafe request.withUnsafeBytes {
            unsafe Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
        }
        guard sent == request.count else { throw Failure(description: "send: \(UnixDatagram.errnoText())") }
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            // SAFETY: `chunk` is a live array of `chunk.count` bytes; recv writes at most that many.
            let received = unsafe chunk.withUnsafeMutableBytes { unsafe recv(fd, $0.baseAddress, $0.count, 0) }
            if received < 0 && errno == EINTR { continue }
            guard received >= 0 else { throw Failure(description: "recv: \(UnixDatagram.errnoText())") }
            if received == 0 { break }
            answer.append(contentsOf: chunk[0..<received])
        }
        return try Self.parse(String(decoding: answer, as: UTF8.self))
    }

    /// `GET path` with the headers Prometheus sends.
    package static func get(_ path: String, port: Int) throws(Failure) -> Response {
        try Self.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/plain\r\n\r\n", port: port)
    }

    static func parse(_ text: String) throws(Failure) -> Response {
        guard let split = text.range(of: "\r\n\r\n") else { throw Failure(description: "no header end in: \(text)") }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            throw Failure(description: "not an HTTP status line: \(lines.first ?? "")")
        }
        return Response(status: status, headers: Array(lines.dropFirst()), body: String(text[split.upperBound...]))
    }
}

extension HTTPTestClient {
    /// The samples of a Prometheus text exposition, keyed by series exactly as written
    /// (`rtlsd_ingest_decode_errors_total{reason="not_json"}`); comments are skipped.
    package static func samples(_ exposition: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in exposition.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            samples[String(line[..<space])] = value
        }
        return samples
    }
}
