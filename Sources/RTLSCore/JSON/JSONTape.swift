/// A validating JSON parser in the style of simdjson's tape: one pass over the payload records every
/// value as a ``JSONToken`` in a reused array, and decoders then navigate the tape without allocating.
///
/// The grammar is RFC 8259, strictly: no trailing commas, comments, single quotes, `NaN`/`Infinity`,
/// leading zeros or bare control characters; the whole payload must be one value plus whitespace.
/// String bytes are checked to be UTF-8 (escaped surrogates must pair). Numbers are validated while
/// scanning and converted only when a decoder asks for them.
///
/// - Important: A tape is reused message after message by one thread; ``parse(_:)`` invalidates
///   every ``JSONValue`` taken from the previous message.
struct JSONTape: Sendable {
    /// The deepest nesting of objects and arrays accepted before ``DecodeError/Code/tooDeep``.
    static let defaultMaxDepth = 64

    /// The payload the tokens point into.
    private(set) var bytes: [UInt8] = []
    /// Tokens in document order.
    private(set) var tokens: [JSONToken] = []
    /// Open containers while scanning (token indices), reused.
    private var stack: [Int32] = []
    /// Nesting limit.
    let maxDepth: Int

    /// Creates an empty tape, with room for a typical message unless `reserving` is `false`.
    init(maxDepth: Int = JSONTape.defaultMaxDepth, reserving: Bool = true) {
        self.maxDepth = maxDepth
        if reserving {
            self.tokens.reserveCapacity(64)
            self.stack.reserveCapacity(16)
        }
    }

    /// The top-level value of the last parsed payload.
    var root: JSONValue { JSONValue(index: 0) }

    /// Parses one payload onto the tape, replacing the previous one.
    ///
    /// - Parameter payload: The message bytes; the caller enforces the size limit.
    /// - Throws: `DecodeError` with code `notJSON` (grammar, truncation, trailing bytes),
    ///   `invalidUTF8`, `tooDeep`, or `tooLarge` (beyond 2 GiB, which offsets cannot address).
    mutating func parse(_ payload: [UInt8]) throws(DecodeError) {
        self.tokens.removeAll(keepingCapacity: true)
        self.stack.removeAll(keepingCapacity: true)
        self.bytes = payload
        guard payload.count < Int(Int32.max) else { throw DecodeError(.tooLarge, detail: "payload exceeds 2 GiB") }
        // Tokens are written straight into reserved room in the array (no uniqueness or capacity check
        // per token). Room for a quarter as many tokens as bytes fits ordinary JSON; a payload that needs
        // more (dense arrays, or junk such as `[[[[`) is scanned again with room for one token per byte
        // plus the three one pass of the scanner's loop can add, which always suffices: every token starts
        // at a byte of its own.
        var stack: [Int32] = []
        swap(&stack, &self.stack)
        defer { swap(&stack, &self.stack) }
        let maxDepth = self.maxDepth
        var complete = false
        try self.tokens.append(addingCapacity: payload.count / 4 + 16) { (out) throws(DecodeError) in
            complete = try Scanner.scan(payload.span, into: &out, stack: &stack, maxDepth: maxDepth)
        }
        if complete { return }
        self.tokens.removeAll(keepingCapacity: true)
        stack.removeAll(keepingCapacity: true)
        try self.tokens.append(addingCapacity: payload.count + 3) { (out) throws(DecodeError) in
            complete = try Scanner.scan(payload.span, into: &out, stack: &stack, maxDepth: maxDepth)
        }
        precondition(complete, "JSONTape: one token per byte plus three is always room enough")
    }

    /// The tape's one pass over a payload, writing tokens into reserved storage.
    private enum Scanner {
        /// Scans `bytes` onto `out`; `false` when `out` ran short of room (the tape is then incomplete and
        /// must be scanned again with more).
        static func scan(
            _ bytes: Span<UInt8>, into out: inout OutputSpan<JSONToken>, stack: inout [Int32], maxDepth: Int
        ) throws(DecodeError) -> Bool {
            let n = bytes.count
            var i = 0
            while true {
                // One pass of this loop appends at most three tokens: a container and its first key, or a
                // value, then the key after a comma.
                guard out.freeCapacity >= 3 else { return false }
                // Expect a value.
                i = skipWhitespace(bytes, i)
                guard i < n else { throw JSONTape.truncated }
                let c = bytes[i]
                var opened = false
                switch c {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard stack.count < maxDepth else {
                        throw DecodeError(.tooDeep, detail: "nesting deeper than \(maxDepth) levels")
                    }
                    let isObject = c == UInt8(ascii: "{")
                    let index = Int32(out.count)
                    out.append(JSONToken(kind: isObject ? .object : .array, flags: 0, start: Int32(i), end: 0, next: 0))
                    stack.append(index)
                    i = skipWhitespace(bytes, i + 1)
                    guard i < n else { throw JSONTape.truncated }
                    if bytes[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                        close(at: i, &out, &stack)
                        i += 1
                    } else {
                        if isObject { i = try scanKey(bytes, i, &out) }
                        opened = true
                    }
                case UInt8(ascii: "\""):
                    let (end, flags) = try JSONTape.scanString(bytes, i)
                    append(JSONToken(kind: .string, flags: flags, start: Int32(i + 1), end: Int32(end), next: 0), &out)
                    i = end + 1
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    let (end, flags) = try JSONTape.scanNumber(bytes, i)
                    append(JSONToken(kind: .number, flags: flags, start: Int32(i), end: Int32(end), next: 0), &out)
                    i = end
                case UInt8(ascii: "t"):
                    i = try scanLiteral(bytes, i, kind: .bool, flags: JSONToken.isTrue, &out)
                case UInt8(ascii: "f"):
                    i = try scanLiteral(bytes, i, kind: .bool, flags: 0, &out)
                case UInt8(ascii: "n"):
                    i = try scanLiteral(bytes, i, kind: .null, flags: 0, &out)
                default:
                    throw DecodeError(.notJSON, detail: "unexpected byte at offset \(i)")
                }
                if opened { continue }

                // After a value: a separator, a closing bracket, or the end.
                while true {
                    i = skipWhitespace(bytes, i)
                    guard let top = stack.last else {
                        guard i == n else { throw DecodeError(.notJSON, detail: "trailing bytes at offset \(i)") }
                        return true
                    }
                    guard i < n else { throw JSONTape.truncated }
                    let c = bytes[i]
                    let isObject = out[Int(top)].kind == .object
                    if c == UInt8(ascii: ",") {
                        i += 1
                        if isObject {
                            i = skipWhitespace(bytes, i)
                            i = try scanKey(bytes, i, &out)
                        }
                        break
                    }
                    guard c == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                        throw DecodeError(.notJSON, detail: "expected ',' or a closing bracket at offset \(i)")
                    }
                    close(at: i, &out, &stack)
                    i += 1
                }
            }
        }

        /// Closes the innermost container whose closing bracket is at `i`.
        private static func close(at i: Int, _ out: inout OutputSpan<JSONToken>, _ stack: inout [Int32]) {
            let top = Int(stack.removeLast())
            out[top].end = Int32(i + 1)
            out[top].next = Int32(out.count)
        }

        /// Scans `"key"` `:` starting at the quote; returns the offset after the colon.
        @inline(__always)
        private static func scanKey(
            _ bytes: Span<UInt8>, _ start: Int, _ out: inout OutputSpan<JSONToken>
        ) throws(DecodeError) -> Int {
            guard start < bytes.count else { throw JSONTape.truncated }
            guard bytes[start] == UInt8(ascii: "\"") else {
                throw DecodeError(.notJSON, detail: "expected a string key at offset \(start)")
            }
            let (end, flags) = try JSONTape.scanString(bytes, start)
            append(JSONToken(kind: .string, flags: flags, start: Int32(start + 1), end: Int32(end), next: 0), &out)
            let i = skipWhitespace(bytes, end + 1)
            guard i < bytes.count else { throw JSONTape.truncated }
            guard bytes[i] == UInt8(ascii: ":") else {
                throw DecodeError(.notJSON, detail: "expected ':' at offset \(i)")
            }
            return i + 1
        }

        @inline(__always)
        private static func skipWhitespace(_ bytes: Span<UInt8>, _ start: Int) -> Int {
            var i = start
            while i < bytes.count {
                switch bytes[i] {
                case 0x20, 0x0A, 0x0D, 0x09: i += 1
                default: return i
                }
            }
            return i
        }

        private static func scanLiteral(
            _ bytes: Span<UInt8>, _ start: Int, kind: JSONKind, flags: UInt8, _ out: inout OutputSpan<JSONToken>
        ) throws(DecodeError) -> Int {
            // The first byte was matched by the caller ('t', 'f' or 'n').
            let length = kind == .bool && flags == 0 ? 5 : 4
            guard start + length <= bytes.count else { throw JSONTape.truncated }
            let ok: Bool =
                switch (kind, length) {
                case (.null, _):
                    bytes[start + 1] == 0x75 && bytes[start + 2] == 0x6C && bytes[start + 3] == 0x6C
                case (_, 4):
                    bytes[start + 1] == 0x72 && bytes[start + 2] == 0x75 && bytes[start + 3] == 0x65
                default:
                    bytes[start + 1] == 0x61 && bytes[start + 2] == 0x6C && bytes[start + 3] == 0x73
                        && bytes[start + 4] == 0x65
                }
            guard ok else { throw DecodeError(.notJSON, detail: "invalid literal at offset \(start)") }
            let end = start + length
            append(JSONToken(kind: kind, flags: flags, start: Int32(start), end: Int32(end), next: 0), &out)
            return end
        }

        /// Appends a scalar token (its `next` is the following index).
        @inline(__always)
        private static func append(_ token: JSONToken, _ out: inout OutputSpan<JSONToken>) {
            var token = token
            token.next = Int32(out.count + 1)
            out.append(token)
        }
    }

    static var truncated: DecodeError { DecodeError(.notJSON, detail: "truncated") }
}
