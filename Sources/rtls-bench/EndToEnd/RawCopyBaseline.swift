import Foundation
import RTLSCore
import RTLSPostgres

/// The ceiling rtlsd is measured against: the same kind of rows (the `rtls-sim sequence` mix: six
/// BLE readings in seven, one temperature) written by ``ReadingBatchWriter`` straight from memory,
/// 5,000 rows per transaction (ledger row, reference upserts, binary COPY, COMMIT), on one
/// connection, with no MQTT, decoding or ring in front of it.
enum RawCopyBaseline {
    /// Writes batches for `warmup` seconds (tag ids get resolved, as in rtlsd's warm-up), then for
    /// `seconds`, and returns the rows and rows/s of the second part.
    static func run(
        conninfo: String, seconds: Double, warmup: Double, tags: Int, batchSize: Int,
        measuring onStart: () -> Void = {}
    ) throws -> (rows: Int, perSecond: Double) {
        let writer = ReadingBatchWriter(connection: try PGConnection(conninfo: conninfo))
        let baseMicros = Int64(Date().timeIntervalSince1970 * 1_000_000)
        let gateways = (0..<4).map { GatewayID("raw\($0)") ?? GatewayID() }
        var readings: [Reading] = []
        let pool = 500_000
        readings.reserveCapacity(pool)
        for i in 0..<pool {
            let time = Timestamp(microseconds: baseMicros + Int64(i) * 1000)
            let tag = TagID("raw\(i % 4)-\(i % max(tags, 1))") ?? TagID()
            var r = Reading(
                time: time, receivedAt: time, kind: i % 7 == 6 ? .sensor : .ble, tag: tag, gateway: gateways[i % 4])
            if i % 7 == 6 {
                r.metric = "temperature"
                r.value = Double(i % 100) / 4
                r.unit = "C"
            } else {
                r.rssi = Float(-(i % 90) - 10)
                r.battery = Float(i % 101)
            }
            readings.append(r)
        }
        let clock = ContinuousClock()
        let warmEnd = clock.now + .milliseconds(Int64(warmup * 1000))
        var start = clock.now
        var measuring = false
        let budget = Duration.milliseconds(Int64(seconds * 1000))
        var written = 0
        var batchID: Int64 = -1
        var offset = 0
        while !measuring || clock.now - start < budget {
            if !measuring, clock.now >= warmEnd {
                measuring = true
                onStart()
                start = clock.now
                written = 0
            }
            let end = min(offset + batchSize, pool)
            let batch = Array(readings[offset..<end])
            offset = end == pool ? 0 : end
            try writer.write(batch, batchID: batchID)
            batchID -= 1
            written += batch.count
        }
        return (written, Double(written) / Figures.seconds(clock.now - start))
    }
}
