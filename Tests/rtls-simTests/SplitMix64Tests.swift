import Testing

@testable import rtls_sim

@Suite struct SplitMix64Tests {
    /// The first outputs of Vigna's reference `splitmix64.c` seeded with 0.
    @Test func matchesTheReferenceSequence() {
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(rng.next() == 0x06C4_5D18_8009_454F)
    }

    @Test(arguments: [UInt64(0), 42, 0xDEAD_BEEF, .max])
    func theSameSeedGivesTheSameSequenceAndAnotherSeedAnother(seed: UInt64) {
        var a = SplitMix64(seed: seed)
        var b = SplitMix64(seed: seed)
        var c = SplitMix64(seed: seed &+ 1)
        let sa = (0..<64).map { _ in a.next() }
        #expect(sa == (0..<64).map { _ in b.next() })
        #expect(sa != (0..<64).map { _ in c.next() })
    }

    @Test func gaussianSamplesHaveMeanZeroAndUnitVariance() {
        var rng = SplitMix64(seed: 42)
        let n = 20_000
        let samples = (0..<n).map { _ in rng.gaussian() }
        let mean = samples.reduce(0, +) / Double(n)
        let variance = samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
        #expect(abs(mean) < 0.05)
        #expect(abs(variance - 1) < 0.05)
        #expect(samples.allSatisfy { $0.isFinite })
    }
}
