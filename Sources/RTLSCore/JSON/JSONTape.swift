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
        try self.scan(payload.span)
    }

    // MARK: - Scanner

    private mutating func scan(_ bytes: Span<UInt8>) throws(DecodeError) {
        let n = bytes.count
        var i = 0
        while true {
            // Expect a value.
            i = Self.skipWhitespace(bytes, i)
            guard i < n else { throw Self.truncated }
            let c = bytes[i]
            var opened = false
            switch c {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard self.stack.count < self.maxDepth else {
                    throw DecodeError(.tooDeep, detail: "nesting deeper than \(self.maxDepth) levels")
                }
                let isObject = c == UInt8(ascii: "{")
                let index = Int32(self.tokens.count)
                self.tokens.append(
                    JSONToken(kind: isObject ? .object : .array, flags: 0, start: Int32(i), end: 0, next: 0))
                self.stack.append(index)
                i = Self.skipWhitespace(bytes, i + 1)
                guard i < n else { throw Self.truncated }
                if bytes[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    self.close(at: i)
                    i += 1
                } else {
                    if isObject { i = try self.scanKey(bytes, i) }
                    opened = true
                }
            case UInt8(ascii: "\""):
                let (end, flags) = try Self.scanString(bytes, i)
                self.append(JSONToken(kind: .string, flags: flags, start: Int32(i + 1), end: Int32(end), next: 0))
                i = end + 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (end, flags) = try Self.scanNumber(bytes, i)
                self.append(JSONToken(kind: .number, flags: flags, start: Int32(i), end: Int32(end), next: 0))
                i = end
            case UInt8(ascii: "t"):
                i = try self.scanLiteral(bytes, i, kind: .bool, flags: JSONToken.isTrue)
            case UInt8(ascii: "f"):
                i = try self.scanLiteral(bytes, i, kind: .bool, flags: 0)
            case UInt8(ascii: "n"):
                i = try self.scanLiteral(bytes, i, kind: .null, flags: 0)
            default:
                throw DecodeError(.notJSON, detail: "unexpected byte at offset \(i)")
            }
            if opened { continue }

            // After a value: a separator, a closing bracket, or the end.
            while true {
                i = Self.skipWhitespace(bytes, i)
                guard let top = self.stack.last else {
                    guard i == n else { throw DecodeError(.notJSON, detail: "trailing bytes at offset \(i)") }
                    return
                }
                guard i < n else { throw Self.truncated }
                let c = bytes[i]
                let isObject = self.tokens[Int(top)].kind == .object
                if c == UInt8(ascii: ",") {
                    i += 1
                    if isObject {
                        i = Self.skipWhitespace(bytes, i)
                        i = try self.scanKey(bytes, i)
                    }
                    break
                }
                guard c == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    throw DecodeError(.notJSON, detail: "expected ',' or a closing bracket at offset \(i)")
                }
                self.close(at: i)
                i += 1
            }
        }
    }

    static var truncated: DecodeError { DecodeError(.notJSON, detail: "truncated") }

    /// Closes the innermost container whose closing bracket is at `i`.
    private mutating func close(at i: Int) {
        let top = Int(self.stack.removeLast())
        self.tokens[top].end = Int32(i + 1)
        self.tokens[top].next = Int32(self.tokens.count)
    }

    /// Scans `"key"` `:` starting at the quote; returns the offset after the colon.
    @inline(__always)
    private mutating func scanKey(_ bytes: Span<UInt8>, _ start: Int) throws(DecodeError) -> Int {
        guard start < bytes.count else { throw Self.truncated }
        guard bytes[start] == UInt8(ascii: "\"") else {
            throw DecodeError(.notJSON, detail: "expected a string key at offset \(start)")
        }
        let (end, flags) = try Self.scanString(bytes, start)
        self.append(JSONToken(kind: .string, flags: flags, start: Int32(start + 1), end: Int32(end), next: 0))
        let i = Self.skipWhitespace(bytes, end + 1)
        guard i < bytes.count else { throw Self.truncated }
        guard bytes[i] == UInt8(ascii: ":") else { throw DecodeError(.notJSON, detail: "expected ':' at offset \(i)") }
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

    private mutating func scanLiteral(
        _ bytes: Span<UInt8>, _ start: Int, kind: JSONKind, flags: UInt8
    ) throws(DecodeError) -> Int {
        // The first byte was matched by the caller ('t', 'f' or 'n').
        let length = kind == .bool && flags == 0 ? 5 : 4
        guard start + length <= bytes.count else { throw Self.truncated }
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
        self.append(JSONToken(kind: kind, flags: flags, start: Int32(start), end: Int32(end), next: 0))
        return end
    }

    /// Appends a scalar token (its `next` is the following index).
    @inline(__always)
    mutating func append(_ token: JSONToken) {
        var token = token
        token.next = Int32(self.tokens.count + 1)
        self.tokens.append(token)
    }
}
