extension DecodeOutput {
    /// Appends an identifier reading of `base`'s tag (``Reading/becomeIdentifier(scheme:value:)``):
    /// `hex`, hex digits of either case, stored as its bytes.
    ///
    /// - Parameters:
    ///   - field: the field's path, for the reason recorded when the value cannot be stored.
    /// - Returns: `false` (nothing appended, the reason recorded in ``nulled`` as `wrongType`) when `hex`
    ///   is not hex digits of whole bytes. It cannot be too long: a ``TagID`` holds at most 64 digits,
    ///   ``TagIdentifierScheme/maximumBytes`` bytes; a longer text was refused as `idTooLong` when read.
    @discardableResult
    mutating func appendIdentifier(_ base: Reading, scheme: MetricName, hex: TagID, field: @autoclosure () -> String)
        -> Bool
    {
        var value = ZoneName()
        var valid = !hex.isEmpty && hex.count % 2 == 0
        hex.withUTF8Span { digits in
            var i = 0
            while valid && i + 1 < digits.count {
                if let hi = hexValue(digits[i]), let lo = hexValue(digits[i + 1]) {
                    valid = value.append(hi << 4 | lo)
                } else {
                    valid = false
                }
                i += 2
            }
        }
        guard valid else {
            self.nulled.append(DecodeError(.wrongType, field: field(), detail: "is not hex digits of whole bytes"))
            return false
        }
        self.readings.append(base)
        self.readings[self.readings.count - 1].becomeIdentifier(scheme: scheme, value: value)
        return true
    }
}
