/// Reads the `/`-separated segments of an MQTT topic without splitting it into an array.
struct TopicSegments {
    let topic: String

    /// The segment at `index` (0-based), or `nil`.
    func segment(_ index: Int) -> Substring.UTF8View? {
        var current = 0
        var start = self.topic.utf8.startIndex
        var i = start
        let utf8 = self.topic.utf8
        while i < utf8.endIndex {
            if utf8[i] == UInt8(ascii: "/") {
                if current == index { return Substring(self.topic)[start..<i].utf8 }
                current += 1
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        return current == index ? Substring(self.topic)[start..<utf8.endIndex].utf8 : nil
    }

    /// Number of segments.
    var count: Int { self.topic.utf8.reduce(1) { $0 + ($1 == UInt8(ascii: "/") ? 1 : 0) } }

    /// The segment at `index` counted from the end (0 = last), or `nil`.
    func fromEnd(_ index: Int) -> Substring.UTF8View? {
        let n = self.count
        return index < n ? self.segment(n - 1 - index) : nil
    }

    /// Everything after the first `n` segments (`zigbee2mqtt/kitchen/fridge` after 1 → `kitchen/fridge`).
    func dropping(_ n: Int) -> Substring.UTF8View? {
        var seen = 0
        let utf8 = self.topic.utf8
        var i = utf8.startIndex
        if n == 0 { return Substring(self.topic).utf8 }
        while i < utf8.endIndex {
            if utf8[i] == UInt8(ascii: "/") {
                seen += 1
                if seen == n { return Substring(self.topic)[utf8.index(after: i)...].utf8 }
            }
            i = utf8.index(after: i)
        }
        return nil
    }

    /// `true` when segment `index` equals `literal`.
    func segment(_ index: Int, is literal: String) -> Bool {
        guard let s = self.segment(index) else { return false }
        return s.elementsEqual(literal.utf8)
    }
}
