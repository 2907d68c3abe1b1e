extension InlineString {
    /// Creates an inline string from any UTF-8 byte sequence (a topic segment), or `nil` when too long.
    init?(bytes: some Sequence<UInt8>) {
        self.init()
        var n = 0
        for b in bytes {
            guard n < capacity, capacity <= 255 else { return nil }
            self.storage[n] = b
            n += 1
        }
        self.length = UInt8(truncatingIfNeeded: n)
    }

    /// Appends bytes; `false` (and unchanged length beyond capacity) when they do not fit.
    @discardableResult
    mutating func append(contentsOf bytes: some Sequence<UInt8>) -> Bool {
        var n = Int(self.length)
        for b in bytes {
            guard n < capacity else { return false }
            self.storage[n] = b
            n += 1
        }
        self.length = UInt8(truncatingIfNeeded: n)
        return true
    }

    /// Appends another inline string's bytes; `false` when they do not fit.
    @discardableResult
    mutating func append<let other: Int>(_ string: InlineString<other>) -> Bool {
        for i in 0..<string.count {
            guard self.append(string.storage[i]) else { return false }
        }
        return true
    }

    /// Appends one byte; `false` when full.
    @discardableResult
    mutating func append(_ byte: UInt8) -> Bool {
        let n = Int(self.length)
        guard n < capacity else { return false }
        self.storage[n] = byte
        self.length = UInt8(truncatingIfNeeded: n + 1)
        return true
    }

    /// Appends the decimal digits of a non-negative integer.
    mutating func append(decimal value: Int) {
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            self.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Appends a byte as two lowercase (or uppercase) hex digits; `false` when they do not fit.
    @discardableResult
    mutating func append(hex byte: UInt8, uppercase: Bool = false) -> Bool {
        func digit(_ v: UInt8) -> UInt8 {
            v < 10 ? UInt8(ascii: "0") + v : (uppercase ? UInt8(ascii: "A") : UInt8(ascii: "a")) + v - 10
        }
        return self.append(digit(byte >> 4)) && self.append(digit(byte & 0xF))
    }

    /// This string with ASCII letters upper-cased (hex EPCs and MACs are compared upper-case).
    func uppercasedASCII() -> Self {
        var copy = self
        for i in 0..<Int(self.length) where copy.storage[i] >= UInt8(ascii: "a") && copy.storage[i] <= UInt8(ascii: "z") {
            copy.storage[i] -= 32
        }
        return copy
    }

    /// `true` when the bytes equal a key's bytes (case-insensitively for ASCII when asked).
    func equals(_ key: JSONKey, caseInsensitive: Bool = false) -> Bool {
        guard Int(self.length) == key.bytes.count else { return false }
        for i in 0..<Int(self.length) {
            var a = self.storage[i]
            var b = key.bytes[i]
            if caseInsensitive {
                if a >= 0x41 && a <= 0x5A { a += 32 }
                if b >= 0x41 && b <= 0x5A { b += 32 }
            }
            guard a == b else { return false }
        }
        return true
    }
}
