/// Parses the timestamps gateways send: RFC 3339 text and Unix epoch numbers.
///
/// Epoch values are told apart by magnitude, a rule that holds for every date between 1973 and 5138:
///
/// | absolute value        | unit          |
/// |-----------------------|---------------|
/// | below 10^11           | seconds       |
/// | below 10^14           | milliseconds  |
/// | below 10^17           | microseconds  |
/// | 10^17 and above       | nanoseconds   |
///
/// Negative epochs are rejected. Fractions of a microsecond are truncated.
enum TimestampParser {
    /// Converts an epoch number in any unit (by magnitude) to a timestamp, or `nil` if negative or absurd.
    static func epoch(_ value: Double) -> Timestamp? {
        guard value.isFinite, value >= 0, value < 9.2e18 else { return nil }
        let micros: Double =
            if value < 1e11 { value * 1_000_000 }
            else if value < 1e14 { value * 1000 }
            else if value < 1e17 { value }
            else { value / 1000 }
        return Timestamp(microseconds: Int64(micros.rounded(.towardZero)))
    }

    /// Converts an integer epoch in any unit (by magnitude) exactly, or `nil` if negative.
    static func epoch(integer value: Int64) -> Timestamp? {
        guard value >= 0 else { return nil }
        if value < 100_000_000_000 { return Timestamp(microseconds: value * 1_000_000) }
        if value < 100_000_000_000_000 { return Timestamp(microseconds: value * 1000) }
        if value < 100_000_000_000_000_000 { return Timestamp(microseconds: value) }
        return Timestamp(microseconds: value / 1000)
    }

    /// Parses RFC 3339 (`2026-11-23T12:00:00.123456789+02:00`) from `bytes[range]`.
    ///
    /// Accepts `T`, `t` or a space between date and time, any number of fraction digits, `Z`/`z`,
    /// `±HH:MM` or `±HHMM`. Without an offset the text is read as local time in `localTimeZone`
    /// (the occurrence nearer `near` when the wall-clock time is ambiguous), else
    /// `defaultUTCOffsetSeconds` east of UTC when one is given (Tasmota), else rejected. A leap
    /// second (`:60`) reads as `:59`.
    ///
    /// - Returns: The timestamp, or `nil` when the text is not a valid date-time.
    static func rfc3339(
        _ bytes: Span<UInt8>, _ range: Range<Int>, defaultUTCOffsetSeconds: Int32? = nil,
        localTimeZone: LocalTimeZone? = nil, near: Timestamp = Timestamp(microseconds: 0)
    ) -> Timestamp? {
        let end = range.upperBound
        let i0 = range.lowerBound
        // Fixed layout first: YYYY-MM-DD?HH:MM:SS (19 bytes).
        guard end - i0 >= 19, let year = Self.digits(bytes, i0, 4), bytes[i0 + 4] == UInt8(ascii: "-"),
            let month = Self.digits(bytes, i0 + 5, 2), bytes[i0 + 7] == UInt8(ascii: "-"),
            let day = Self.digits(bytes, i0 + 8, 2), (1...12).contains(month),
            day >= 1, day <= CivilCalendar.daysInMonth(year: year, month: month)
        else { return nil }
        let separator = bytes[i0 + 10]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == 0x20,
            let hour = Self.digits(bytes, i0 + 11, 2), bytes[i0 + 13] == UInt8(ascii: ":"),
            let minute = Self.digits(bytes, i0 + 14, 2), bytes[i0 + 16] == UInt8(ascii: ":"),
            let second = Self.digits(bytes, i0 + 17, 2), hour < 24, minute < 60, second <= 60
        else { return nil }
        var i = i0 + 19
        var micros = 0
        if i < end && bytes[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < end && isDigit(bytes[i]) {
                if digits < 6 { micros = micros * 10 + Int(bytes[i] &- UInt8(ascii: "0")) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 6)..<6 { micros *= 10 }
        }
        let offset: Int?
        if i == end {
            guard localTimeZone != nil || defaultUTCOffsetSeconds != nil else { return nil }
            offset = localTimeZone == nil ? defaultUTCOffsetSeconds.map { Int($0) } : nil
        } else if bytes[i] == UInt8(ascii: "Z") || bytes[i] == UInt8(ascii: "z") {
            i += 1
            offset = 0
        } else if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            let sign = bytes[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard i + 2 <= end, let oh = Self.digits(bytes, i, 2) else { return nil }
            i += 2
            if i < end && bytes[i] == UInt8(ascii: ":") { i += 1 }
            guard i + 2 <= end, let om = Self.digits(bytes, i, 2), oh < 24, om < 60 else { return nil }
            i += 2
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard i == end else { return nil }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let local = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59)
        let seconds =
            if let offset { local - offset } else {
                Int(localTimeZone?.utc(fromLocal: Int64(local), near: near.microseconds / 1_000_000) ?? Int64(local))
            }
        return Timestamp(microseconds: Int64(seconds) * 1_000_000 + Int64(micros))
    }

    /// `count` decimal digits at `start` as a number, or `nil` when one is not a digit.
    @inline(__always)
    private static func digits(_ bytes: Span<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var v = 0
        for k in start..<(start + count) {
            let d = bytes[k] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            v = v * 10 + Int(d)
        }
        return v
    }

    /// Parses a numeric string (`"1700000000"`, `"1700000000.25"`) as an epoch by magnitude.
    static func epochText(_ bytes: Span<UInt8>, _ range: Range<Int>) -> Timestamp? {
        guard !range.isEmpty else { return nil }
        var sawDot = false
        for k in range {
            if bytes[k] == UInt8(ascii: ".") {
                guard !sawDot, k != range.lowerBound, k != range.upperBound - 1 else { return nil }
                sawDot = true
            } else if !isDigit(bytes[k]) {
                return nil
            }
        }
        if !sawDot {
            guard let v = JSONTape.integerValue(bytes, range.lowerBound, range.upperBound) else { return nil }
            return Self.epoch(integer: v)
        }
        return Self.epoch(JSONTape.doubleValue(bytes, range.lowerBound, range.upperBound))
    }
}
