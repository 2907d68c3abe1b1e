/// The "one object or an array of objects" shape most gateways use, with per-item rejection.
enum BatchWalker {
    /// Calls `body` for the root object, or for each object of a root array. A failing array item is
    /// recorded in `output.rejected` at `[i]`; a failing single object is thrown (except
    /// `unsupportedEvent`, which is recorded, since such events are counted, not errors).
    ///
    /// - Throws: `wrongType` for other roots, `empty` for an empty array, or the single object's error.
    static func each(
        _ tape: borrowing JSONTape, into output: inout DecodeOutput,
        _ body: (borrowing JSONTape, JSONValue, inout DecodeOutput) throws(DecodeError) -> Void
    ) throws(DecodeError) {
        let root = tape.root
        switch tape.kind(root) {
        case .object:
            do {
                try body(tape, root, &output)
            } catch where error.code == .unsupportedEvent {
                output.rejected.append(error)
            }
        case .array:
            var index = 0
            for item in tape.elements(of: root) {
                let nulledBefore = output.nulled.count
                do throws(DecodeError) {
                    guard tape.kind(item) == .object else {
                        throw JSONTape.wrongType(tape.kind(item), expected: "an object")
                    }
                    try body(tape, item, &output)
                    for k in nulledBefore..<output.nulled.count { output.nulled[k] = output.nulled[k].within(index: index) }
                } catch {
                    // The item is rejected as a whole: its nulled fields are not reported as well.
                    output.nulled.removeSubrange(nulledBefore...)
                    output.rejected.append(error.within(index: index))
                }
                index += 1
            }
            guard index > 0 else { throw DecodeError(.empty, detail: "the array holds no events") }
        default:
            throw JSONTape.wrongType(tape.kind(root), expected: "an object or an array of objects")
        }
    }
}
