import Testing

@testable import RTLSCore

@Suite struct TagTableTests {
    @Test func findsEveryTagAcrossGrowthAndMissesOthers() {
        var table = TagTable(minimumCapacity: 4)
        var tags: [TagID] = []
        for i in 0..<5000 {
            let tag = TagID("tag-\(i)") ?? TagID()
            tags.append(tag)
            let seed = table.seed
            let known = tags
            table.insert(table.hash(tag), index: Int32(i)) { TagTable.hash(known[Int($0)], seed: seed) }
        }
        #expect(table.count == 5000)
        for (i, tag) in tags.enumerated() {
            #expect(table.find(table.hash(tag)) { tags[Int($0)] == tag } == Int32(i))
        }
        #expect(table.find(table.hash("tag-x")) { tags[Int($0)] == "tag-x" } == nil)
    }
}
