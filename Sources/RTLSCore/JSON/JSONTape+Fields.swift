/// Typed getters over a ``JSONFields`` table: the same answers and errors (code, `key.name` as the
/// field) as the getters that take the object (``JSONTape/int(_:in:)`` …), without a scan per key.
extension JSONTape {
    /// `key` as an integer, or `nil` when absent or null.
    func int(_ key: JSONKey, in fields: JSONFields) throws(DecodeError) -> Int64? {
        guard let v = fields.present(key) else { return nil }
        do { return try self.int(v) } catch { throw error.within(key.name) }
    }

    /// `key` as a finite double, or `nil` when absent or null.
    func double(_ key: JSONKey, in fields: JSONFields) throws(DecodeError) -> Double? {
        guard let v = fields.present(key) else { return nil }
        do { return try self.double(v) } catch { throw error.within(key.name) }
    }

    /// `key` as a boolean, or `nil` when absent or null.
    func bool(_ key: JSONKey, in fields: JSONFields) throws(DecodeError) -> Bool? {
        guard let v = fields.present(key) else { return nil }
        do { return try self.bool(v) } catch { throw error.within(key.name) }
    }

    /// `key` as an inline string, or `nil` when absent or null.
    func string<let capacity: Int>(_ key: JSONKey, in fields: JSONFields) throws(DecodeError)
        -> InlineString<capacity>?
    {
        guard let v = fields.present(key) else { return nil }
        do { return try self.string(v) as InlineString<capacity> } catch { throw error.within(key.name) }
    }

    /// `key` as a double within `range`, or `nil` when absent or null.
    ///
    /// - Throws: `wrongType`, or `outOfRange` naming the range.
    func double(_ key: JSONKey, in fields: JSONFields, range: ClosedRange<Double>) throws(DecodeError) -> Double? {
        guard let d = try self.double(key, in: fields) else { return nil }
        guard range.contains(d) else {
            throw DecodeError(
                .outOfRange, field: key.name,
                detail: "is \(d), outside \(range.lowerBound)…\(range.upperBound)")
        }
        return d
    }

    /// `key` as a timestamp, or `nil` when absent or null; see ``timestamp(_:defaultUTCOffsetSeconds:)``.
    func timestamp(_ key: JSONKey, in fields: JSONFields, defaultUTCOffsetSeconds: Int32? = nil)
        throws(DecodeError) -> Timestamp?
    {
        guard let v = fields.present(key) else { return nil }
        do {
            return try self.timestamp(v, defaultUTCOffsetSeconds: defaultUTCOffsetSeconds)
        } catch {
            throw error.within(key.name)
        }
    }
}
