/// Typed getters. Value getters throw a bare `DecodeError` (no field); keyed getters name the key,
/// and decoders prefix the path of the enclosing object (``DecodeError/within(_:)``).
extension JSONTape {
    /// The value as an exact integer; a decimal is accepted when it is integral (`3.0`).
    ///
    /// - Throws: `wrongType` for non-numbers and fractions, `outOfRange` beyond `Int64`.
    func int(_ value: JSONValue) throws(DecodeError) -> Int64 {
        let token = self.tokens[Int(value.index)]
        guard token.kind == .number else { throw Self.wrongType(token.kind, expected: "an integer") }
        let span = self.bytes.span
        if token.flags & JSONToken.integer != 0 {
            guard let v = Self.integerValue(span, Int(token.start), Int(token.end)) else {
                throw DecodeError(.outOfRange, detail: "does not fit in a 64-bit integer")
            }
            return v
        }
        let d = Self.doubleValue(span, Int(token.start), Int(token.end))
        guard d.isFinite, d.rounded(.towardZero) == d else {
            throw DecodeError(.wrongType, detail: "is a fraction, expected an integer")
        }
        guard d >= -9.2e18 && d <= 9.2e18 else { throw DecodeError(.outOfRange, detail: "does not fit in 64 bits") }
        return Int64(d)
    }

    /// The value as a finite `Double`.
    ///
    /// - Throws: `wrongType` for non-numbers, `outOfRange` when it overflows to infinity.
    func double(_ value: JSONValue) throws(DecodeError) -> Double {
        let token = self.tokens[Int(value.index)]
        guard token.kind == .number else { throw Self.wrongType(token.kind, expected: "a number") }
        let d = Self.doubleValue(self.bytes.span, Int(token.start), Int(token.end))
        guard d.isFinite else { throw DecodeError(.outOfRange, detail: "is not a finite number") }
        return d
    }

    /// The value as a `Bool`.
    func bool(_ value: JSONValue) throws(DecodeError) -> Bool {
        let token = self.tokens[Int(value.index)]
        guard token.kind == .bool else { throw Self.wrongType(token.kind, expected: "a boolean") }
        return token.flags & JSONToken.isTrue != 0
    }

    /// The string value stored inline, without going through `String`.
    ///
    /// - Throws: `wrongType` for non-strings, `idTooLong` when longer than the inline capacity.
    func string<let capacity: Int>(_ value: JSONValue) throws(DecodeError) -> InlineString<capacity> {
        let token = self.tokens[Int(value.index)]
        guard token.kind == .string else { throw Self.wrongType(token.kind, expected: "a string") }
        let result: InlineString<capacity>?
        if token.flags & JSONToken.escaped == 0 {
            let raw = self.bytes.span.extracting(Int(token.start)..<Int(token.end))
            // Printable ASCII (no `unusual` flag) holds nothing UntrustedText refuses.
            if token.flags & JSONToken.unusual != 0 {
                guard !UntrustedText.containsUnsafe(raw) else { throw Self.controlCharacter }
            }
            result = InlineString(utf8: raw)
        } else {
            let unescaped = self.unescapedBytes(token)
            guard !UntrustedText.containsUnsafe(unescaped.span) else { throw Self.controlCharacter }
            result = InlineString(utf8: unescaped.span)
        }
        guard let result else {
            throw DecodeError(.idTooLong, detail: "is longer than the \(capacity) bytes rtlsd stores")
        }
        return result
    }

    /// The string value as a Swift `String` (allocates; for rare fields and error messages).
    func text(_ value: JSONValue) throws(DecodeError) -> String {
        let token = self.tokens[Int(value.index)]
        guard token.kind == .string else { throw Self.wrongType(token.kind, expected: "a string") }
        return String(decoding: self.unescapedBytes(token), as: UTF8.self)
    }

    /// An identifier with a control, bidi or separator character (NUL included).
    static let controlCharacter = DecodeError(
        .controlCharacter, detail: "holds a control or bidi character (it could forge a log line or disguise a name)")

    static func wrongType(_ kind: JSONKind, expected: String) -> DecodeError {
        DecodeError(.wrongType, detail: "is \(kind), expected \(expected)")
    }

    // MARK: Keyed: `nil` when the key is absent or null.

    /// `key` as an integer, or `nil` when absent or null.
    func int(_ key: JSONKey, in object: JSONValue) throws(DecodeError) -> Int64? {
        guard let v = self.presentField(key, in: object) else { return nil }
        do { return try self.int(v) } catch { throw error.within(key.name) }
    }

    /// `key` as a finite double, or `nil` when absent or null.
    func double(_ key: JSONKey, in object: JSONValue) throws(DecodeError) -> Double? {
        guard let v = self.presentField(key, in: object) else { return nil }
        do { return try self.double(v) } catch { throw error.within(key.name) }
    }

    /// `key` as a boolean, or `nil` when absent or null.
    func bool(_ key: JSONKey, in object: JSONValue) throws(DecodeError) -> Bool? {
        guard let v = self.presentField(key, in: object) else { return nil }
        do { return try self.bool(v) } catch { throw error.within(key.name) }
    }

    /// `key` as an inline string, or `nil` when absent or null.
    func string<let capacity: Int>(_ key: JSONKey, in object: JSONValue) throws(DecodeError)
        -> InlineString<capacity>?
    {
        guard let v = self.presentField(key, in: object) else { return nil }
        do { return try self.string(v) as InlineString<capacity> } catch { throw error.within(key.name) }
    }

    /// `key` as a double within `range`, or `nil` when absent or null.
    ///
    /// - Throws: `wrongType`, or `outOfRange` naming the range.
    func double(_ key: JSONKey, in object: JSONValue, range: ClosedRange<Double>) throws(DecodeError) -> Double? {
        guard let d = try self.double(key, in: object) else { return nil }
        guard range.contains(d) else {
            throw DecodeError(
                .outOfRange, field: key.name,
                detail: "is \(d), outside \(range.lowerBound)…\(range.upperBound)")
        }
        return d
    }
}
