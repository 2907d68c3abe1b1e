import RTLSHTTP
import Testing

@Suite struct MetricsHTTPResponderTests {
    static func answer(_ head: String, body: String = "rtlsd_up 1\n") -> (
        status: String, headers: [String], body: String
    ) {
        let bytes = MetricsHTTPResponder.response(toHead: Array(head.utf8)) { body }
        let text = String(decoding: bytes, as: UTF8.self)
        let parts = text.split(separator: "\r\n\r\n", maxSplits: 1, omittingEmptySubsequences: false)
        let lines = parts[0].split(separator: "\r\n").map(String.init)
        return (lines[0], Array(lines.dropFirst()), parts.count > 1 ? String(parts[1]) : "")
    }

    @Test(arguments: ["/metrics", "/metrics?name[]=rtlsd_up"])
    func getMetricsReturnsTheBodyAsPrometheusText(path: String) {
        let body = "# TYPE rtlsd_up gauge\nrtlsd_up 1\n"
        let r = Self.answer("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n", body: body)
        #expect(r.status == "HTTP/1.1 200 OK")
        #expect(r.body == body)
        #expect(r.headers.contains("Content-Type: \(MetricsHTTPResponder.contentType)"))
        #expect(r.headers.contains("Content-Length: \(body.utf8.count)"))
        #expect(r.headers.contains("Connection: close"))
    }

    @Test func headGivesHeadersWithoutBody() {
        let r = Self.answer("HEAD /metrics HTTP/1.0\r\n\r\n", body: "abc\n")
        #expect(r.status == "HTTP/1.1 200 OK")
        #expect(r.headers.contains("Content-Length: 4"))
        #expect(r.body.isEmpty)
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\n\r\n", "404 Not Found"),
        ("GET /metricsx HTTP/1.1\r\n\r\n", "404 Not Found"),
        ("GET /favicon.ico HTTP/1.1\r\n\r\n", "404 Not Found"),
        ("POST /metrics HTTP/1.1\r\n\r\n", "405 Method Not Allowed"),
        ("GET /metrics\r\n\r\n", "400 Bad Request"),
        ("hello\r\n\r\n", "400 Bad Request"),
        ("GET /metrics SPDY/3\r\n\r\n", "400 Bad Request"),
    ])
    func otherRequestsAreRefusedWithoutRendering(head: String, status: String) {
        var rendered = false
        let bytes = MetricsHTTPResponder.response(toHead: Array(head.utf8)) {
            rendered = true
            return "x"
        }
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("HTTP/1.1 \(status)\r\n"))
        #expect(!rendered)
    }

    @Test func oversizedHeadIsRefused() {
        let head =
            "GET /metrics HTTP/1.1\r\nX: " + String(repeating: "a", count: MetricsHTTPResponder.maxHeadBytes)
            + "\r\n\r\n"
        #expect(Self.answer(head).status == "HTTP/1.1 431 Request Header Fields Too Large")
    }

    @Test(arguments: [
        ("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", true),
        ("GET /metrics HTTP/1.1\n\n", true),
        ("GET /metrics HTTP/1.1\r\nHost: x\r\n", false),
        ("GET /met", false),
        ("", false),
    ])
    func completeHeadNeedsTheEmptyLine(head: String, complete: Bool) {
        #expect(MetricsHTTPResponder.hasCompleteHead(Array(head.utf8)) == complete)
    }
}
