extension DecodeOutput {
    /// Parses `payload` on the reused tape and calls `body` with the tape and this output.
    ///
    /// The tape is moved out of the output for the call (and back afterwards), so the decoder reads it
    /// without copying it (no reference counting per message) while it appends to the output.
    ///
    /// - Throws: The parser's `DecodeError`, or whatever `body` throws.
    mutating func withParsed(
        _ payload: [UInt8], _ body: (borrowing JSONTape, inout DecodeOutput) throws(DecodeError) -> Void
    ) throws(DecodeError) {
        var tape = JSONTape(reserving: false)
        swap(&tape, &self.tape)
        defer { swap(&tape, &self.tape) }
        try tape.parse(payload)
        try body(tape, &self)
    }
}
