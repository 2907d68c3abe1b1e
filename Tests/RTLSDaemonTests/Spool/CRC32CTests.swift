import RTLSDaemon
import Testing

@Suite struct CRC32CTests {
    /// RFC 3720 appendix B.4 test vectors, plus the common "123456789" check value.
    @Test(arguments: [
        ([UInt8](repeating: 0, count: 32), UInt32(0x8A91_36AA)),
        ([UInt8](repeating: 0xFF, count: 32), UInt32(0x62A8_AB43)),
        ((0..<32).map { UInt8($0) }, UInt32(0x46DD_794E)),
        ((0..<32).reversed().map { UInt8($0) }, UInt32(0x113F_DB5C)),
        (Array("123456789".utf8), UInt32(0xE306_9283)),
        ([], UInt32(0)),
    ])
    func rfc3720Vectors(bytes: [UInt8], expected: UInt32) {
        #expect(CRC32C.checksum(bytes) == expected)
    }

    @Test func updateContinuesAChecksum() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(CRC32C.update(CRC32C.checksum(data[..<377]), with: data[377...]) == CRC32C.checksum(data))
    }

    @Test func eightBytesAStepMatchesOneByteAStep() {
        let data = (0..<4099).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ ($0 >> 7)) }
        for (start, end) in [(0, 0), (0, 7), (3, 11), (1, 4099), (8, 4096), (5, 13)] {
            let slice = data[start..<end]
            // A lazy map is a plain Sequence: the byte-at-a-time path.
            #expect(CRC32C.checksum(slice) == CRC32C.checksum(slice.lazy.map { $0 }))
            #expect(CRC32C.checksum(Array(slice)) == CRC32C.checksum(slice))
        }
    }
}
