/// An MQTT topic filter whose single-level wildcards may be named to capture a segment:
/// `site1/rfid/+gateway/events` subscribes as `site1/rfid/+/events` and puts the third segment in
/// the reading's gateway. Names understood: `+gateway`, `+zone`, `+tag`; a bare `+` captures nothing.
public struct TopicPattern: Sendable, Hashable, CustomStringConvertible {
    /// What a named wildcard captures.
    public enum Capture: Sendable, Hashable {
        case gateway, zone, tag
    }

    enum Segment: Sendable, Hashable {
        case literal(String)
        case single(Capture?)
        case multi
    }

    /// The pattern as written in the config.
    public let pattern: String
    let segments: [Segment]
    /// The clock of the gateways publishing on this pattern's topics, for formats that send local
    /// time without an offset (Tasmota): ``match(_:capturing:)`` hands it to the decoder in
    /// ``DecodeContext/localTimeZone`` with the captures. `nil`: the route's fixed
    /// ``DecodeContext/gatewayUTCOffsetSeconds`` applies. The daemon sets it from the route's
    /// `utc_offset` or the site's `[facility] timezone`.
    public var localTimeZone: LocalTimeZone?

    /// Parses a pattern.
    /// - Throws: `TopicPatternError` naming the bad segment.
    public init(_ pattern: String) throws(TopicPatternError) {
        guard !pattern.isEmpty else { throw TopicPatternError(pattern: pattern, reason: "is empty") }
        var segments: [Segment] = []
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            if part == "#" {
                guard index == parts.count - 1 else {
                    throw TopicPatternError(pattern: pattern, reason: "'#' must be the last segment")
                }
                segments.append(.multi)
            } else if part.first == "+" {
                switch part.dropFirst() {
                case "": segments.append(.single(nil))
                case "gateway": segments.append(.single(.gateway))
                case "zone": segments.append(.single(.zone))
                case "tag": segments.append(.single(.tag))
                default:
                    throw TopicPatternError(
                        pattern: pattern, reason: "'\(part)' is not a known capture (use +, +gateway, +zone or +tag)")
                }
            } else {
                if part.contains("+") || part.contains("#") {
                    throw TopicPatternError(pattern: pattern, reason: "wildcards must fill a whole segment ('\(part)')")
                }
                segments.append(.literal(String(part)))
            }
        }
        self.pattern = pattern
        self.segments = segments
    }

    /// The filter to subscribe with: named wildcards become plain `+`.
    public var subscriptionFilter: String {
        self.segments.map { segment -> String in
            switch segment {
            case .literal(let s): s
            case .single: "+"
            case .multi: "#"
            }
        }.joined(separator: "/")
    }

    public var description: String { self.pattern }

    /// Matches a concrete topic; on success fills the context's captures and returns `true`. A
    /// segment that cannot be captured (longer than rtlsd stores, or holding a control or bidi
    /// character) is left empty and its reason set in `context.captureProblem`.
    public func match(_ topic: String, capturing context: inout DecodeContext) -> Bool {
        context.captureProblem = nil
        context.localTimeZone = self.localTimeZone
        var iterator = topic.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .makeIterator()
        for segment in self.segments {
            switch segment {
            case .multi:
                return true
            case .literal(let literal):
                guard let part = iterator.next(), part.elementsEqual(literal.utf8) else { return false }
            case .single(let capture):
                guard let part = iterator.next() else { return false }
                let text = String(decoding: part, as: UTF8.self)
                switch capture {
                case .none: break
                case .gateway: context.topicGateway = Self.capture(text, "+gateway", &context) ?? GatewayID()
                case .zone: context.topicZone = Self.capture(text, "+zone", &context) ?? ZoneName()
                case .tag: context.topicTag = Self.capture(text, "+tag", &context) ?? TagID()
                }
            }
        }
        return iterator.next() == nil
    }

    private static func capture<let capacity: Int>(
        _ text: String, _ name: String, _ context: inout DecodeContext
    ) -> InlineString<capacity>? {
        if UntrustedText.containsUnsafe(text.utf8.span) {
            context.captureProblem = DecodeError(
                .controlCharacter, field: "topic \(name)", detail: "holds a control or bidi character")
            return nil
        }
        guard let value = InlineString<capacity>(text) else {
            context.captureProblem = DecodeError(
                .idTooLong, field: "topic \(name)",
                detail: "is \(text.utf8.count) bytes, longer than the \(capacity) bytes rtlsd stores")
            return nil
        }
        return value
    }
}

/// A topic pattern in the config that cannot be used.
public struct TopicPatternError: Error, Sendable, CustomStringConvertible {
    /// The pattern as written.
    public var pattern: String
    /// What is wrong with it.
    public var reason: String
    public var description: String { "topic pattern \"\(self.pattern)\" \(self.reason)" }
}
