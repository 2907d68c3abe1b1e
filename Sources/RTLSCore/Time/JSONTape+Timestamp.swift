extension JSONTape {
    /// A timestamp field in any of the forms gateways send: an epoch number (unit by magnitude, see
    /// ``TimestampParser``), a numeric string, or RFC 3339 text.
    ///
    /// - Parameters:
    ///   - value: The value on the tape.
    ///   - defaultUTCOffsetSeconds: Offset for RFC 3339 text without one; `nil` rejects such text.
    ///   - localTimeZone: The clock for RFC 3339 text without an offset (before `defaultUTCOffsetSeconds`).
    ///   - near: The receive time: an ambiguous local time is read as the occurrence nearer it.
    /// - Throws: `wrongType` for other JSON kinds, `badTimestamp` for unparseable or negative times.
    func timestamp(
        _ value: JSONValue, defaultUTCOffsetSeconds: Int32? = nil, localTimeZone: LocalTimeZone? = nil,
        near: Timestamp = Timestamp(microseconds: 0)
    ) throws(DecodeError) -> Timestamp {
        let token = self.tokens[Int(value.index)]
        let span = self.bytes.span
        let range = Int(token.start)..<Int(token.end)
        let parsed: Timestamp?
        switch token.kind {
        case .number:
            if token.flags & JSONToken.integer != 0, let v = Self.integerValue(span, range.lowerBound, range.upperBound) {
                parsed = TimestampParser.epoch(integer: v)
            } else {
                parsed = TimestampParser.epoch(Self.doubleValue(span, range.lowerBound, range.upperBound))
            }
        case .string:
            guard token.flags & JSONToken.escaped == 0, !range.isEmpty else {
                throw DecodeError(.badTimestamp, detail: "is not an RFC 3339 time or epoch")
            }
            if isDigit(span[range.lowerBound]) && range.count >= 5 && span[range.lowerBound + 4] == UInt8(ascii: "-") {
                parsed = TimestampParser.rfc3339(
                    span, range, defaultUTCOffsetSeconds: defaultUTCOffsetSeconds, localTimeZone: localTimeZone,
                    near: near)
            } else {
                parsed = TimestampParser.epochText(span, range)
            }
        default:
            throw Self.wrongType(token.kind, expected: "a time (RFC 3339 string or epoch number)")
        }
        guard let parsed else { throw DecodeError(.badTimestamp, detail: "is not a valid RFC 3339 time or epoch") }
        return parsed
    }

    /// `key` as a timestamp, or `nil` when absent or null; see ``timestamp(_:defaultUTCOffsetSeconds:)``.
    func timestamp(
        _ key: JSONKey, in object: JSONValue, defaultUTCOffsetSeconds: Int32? = nil,
        localTimeZone: LocalTimeZone? = nil, near: Timestamp = Timestamp(microseconds: 0)
    ) throws(DecodeError) -> Timestamp? {
        guard let v = self.presentField(key, in: object) else { return nil }
        do {
            return try self.timestamp(
                v, defaultUTCOffsetSeconds: defaultUTCOffsetSeconds, localTimeZone: localTimeZone, near: near)
        } catch {
            throw error.within(key.name)
        }
    }
}
