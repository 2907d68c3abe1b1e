/// Number scanning (grammar only) and conversion (on demand).
extension JSONTape {
    /// Scans `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` starting at `start`.
    ///
    /// - Returns: The offset after the number and its flags (``JSONToken/integer``).
    @inline(__always)
    static func scanNumber(_ bytes: Span<UInt8>, _ start: Int) throws(DecodeError) -> (Int, UInt8) {
        let n = bytes.count
        var i = start
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < n else { throw Self.truncated }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else if isDigit(bytes[i]) {
            i += 1
            while i < n && isDigit(bytes[i]) { i += 1 }
        } else {
            throw DecodeError(.notJSON, detail: "invalid number at offset \(start)")
        }
        var flags = JSONToken.integer
        if i < n && bytes[i] == UInt8(ascii: ".") {
            flags = 0
            i += 1
            guard i < n else { throw Self.truncated }
            guard isDigit(bytes[i]) else { throw DecodeError(.notJSON, detail: "invalid number at offset \(start)") }
            while i < n && isDigit(bytes[i]) { i += 1 }
        }
        if i < n && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            flags = 0
            i += 1
            if i < n && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < n else { throw Self.truncated }
            guard isDigit(bytes[i]) else { throw DecodeError(.notJSON, detail: "invalid number at offset \(start)") }
            while i < n && isDigit(bytes[i]) { i += 1 }
        }
        return (i, flags)
    }

    /// Converts a scanned integer token exactly, or `nil` when it does not fit in `Int64`.
    static func integerValue(_ bytes: Span<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        var i = start
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var magnitude: UInt64 = 0
        if end - i <= 18 {
            // At most 18 digits: below 10^18, so neither the arithmetic nor the Int64 result can overflow.
            while i < end {
                magnitude = magnitude &* 10 &+ UInt64(bytes[i] &- UInt8(ascii: "0"))
                i += 1
            }
            return negative ? -Int64(magnitude) : Int64(magnitude)
        }
        while i < end {
            let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (m2, o2) = m1.addingReportingOverflow(UInt64(bytes[i] &- UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            magnitude = m2
            i += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// Converts a scanned number token to the nearest `Double` (may be infinite for huge exponents).
    ///
    /// Fast path (Clinger): up to 19 significant digits whose value is below 2^53 and a decimal
    /// exponent within ±22 give an exactly rounded result with one multiplication or division;
    /// anything else goes through the standard library's correctly rounded parser.
    static func doubleValue(_ bytes: Span<UInt8>, _ start: Int, _ end: Int) -> Double {
        var i = start
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        while i < end && isDigit(bytes[i]) {
            if mantissa != 0 || bytes[i] != UInt8(ascii: "0") { digits += 1 }
            mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- UInt8(ascii: "0"))
            i += 1
        }
        if i < end && bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < end && isDigit(bytes[i]) {
                if mantissa != 0 || bytes[i] != UInt8(ascii: "0") { digits += 1 }
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- UInt8(ascii: "0"))
                exponent -= 1
                i += 1
            }
        }
        if i < end {  // exponent part
            i += 1
            var expNegative = false
            if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var e = 0
            while i < end {
                if e < 100_000 { e = e * 10 + Int(bytes[i] &- UInt8(ascii: "0")) }
                i += 1
            }
            exponent += expNegative ? -e : e
        }
        if digits <= 19 && mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            var value = Double(mantissa)
            value = exponent < 0 ? value / powerOfTen(-exponent) : value * powerOfTen(exponent)
            return negative ? -value : value
        }
        if digits <= 19 && exponent >= -19 && exponent <= 19 {
            let value = Self.exactDouble(mantissa, exponent)
            return negative ? -value : value
        }
        var text = ""
        text.reserveCapacity(end - start)
        for k in start..<end { text.unicodeScalars.append(Unicode.Scalar(bytes[k])) }
        return Double(text) ?? .nan
    }
}

extension JSONTape {
    /// `mantissa` × 10^`exponent`, correctly rounded, for a mantissa of up to 19 digits (too wide for
    /// the Clinger path, e.g. `12.299999999999999`) and |exponent| ≤ 19, in 128-bit integer arithmetic.
    ///
    /// Multiplying is exact (< 2^128). Dividing, the mantissa is first shifted to the top of 128 bits so
    /// the quotient keeps ≥ 64 significant bits; a non-zero remainder is folded into its lowest bit (a
    /// sticky bit, far below the 53 bits kept), so the one rounding in `Double(_:)` is the correct one.
    static func exactDouble(_ mantissa: UInt64, _ exponent: Int) -> Double {
        guard mantissa != 0 else { return 0 }
        if exponent >= 0 {
            return Double(UInt128(mantissa) * UInt128(integerPowersOfTen[exponent]))
        }
        let shift = 64 + mantissa.leadingZeroBitCount
        let divisor = UInt128(integerPowersOfTen[-exponent])
        let (quotient, remainder) = (UInt128(mantissa) << shift).quotientAndRemainder(dividingBy: divisor)
        let sticky: UInt128 = remainder == 0 ? 0 : 1
        return Double(sign: .plus, exponent: -shift, significand: Double(quotient | sticky))
    }
}

/// 10^0 … 10^19, every power of ten that fits in a `UInt64`.
private let integerPowersOfTen: [UInt64] = {
    var powers: [UInt64] = [1]
    for _ in 1...19 { powers.append(powers[powers.count - 1] * 10) }
    return powers
}()

/// 10^`exponent` for 0…22, the exact powers of ten a `Double` represents. A switch (compiled to a table
/// in read-only data) rather than a global array, which costs a lazy-initialization check per access.
@inline(__always)
private func powerOfTen(_ exponent: Int) -> Double {
    switch exponent {
    case 0: 1e0
    case 1: 1e1
    case 2: 1e2
    case 3: 1e3
    case 4: 1e4
    case 5: 1e5
    case 6: 1e6
    case 7: 1e7
    case 8: 1e8
    case 9: 1e9
    case 10: 1e10
    case 11: 1e11
    case 12: 1e12
    case 13: 1e13
    case 14: 1e14
    case 15: 1e15
    case 16: 1e16
    case 17: 1e17
    case 18: 1e18
    case 19: 1e19
    case 20: 1e20
    case 21: 1e21
    case 22: 1e22
    default: .nan
    }
}

/// `true` for ASCII `0`…`9`.
@inline(__always)
func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }
