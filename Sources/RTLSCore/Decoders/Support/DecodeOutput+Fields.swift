/// ``FieldPolicy`` getters: a field whose value is impossible becomes `nil` (NULL in the database),
/// its reason goes to ``DecodeOutput/nulled``, and the decoder keeps the rest of the reading.
extension DecodeOutput {
    /// `value` when it is within `range`; otherwise `nil`, with the reason recorded in ``nulled``.
    mutating func kept(_ value: Double, _ range: ClosedRange<Double>, field: String) -> Double? {
        guard range.contains(value) else {
            self.nulled.append(FieldPolicy.outOfRange(value, range, field: field))
            return nil
        }
        return value
    }

    /// `value` when it is within `range`; otherwise `nil`, with the reason recorded in ``nulled``.
    mutating func kept(_ value: Int64, _ range: ClosedRange<Int64>, field: String) -> Int64? {
        guard range.contains(value) else {
            self.nulled.append(
                DecodeError(.outOfRange, field: field, detail: "is \(value), outside \(range.lowerBound)…\(range.upperBound)"))
            return nil
        }
        return value
    }

    /// `key` of `object` as a number within `range`: `nil` when absent or JSON null; `nil` with the
    /// reason recorded in ``nulled`` when it is not a number, not finite, or outside `range`.
    mutating func field(
        _ tape: borrowing JSONTape, _ key: JSONKey, in object: JSONValue, _ range: ClosedRange<Double>
    ) -> Double? {
        self.number(tape, tape.presentField(key, in: object), key, range)
    }

    /// `key` of a ``JSONFields`` table as a number within `range`; see ``field(_:_:in:_:)``.
    mutating func field(
        _ tape: borrowing JSONTape, _ key: JSONKey, in fields: JSONFields, _ range: ClosedRange<Double>
    ) -> Double? {
        self.number(tape, fields.present(key), key, range)
    }

    /// `key` of `object` as an integer within `range`, under the same rules.
    mutating func field(
        _ tape: borrowing JSONTape, _ key: JSONKey, in object: JSONValue, _ range: ClosedRange<Int64>
    ) -> Int64? {
        self.integer(tape, tape.presentField(key, in: object), key, range)
    }

    /// `key` of a ``JSONFields`` table as an integer within `range`, under the same rules.
    mutating func field(
        _ tape: borrowing JSONTape, _ key: JSONKey, in fields: JSONFields, _ range: ClosedRange<Int64>
    ) -> Int64? {
        self.integer(tape, fields.present(key), key, range)
    }

    /// `value` as a number within `range`; otherwise `nil`, with the reason recorded in ``nulled`` at the
    /// field `name` returns (called only then, so a table of fields need not hold the names per message).
    mutating func number(
        _ tape: borrowing JSONTape, _ value: JSONValue, _ range: ClosedRange<Double>, field name: () -> String
    ) -> Double? {
        do {
            let d = try tape.double(value)
            guard range.contains(d) else {
                self.nulled.append(FieldPolicy.outOfRange(d, range, field: name()))
                return nil
            }
            return d
        } catch {
            self.nulled.append(error.within(name()))
            return nil
        }
    }

    private mutating func number(
        _ tape: borrowing JSONTape, _ value: JSONValue?, _ key: JSONKey, _ range: ClosedRange<Double>
    ) -> Double? {
        guard let value else { return nil }
        do {
            return self.kept(try tape.double(value), range, field: key.name)
        } catch {
            self.nulled.append(error.within(key.name))
            return nil
        }
    }

    private mutating func integer(
        _ tape: borrowing JSONTape, _ value: JSONValue?, _ key: JSONKey, _ range: ClosedRange<Int64>
    ) -> Int64? {
        guard let value else { return nil }
        do {
            return self.kept(try tape.int(value), range, field: key.name)
        } catch {
            self.nulled.append(error.within(key.name))
            return nil
        }
    }
}
