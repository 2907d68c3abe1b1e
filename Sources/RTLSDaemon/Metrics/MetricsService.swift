import Foundation
public import Logging
public import RTLSHTTP
public import ServiceLifecycle

/// Serves `GET /metrics` (Prometheus text), `/health` and `/ready` (JSON, see ``HealthReport``) on
/// `[metrics] listen`, from a thread this service starts
/// and joins inside ``run()``. Each scrape samples the pipeline's counters (see ``MetricsSampler``),
/// so nothing runs between scrapes. It sits right after the watchdog in the service group, so it
/// stops after the writer has drained and the last figures can still be scraped during the drain.
public struct MetricsService: Service {
    let server: MetricsHTTPServer
    let logger: Logger

    /// Binds the endpoint (a bad or busy address fails here, before the daemon starts).
    /// - Parameters:
    ///   - listen: `IPv4:port` or `[IPv6]:port`, e.g. `127.0.0.1:9464`, `[::1]:9464`.
    ///   - sampler: Renders the exposition text.
    ///   - health: Answers `/health` and `/ready`.
    ///   - logger: Where the listening address is logged.
    /// - Throws: ``MetricsServerError`` when the address cannot be bound.
    public init(
        listen: String, sampler: MetricsSampler, health: HealthReport, logger: Logger
    ) throws(MetricsServerError) {
        self.server = try MetricsHTTPServer(address: listen) { path in
            switch path {
            case "/metrics":
                MetricsHTTPResponder.Reply(
                    status: "200 OK", contentType: MetricsHTTPResponder.contentType, body: sampler.render())
            case "/health": health.health()
            case "/ready": health.ready()
            default: nil
            }
        }
        self.logger = logger
    }

    /// The TCP port bound (the configured one, or the one picked for port 0).
    public var port: Int { self.server.port }

    public func run() async throws {
        let server = self.server
        self.logger.info(
            "Metrics endpoint listening",
            metadata: ["metrics.listen": "\(server.address)", "metrics.port": "\(server.port)"])
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let thread = Thread {
                        server.run()
                        continuation.resume()
                    }
                    thread.name = "rtlsd-metrics"
                    thread.start()
                }
            } onGracefulShutdown: {
                server.stop()
            }
        } onCancel: {
            server.stop()
        }
    }
}
