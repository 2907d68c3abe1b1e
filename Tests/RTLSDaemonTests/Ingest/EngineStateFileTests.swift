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
