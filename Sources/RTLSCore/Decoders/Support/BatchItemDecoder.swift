/// A decoder whose payload is one item object or an array of them, each decoded on its own (a bad
/// array item is rejected and counted, the rest kept; see ``BatchWalker``). It writes ``item(_:_:_:_:)``
/// and gets ``ReadingDecoder/decode(topic:payload:context:into:)`` from here.
protocol BatchItemDecoder: ReadingDecoder {
    /// Decodes one item object, appending its readings (and metric rows) to `output`.
    static func item(
        _ tape: borrowing JSONTape, _ item: JSONValue, _ context: DecodeContext, _ output: inout DecodeOutput
    ) throws(DecodeError)
}

extension BatchItemDecoder {
    /// Parses the payload and decodes its item or items.
    ///
    /// - Throws: `DecodeError` when the message as a whole is unusable (not JSON, not an object or
    ///   array, an empty array, or a single item's own error).
    public func decode(topic: String, payload: [UInt8], context: DecodeContext, into output: inout DecodeOutput)
        throws(DecodeError)
    {
        try output.withParsed(payload) { (tape, output) throws(DecodeError) in
            try BatchWalker.each(tape, into: &output) { (tape, item, output) throws(DecodeError) in
                try Self.item(tape, item, context, &output)
            }
        }
    }
}
