import Logging
import RTLSCore
import RTLSPostgres
import Synchronization

extension DatabaseSink {
    /// Hands the writer a policy the reload changed since the last batch.
    func applyPolicy(to writer: ReadingBatchWriter) {
        guard let next = self.policy.newer(than: self.policyGeneration) else { return }
        writer.policy = next.policy
        self.policyGeneration = next.generation
    }

    /// After a write: counts readings stored without a gateway or zone id and logs each such name at
    /// most once a minute; publishes the cache's size and evictions, logging the first eviction.
    func report(_ writer: ReadingBatchWriter) {
        let unknown = writer.takeUnknownReferences()
        if !unknown.isEmpty {
            self.stats?.readingsUnknownGateway.add(UInt64(unknown.gatewayReadings), ordering: .relaxed)
            self.stats?.readingsUnknownZone.add(UInt64(unknown.zoneReadings), ordering: .relaxed)
            let now = DaemonClock.now()
            for gateway in unknown.gateways {
                self.logUnknown("gateway", gateway.string, key: LogKey.gatewayID, setting: "allow_unknown_gateways", now: now)
            }
            for zone in unknown.zones {
                self.logUnknown("zone", zone.string, key: LogKey.zoneID, setting: "allow_unknown_zones", now: now)
            }
        }
        let cache = writer.cache
        self.stats?.referenceCacheEntries.store(cache.count, ordering: .relaxed)
        let evictions = cache.tagEvictions
        if evictions > self.evictionsReported {
            self.stats?.referenceCacheEvictions.add(evictions - self.evictionsReported, ordering: .relaxed)
            self.evictionsReported = evictions
            if !self.cacheBoundLogged {
                self.cacheBoundLogged = true
                self.logger.notice(
                    "Reference cache full: \(cache.tagCapacity) tags ([database] reference_cache_entries); the least recently seen tags are forgotten from now on and cost one database lookup if they come back",
                    metadata: ["cache.entries": "\(cache.count)", "cache.tag_capacity": "\(cache.tagCapacity)"])
            }
        }
    }

    private func logUnknown(_ what: String, _ name: String, key: String, setting: String, now: Timestamp) {
        guard let suppressed = self.unknownLimiter.record("\(what)\u{0}\(name)", now: now) else { return }
        self.logger.warning(
            "\(Self.unknownMessage(what, name, setting: setting, suppressed: suppressed))",
            metadata: [key: "\(name)", LogKey.suppressed: "\(suppressed)"])
    }

    /// The warning for readings stored without a `what` ("gateway", "zone") id. `name` goes in as
    /// received: the log handlers escape every message with ``UntrustedText`` (stderr and journald
    /// `MESSAGE`), so escaping it here too would double each backslash in the line.
    static func unknownMessage(_ what: String, _ name: String, setting: String, suppressed: Int) -> String {
        "Readings stored without a \(what) id: \(what) \"\(name)\" is not in site.toml ([ingest] \(setting) = false), so no \(what)s row was made (\(suppressed) similar suppressed in the last minute)"
    }
}
