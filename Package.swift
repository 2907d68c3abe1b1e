// swift-tools-version:6.2
//
// rtlsd — real-time location telemetry ingestion daemon.
//
// Dependencies (each costs CI build time, so each is justified):
// - swift-argument-parser: the `rtlsd run|migrate|check-config` command line.
// - swift-log: the logging API every server-side Swift library speaks.
// - TOMLKit: the TOML config format (toml++ underneath; reports parse errors with line numbers).
// - swift-service-lifecycle: signal handling and ordered graceful shutdown of the daemon's services.
// - swift-metrics: the metrics API server-side Swift libraries speak (counters, gauges, histograms),
//   so the daemon's metrics are not tied to one backend and can be checked with MetricsTestKit.
// - swift-prometheus: the Prometheus text exposition of those metrics for `GET /metrics` (pulls in
//   swift-atomics); a registry per daemon, so in-process tests with several daemons do not clash.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .strictMemorySafety(),
    .treatWarning("StrictMemorySafety", as: .error),
]

let log = Target.Dependency.product(name: "Logging", package: "swift-log")

let package = Package(
    name: "rtlsd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "rtlsd", targets: ["rtlsd"]),
        .executable(name: "rtls-sim", targets: ["rtls-sim"]),
        .executable(name: "rtls-bench", targets: ["rtls-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // C libraries, found with pkg-config; only the wrapper modules below import them.
        .systemLibrary(
            name: "CMosquitto", pkgConfig: "libmosquitto", providers: [.apt(["libmosquitto-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),

        // Pure Swift: reading model, JSON, decoders, ring buffer, location and rules. No C, no I/O.
        .target(name: "RTLSCore", swiftSettings: strict),
        // Thin wrappers: each imports its own C module and speaks Swift to the rest.
        .target(name: "RTLSPostgres", dependencies: ["RTLSCore", "CLibPQ", log], swiftSettings: strict),
        .target(name: "RTLSMQTT", dependencies: ["RTLSCore", "CMosquitto", log], swiftSettings: strict),
        .target(name: "RTLSSystemd", dependencies: ["RTLSCore", "CSystemd", log], swiftSettings: strict),
        // The metrics/health HTTP listener (GET /metrics, /health, /ready) over Glibc sockets.
        .target(name: "RTLSHTTP", swiftSettings: strict),
        // Helpers only tests use (a NOTIFY_SOCKET receiver, an HTTP client, environment overrides); no
        // product depends on it, so nothing here ships in rtlsd.
        .target(name: "RTLSTestSupport", dependencies: ["RTLSSystemd", "RTLSHTTP"], swiftSettings: strict),
        // The daemon as a library (config, services, wiring) so tests can drive it in-process.
        .target(
            name: "RTLSDaemon",
            dependencies: [
                "RTLSCore", "RTLSPostgres", "RTLSMQTT", "RTLSSystemd", "RTLSHTTP", log,
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "rtlsd",
            dependencies: [
                "RTLSDaemon", "RTLSCore", "RTLSSystemd", log, .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "rtls-sim",
            dependencies: [
                "RTLSCore", "RTLSMQTT", "RTLSPostgres", log, .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "rtls-bench",
            dependencies: [
                "RTLSCore", "RTLSPostgres", "RTLSMQTT", "RTLSDaemon", "RTLSSystemd", log,
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),

        .testTarget(
            name: "RTLSCoreTests", dependencies: ["RTLSCore"], resources: [.copy("Fixtures")],
            swiftSettings: strict),
        .testTarget(name: "RTLSPostgresTests", dependencies: ["RTLSPostgres", "RTLSCore"], swiftSettings: strict),
        .testTarget(name: "RTLSMQTTTests", dependencies: ["RTLSMQTT", "RTLSCore"], swiftSettings: strict),
        .testTarget(
            name: "RTLSSystemdTests", dependencies: ["RTLSSystemd", "RTLSCore", "RTLSTestSupport"], swiftSettings: strict),
        .testTarget(name: "RTLSHTTPTests", dependencies: ["RTLSHTTP", "RTLSTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "RTLSDaemonTests",
            dependencies: [
                "RTLSDaemon", "RTLSCore", "RTLSPostgres", "RTLSSystemd", "RTLSHTTP", "RTLSTestSupport", log,
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // The simulator's pure parts (payloads, generator, pacer, generated config), checked against rtlsd's
        // own decoders and loaders; `@testable import rtls_sim` reaches the executable target's code.
        .testTarget(
            name: "rtls-simTests", dependencies: ["rtls-sim", "RTLSDaemon", "RTLSCore"], swiftSettings: strict),
        .testTarget(
            name: "RTLSIntegrationTests",
            dependencies: [
                "RTLSDaemon", "RTLSCore", "RTLSPostgres", "RTLSMQTT", "RTLSSystemd", "RTLSHTTP", "RTLSTestSupport", log,
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strict),
    ]
)
