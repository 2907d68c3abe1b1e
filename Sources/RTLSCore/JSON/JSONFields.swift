/// The values of one object's fields for a ``JSONKeySet``, found in a single walk over its members.
///
/// A fixed-capacity table on the stack: filling it allocates nothing (except to unescape a member key
/// that contains backslash escapes, which is rare), and reading a field is an index. Lookups answer
/// exactly as ``JSONTape/field(_:in:)`` and ``JSONTape/presentField(_:in:)`` would: the first of
/// duplicate keys wins, unknown keys are ignored, escaped keys match their unescaped bytes.
///
/// - Important: Valid only until the tape parses again, like every ``JSONValue``.
struct JSONFields: Sendable {
    /// Per slot, the tape index of the field's value (0: absent; index 0 is always the root).
    private var values: InlineArray<32, Int32>
    /// Bit `slot` set: the key occurred.
    private var found: UInt32 = 0
    /// Bit `slot` set: the key occurred with a value other than `null`.
    private var nonNull: UInt32 = 0

    /// Walks `object`'s members once and records the first value of each key in `keys`. For a value
    /// that is not an object every field is absent.
    @inline(__always)
    init(_ tape: borrowing JSONTape, _ object: JSONValue, _ keys: borrowing JSONKeySet) {
        self.values = InlineArray(repeating: 0)
        let tokens = tape.tokens.span
        let container = tokens[Int(object.index)]
        guard container.kind == .object else { return }
        let bytes = tape.bytes.span
        let buckets = keys.buckets.span
        let entries = keys.entries.span
        let packed = keys.packed.span
        let all = keys.allSlots
        var k = Int(object.index) + 1
        let stop = Int(container.next)
        while k < stop {
            let token = tokens[k]
            let slot =
                token.flags & JSONToken.escaped == 0
                ? JSONKeySet.slot(
                    bytes, Int(token.start), Int(token.end), buckets: buckets, entries: entries, packed: packed)
                : keys.slot(tape.unescapedBytes(token))
            let value = tokens[k + 1]
            if let slot {
                let bit: UInt32 = 1 << UInt32(slot)
                if self.found & bit == 0 {
                    self.found |= bit
                    self.values[slot] = Int32(k + 1)
                    if value.kind != .null { self.nonNull |= bit }
                    if self.found == all { return }  // later members can only be duplicates or unknown
                }
            }
            k = Int(value.next)
        }
    }

    /// The value of `key`, or `nil` when absent; like ``JSONTape/field(_:in:)``.
    func field(_ key: JSONKey) -> JSONValue? {
        guard self.found & Self.bit(key) != 0 else { return nil }
        return JSONValue(index: self.values[key.slot])
    }

    /// The value of `key`, treating JSON `null` like an absent key; like ``JSONTape/presentField(_:in:)``.
    func present(_ key: JSONKey) -> JSONValue? {
        guard self.nonNull & Self.bit(key) != 0 else { return nil }
        return JSONValue(index: self.values[key.slot])
    }

    /// The value of the key in `slot` of the set, treating JSON `null` like an absent key; like
    /// ``present(_:)`` for a caller that keeps slots rather than keys.
    func present(slot: Int) -> JSONValue? {
        precondition(slot >= 0 && slot < JSONKeySet.capacity, "slot \(slot) is outside a JSONKeySet")
        guard self.nonNull & (1 << UInt32(slot)) != 0 else { return nil }
        return JSONValue(index: self.values[slot])
    }

    @inline(__always)
    private static func bit(_ key: JSONKey) -> UInt32 {
        precondition(key.slot >= 0, "key \(key.name) belongs to no JSONKeySet")
        return 1 << UInt32(key.slot)
    }
}
