/// A dictionary key wrapping an inline name with a cheaper hash than `InlineString`'s
/// byte-at-a-time `Hasher.combine`: FNV-1a over the bytes, fed to the hasher as one word.
///
/// Tag and gateway lookups happen on every reading; this halves their cost.
struct HashedName<let capacity: Int>: Hashable, Sendable, BitwiseCopyable {
    let name: InlineString<capacity>

    @inline(__always)
    init(_ name: InlineString<capacity>) { self.name = name }

    @inline(__always)
    static func == (lhs: Self, rhs: Self) -> Bool { lhs.name == rhs.name }

    func hash(into hasher: inout Hasher) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        self.name.withUTF8Span { bytes in
            for i in 0..<bytes.count { h = (h ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01b3 }
        }
        hasher.combine(h)
    }
}
