import Testing

@testable import RTLSCore

/// Frames rtlsd does not store keep the reasons they were reported with when the reason was a
/// `DecodeError` held in the frame (it is now a trivially copyable ``EddystoneFrame/Refusal``).
@Suite struct EddystoneFrameTests {
    static func frame(_ hex: String) -> EddystoneFrame {
        let bytes = Array(hex.utf8)
        return EddystoneFrame(HexText(bytes: bytes, range: 0..<bytes.count), frame: 0, length: bytes.count / 2)
    }

    static let cases: [(String, DecodeError.Code, String)] = [
        ("00E8", .wrongType, "is an Eddystone-UID frame of 2 bytes, expected 18 or 20"),
        ("10EE03", .wrongType, "is an Eddystone-URL frame of 3 bytes, expected 4 to 20"),
        ("2000", .wrongType, "is an Eddystone-TLM frame of 2 bytes, expected 14"),
        ("2001", .unsupportedEvent, "is an encrypted Eddystone-TLM frame, which rtlsd cannot read"),
        ("2002", .unsupportedEvent, "is an Eddystone-TLM frame of an unknown version"),
        ("30", .unsupportedEvent, "is an Eddystone-EID frame (a rotating id rtlsd cannot resolve)"),
        ("40", .unsupportedEvent, "is an Eddystone frame of a reserved type"),
    ]

    @Test(arguments: 0..<Self.cases.count)
    func refusalsReadAsBefore(_ index: Int) {
        let (hex, code, detail) = Self.cases[index]
        let frame = Self.frame(hex)
        guard case .unsupported(let refusal) = frame else {
            Issue.record("expected a refusal, got \(frame)")
            return
        }
        #expect(refusal.error.code == code)
        #expect(refusal.error.detail == detail)
    }

    /// 18 bytes is a valid UID frame (older beacons omit the two RFU bytes).
    @Test func uidFrameWithoutReservedBytes() {
        #expect(
            Self.frame("00E8EDD1EBEAC04E5DEFA0170BDB87539B67")
                == .uid("edd1ebeac04e5defa017-0bdb87539b67", txPower: Int8(bitPattern: 0xE8)))
    }
}
