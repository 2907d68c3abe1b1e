import ArgumentParser
import Foundation
import RTLSCore
import RTLSPostgres

/// `rtls-bench refcache`: the writer's reference-id cache per reading (name collection, id lookups
/// for the COPY rows, commit), without a database, and the memory the cache holds.
struct ReferenceCacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refcache",
        abstract: "Writer reference-id cache: cost per reading and memory per entry (no database).",
        discussion: """
            Two phases on one core, batches of --batch-size readings with 20 gateways and 20 zones:
            steady: --tags tags seen over and over (all cached after a warm-up pass), timed for --seconds;
            churn: --churn readings whose tags are all new (phones with randomised BLE addresses),
            one pass; memory is the resident-set growth over the cache it leaves behind.
            """)

    @Option(help: "Distinct tags in the steady phase.") var tags = 50_000
    @Option(help: "Readings with never-seen tags in the churn phase.") var churn = 1_000_000
    @Option(help: "Readings per batch.") var batchSize = 5_000
    @Option(help: "Seconds to time the steady phase.") var seconds = 5.0
    @Option(help: "Tags the cache keeps ([database] reference_cache_entries).")
    var entries = ReferenceIDCache.defaultTagCapacity

    func run() throws {
        let steadyInput = Self.batches(tags: (0..<self.tags).map { "steady-\($0)" }, size: self.batchSize)
        let churnInput = Self.batches(tags: (0..<self.churn).map { "phone-\($0)" }, size: self.batchSize)
        var cache = ReferenceIDCache(tagCapacity: self.entries)
        var nextID: Int32 = 1
        var sink: Int64 = 0
        for batch in steadyInput { sink &+= cache.simulateBatch(batch, nextID: &nextID) }  // warm-up
        let clock = ContinuousClock()
        var readings = 0
        let start = clock.now
        let budget = Duration.milliseconds(Int64(self.seconds * 1000))
        while clock.now - start < budget {
            for batch in steadyInput { sink &+= cache.simulateBatch(batch, nextID: &nextID) }
            readings += steadyInput.count * self.batchSize
        }
        let steadyNs = Figures.seconds(clock.now - start) * 1e9 / Double(readings)

        let rssBefore = ProcessSample.read(pid: getpid())?.rssMiB ?? 0
        let entriesBefore = cache.count
        let churnStart = clock.now
        for batch in churnInput { sink &+= cache.simulateBatch(batch, nextID: &nextID) }
        let churnNs = Figures.seconds(clock.now - churnStart) * 1e9 / Double(churnInput.count * self.batchSize)
        let rssAfter = ProcessSample.read(pid: getpid())?.rssMiB ?? 0
        let added = cache.count - entriesBefore
        let evicted = cache.tagEvictions
        let perEntry = added > 0 ? (rssAfter - rssBefore) * 1_048_576 / Double(added) : 0
        print(
            """
            refcache: batches of \(self.batchSize), 20 gateways, 20 zones, one core, \
            cache bound \(Figures.grouped(Double(self.entries))) tags
              steady (\(Figures.grouped(Double(self.tags))) tags, all cached): \(Figures.decimal(steadyNs)) ns/reading \
            over \(Figures.grouped(Double(readings))) readings
              churn (\(Figures.grouped(Double(self.churn))) new tags):   \(Figures.decimal(churnNs)) ns/reading
              cache: \(Figures.grouped(Double(cache.count))) entries after churn (\(Figures.grouped(Double(added))) added, \
            \(Figures.grouped(Double(evicted))) evicted), \
            RSS +\(Figures.decimal(rssAfter - rssBefore)) MiB (\(Figures.grouped(perEntry)) bytes per added entry)
              (checksum \(sink))
            """)
    }

    /// Location readings, one per tag in order, cut into batches; gateway and zone cycle over 20 each.
    static func batches(tags: [String], size: Int) -> [[Reading]] {
        let base = Timestamp(microseconds: 1_750_000_000_000_000)
        let readings = tags.enumerated().map { i, tag in
            var r = Reading(
                time: base.advanced(byMicroseconds: Int64(i)), receivedAt: base, kind: .ble, tag: TagID(tag) ?? TagID(),
                gateway: GatewayID("gw-\(i % 20)") ?? GatewayID())
            r.zone = ZoneName("room-\(i % 20)") ?? ZoneName()
            r.rssi = -60
            return r
        }
        return stride(from: 0, to: readings.count - size + 1, by: size).map { Array(readings[$0..<$0 + size]) }
    }
}
