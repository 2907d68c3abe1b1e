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
        // Version 1 (before PAR levels): the same body without the PAR and open-alert sections.
        let v3 = Self.snapshot().stateFileBytes()
        #expect(Array(v3[(v3.count - 10)..<(v3.count - 4)]) == [0, 0, 0, 0, 0, 0])
        #expect(try EngineSnapshot(stateFileBytes: Self.file("RTLSES01", Array(v3[8..<(v3.count - 10)]))) == Self.snapshot())
        // Version 2 (before acknowledgements were kept): without the open-alert section.
        #expect(try EngineSnapshot(stateFileBytes: Self.file("RTLSES02", Array(v3[8..<(v3.count - 8)]))) == Self.snapshot())
    }

    static func file(_ magic: String, _ body: [UInt8]) -> [UInt8] {
        let crc = CRC32C.checksum(body[...])
        return Array(magic.utf8) + body + (0..<4).map { UInt8(truncatingIfNeeded: crc >> (8 * $0)) }
    }

    @Test func openAlertsKeepTheirAcknowledgementAndEscalation() throws {
        var original = Self.snapshot()
        let alert = Alert(
            alertID: 1_750_000_000_000_123, ruleID: "pump-at-dock", kind: .restrictedZone, severity: .critical,
            state: .fired, time: Timestamp(microseconds: 1_750_000_000_000_000), tag: "ac233fa0f1e2", asset: "PUMP-1",
            zone: "b1-f1-dock", gateway: "rdr-dock", method: .rfid)
        original.escalation = [
            AlertEscalation.Entry(alert: alert, firedAt: 1_750_000_000_100_000, acknowledged: true),
            AlertEscalation.Entry(alert: alert, firedAt: 5, escalated: true),
        ]
        #expect(try EngineSnapshot(stateFileBytes: original.stateFileBytes()) == original)
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
