import Foundation
import RTLSTestSupport
import Synchronization
import Testing

@testable import RTLSHTTP

/// The server over a real loopback socket (port 0, so tests never collide), scraped with the
/// package's raw-socket client.
@Suite struct MetricsHTTPServerTests {
    /// Runs `server` on a thread for the duration of `body`, then stops and joins it.
    static func serving<T>(_ server: MetricsHTTPServer, _ body: () throws -> T) rethrows -> T {
        let done = Mutex(false)
        let thread = Thread {
            server.run()
            done.withLock { $0 = true }
        }
        thread.start()
        defer {
            server.stop()
            while !done.withLock({ $0 }) { Thread.sleep(forTimeInterval: 0.01) }
        }
        return try body()
    }

    @Test func servesEachScrapeFreshAndRefusesOtherPaths() throws {
        let scrapes = Atomic<Int>(0)
        let server = try MetricsHTTPServer(address: "127.0.0.1:0") {
            "rtlsd_scrapes_total \(scrapes.add(1, ordering: .relaxed).newValue)\n"
        }
        #expect(server.port > 0)
        try Self.serving(server) {
            let first = try HTTPTestClient.get("/metrics", port: server.port)
            #expect(first.status == 200)
            #expect(first.body == "rtlsd_scrapes_total 1\n")
            let second = try HTTPTestClient.get("/metrics", port: server.port)
            #expect(second.body == "rtlsd_scrapes_total 2\n")
            let missing = try HTTPTestClient.get("/", port: server.port)
            #expect(missing.status == 404)
            let garbage = try HTTPTestClient.send("nonsense\r\n\r\n", port: server.port)
            #expect(garbage.status == 400)
        }
        #expect(scrapes.load(ordering: .relaxed) == 2)
    }

    @Test func stopClosesTheListeningSocket() throws {
        let server = try MetricsHTTPServer(address: "127.0.0.1:0") { "" }
        let port = server.port
        Self.serving(server) {}
        #expect(throws: HTTPTestClient.Failure.self) { try HTTPTestClient.get("/metrics", port: port) }
    }

    @Test(arguments: ["", "127.0.0.1", "127.0.0.1:99999", "example.org:9464", ":9464", "::1:9464", "1.2.3:80"])
    func badAddressesAreRefused(address: String) {
        #expect { try MetricsHTTPServer(address: address) { "" } } throws: {
            ($0 as? MetricsServerError)?.code == .invalidAddress
        }
    }

    @Test func aBusyPortIsReportedAsBindFailed() throws {
        let first = try MetricsHTTPServer(address: "127.0.0.1:0") { "" }
        let error = #expect(throws: MetricsServerError.self) {
            try MetricsHTTPServer(address: "127.0.0.1:\(first.port)") { "" }
        }
        #expect(error?.code == .bindFailed)
        #expect(error?.description.contains("127.0.0.1:\(first.port)") == true)
    }
}
