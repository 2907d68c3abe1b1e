@testable import RTLSMQTT
import Testing

@Suite struct TopicInternerTests {
    @Test func sameBytesGiveEqualStringsAndReusedBufferIsNotShared() {
        var interner = TopicInterner(capacity: 4)
        var buffer: [UInt8] = Array("site1/ble/gw-01/adv".utf8)
        let first = interner.intern(buffer)
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: "site1/ble/gw-02/adv".utf8)
        let second = interner.intern(buffer)
        #expect(first == "site1/ble/gw-01/adv")
        #expect(second == "site1/ble/gw-02/adv")
        #expect(interner.intern(Array("site1/ble/gw-01/adv".utf8)) == first)
    }

    @Test func overflowStartsOverAndStillAnswers() {
        var interner = TopicInterner(capacity: 2)
        for i in 0..<10 {
            #expect(interner.intern(Array("t/\(i)".utf8)) == "t/\(i)")
        }
    }
}
