import Foundation
import RTLSCore
import RTLSDaemon
import Testing

@Suite struct EngineStateFileTests {
    static func snapshot() -> EngineSnapshot {
        let rule = EngineSnapshot.Rule(
            id: "pump-at-dock", kind: 1, active: true, alertID: 1_750_000_000_000_123, since: 1_750_000_000_000_000,
            clearSince: Int64.min, lastTime: 1_750_000_000_500_000, lastValue: 8.25, zone: "b1-f1-dock")
        var idle = rule
        idle.active = false
        idle.lastValue = nil
        idle.zone = nil
        return EngineSnapshot(
            takenAt: 1_750_000_100_000_000, nextAlertID: 1_750_000_000_000_124,
            tags: [
                .init(
                    tag: "ac233fa0f1e2", zone: "b1-f1-dock", floor: "b1-f1", method: 2, gateway: "rdr-dock",
                    zoneSince: 1, locationTime: 2, lastSeen: 3, batteryTime: Int64.min, rules: [rule, idle]),
                .init(
                    tag: "E2801160600002", zone: nil, floor: nil, method: nil, gateway: "", zoneSince: Int64.min,
                    locationTime: Int64.min, lastSeen: 9, batteryTime: Int64.min, rules: []),
            ],
            gateways: [.init(id: "gw-icu", lastSeen: 42, rules: [rule])])
    }

    static func directory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rtlsd-state-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func bytesRoundTripEveryField() throws {
        let original = Self.snapshot()
        let decoded = try EngineSnapshot(stateFileBytes: original.stateFileBytes())
        #expect(decoded == original)
        #expect(decoded.openAlerts == 2)
    }

    @Test func parStateRoundTripsAndAVersion1FileStillReads() throws {
        var original = Self.snapshot()
        original.par = [
            EngineSnapshot.Rule(
                id: "ward-pumps", kind: AlertKind.parLevel.rawValue, active: true, alertID: 77, since: 5,
                clearSince: Int64.min, lastTime: Int64.min, lastValue: 1, zone: nil)
        ]
        let decoded = try EngineSnapshot(stateFileBytes: original.stateFileBytes())
        #expect(decoded == original && decoded.openAlerts == 3)
        // Version 1 (before PAR levels): the same body without the PAR section, header RTLSES01.
        let v2 = Self.snapshot().stateFileBytes()
        var body = Array(v2[8..<(v2.count - 6)])  // without the empty PAR section (u16 0) and the CRC
        #expect(Array(v2[(v2.count - 6)..<(v2.count - 4)]) == [0, 0])
        var v1 = Array("RTLSES01".utf8)
        v1 += body
        let crc = CRC32C.checksum(body[...])
        v1 += (0..<4).map { UInt8(truncatingIfNeeded: crc >> (8 * $0)) }
        body.removeAll()
        #expect(try EngineSnapshot(stateFileBytes: v1) == Self.snapshot())
    }

    @Test func aDamagedFileIsRefusedNotMisread() {
        var bytes = Self.snapshot().stateFileBytes()
        bytes[40] ^= 0x01
        #expect(throws: SpoolError.self) { _ = try EngineSnapshot(stateFileBytes: bytes) }
        #expect(throws: SpoolError.self) { _ = try EngineSnapshot(stateFileBytes: Array(bytes.prefix(30))) }
        #expect(throws: SpoolError.self) { _ = try EngineSnapshot(stateFileBytes: Array("{\"json\":1}".utf8)) }
    }

    @Test func takeReadsOnceAndRemovesTheFile() throws {
        let file = EngineStateFile(directory: try Self.directory())
        #expect(try file.take() == nil)
        try file.save(Self.snapshot())
        #expect(try file.take() == Self.snapshot())
        #expect(!FileManager.default.fileExists(atPath: file.path))
        #expect(try file.take() == nil)
    }

    @Test func aBadFileIsReportedAndRemoved() throws {
        let file = EngineStateFile(directory: try Self.directory())
        try Data("not a state file".utf8).write(to: URL(fileURLWithPath: file.path))
        #expect(throws: EngineStateError.self) { _ = try file.take() }
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }
}
