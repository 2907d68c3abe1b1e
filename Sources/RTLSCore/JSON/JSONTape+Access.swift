/// Navigation over a parsed tape: kinds, object fields, array elements.
extension JSONTape {
    /// The kind of a value.
    @inline(__always)
    func kind(_ value: JSONValue) -> JSONKind { self.tokens[Int(value.index)].kind }

    /// `true` when the value is JSON `null`.
    func isNull(_ value: JSONValue) -> Bool { self.kind(value) == .null }

    /// The value of `key` in `object`, or `nil` when the key is absent (or `object` is not an object).
    /// Duplicate keys: the first wins.
    func field(_ key: JSONKey, in object: JSONValue) -> JSONValue? {
        let tokens = self.tokens.span
        let container = tokens[Int(object.index)]
        guard container.kind == .object else { return nil }
        let bytes = self.bytes.span
        let keyBytes = key.bytes.span
        let keyLength = keyBytes.count
        var k = Int(object.index) + 1
        let stop = Int(container.next)
        while k < stop {
            let token = tokens[k]
            let start = Int(token.start)
            if token.flags & JSONToken.escaped != 0 {
                if self.unescapedBytes(token) == key.bytes { return JSONValue(index: Int32(k + 1)) }
            } else if Int(token.end) - start == keyLength {
                var equal = true
                for j in 0..<keyLength where bytes[start + j] != keyBytes[j] {
                    equal = false
                    break
                }
                if equal { return JSONValue(index: Int32(k + 1)) }
            }
            k = Int(tokens[k + 1].next)
        }
        return nil
    }

    /// The value of `key`, treating JSON `null` like an absent key.
    func presentField(_ key: JSONKey, in object: JSONValue) -> JSONValue? {
        guard let value = self.field(key, in: object), self.kind(value) != .null else { return nil }
        return value
    }

    /// The elements of an array (empty for any other kind).
    func elements(of array: JSONValue) -> JSONElements {
        let token = self.tokens[Int(array.index)]
        guard token.kind == .array else { return JSONElements(tokens: self.tokens, position: 0, stop: 0) }
        return JSONElements(tokens: self.tokens, position: Int(array.index) + 1, stop: Int(token.next))
    }

    /// The `(key, value)` pairs of an object in document order (empty for any other kind).
    func members(of object: JSONValue) -> JSONMembers {
        let token = self.tokens[Int(object.index)]
        guard token.kind == .object else { return JSONMembers(tokens: self.tokens, position: 0, stop: 0) }
        return JSONMembers(tokens: self.tokens, position: Int(object.index) + 1, stop: Int(token.next))
    }

    /// `true` when a string value's (unescaped) bytes equal `key`'s bytes.
    func stringEquals(_ value: JSONValue, _ key: JSONKey) -> Bool {
        let token = self.tokens[Int(value.index)]
        return token.kind == .string && self.stringEquals(token, key.bytes)
    }

    @inline(__always)
    private func stringEquals(_ token: JSONToken, _ expected: [UInt8]) -> Bool {
        let start = Int(token.start)
        let length = Int(token.end) - start
        if token.flags & JSONToken.escaped != 0 { return self.unescapedBytes(token) == expected }
        guard length == expected.count else { return false }
        for k in 0..<length where self.bytes[start + k] != expected[k] { return false }
        return true
    }

    /// The byte range of a string value without escapes, for decoders that parse its text (hex, times).
    ///
    /// - Returns: `nil` when the value is not a string or contains escapes.
    func rawStringRange(_ value: JSONValue) -> Range<Int>? {
        let token = self.tokens[Int(value.index)]
        guard token.kind == .string, token.flags & JSONToken.escaped == 0 else { return nil }
        return Int(token.start)..<Int(token.end)
    }

    /// The decoded UTF-8 bytes of a string token (allocates; escaped strings are rare).
    func unescapedBytes(_ token: JSONToken) -> [UInt8] {
        var out: [UInt8] = []
        let span = self.bytes.span
        var i = Int(token.start)
        let end = Int(token.end)
        out.reserveCapacity(end - i)
        while i < end {
            let c = span[i]
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                i += 1
                continue
            }
            let e = span[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                // The scanner validated the digits and surrogate pairing.
                var scalar = (try? Self.hex4(span, i)) ?? 0xFFFD
                i += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    let low = (try? Self.hex4(span, i + 2)) ?? 0xDC00
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: out.append(e)  // " \ /
            }
        }
        return out
    }
}

/// The elements of a JSON array on a tape, in order.
struct JSONElements: Sequence, IteratorProtocol {
    let tokens: [JSONToken]
    var position: Int
    let stop: Int

    mutating func next() -> JSONValue? {
        guard self.position < self.stop else { return nil }
        let value = JSONValue(index: Int32(self.position))
        self.position = Int(self.tokens[self.position].next)
        return value
    }
}

/// The members of a JSON object on a tape: key (a string value) and value, in document order.
struct JSONMembers: Sequence, IteratorProtocol {
    let tokens: [JSONToken]
    var position: Int
    let stop: Int

    mutating func next() -> (key: JSONValue, value: JSONValue)? {
        guard self.position < self.stop else { return nil }
        let key = JSONValue(index: Int32(self.position))
        let value = JSONValue(index: Int32(self.position + 1))
        self.position = Int(self.tokens[self.position + 1].next)
        return (key, value)
    }
}
