import Foundation
import RTLSSystemd
import Synchronization
import Testing

@Suite struct ThreadPriorityTests {
    /// Lowering a thread's priority changes that thread only: the storage threads must not take the
    /// MQTT thread (or the rest of the process) down with them.
    @Test func lowersOnlyTheCallingThread() throws {
        let mine = ThreadPriority.currentNice
        let seen = Mutex<(before: Int32, after: Int32, error: String?)>((0, 0, nil))
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let before = ThreadPriority.currentNice
            do {
                let after = try ThreadPriority.lowerCurrentThread(by: 3)
                seen.withLock { $0 = (before, after, nil) }
            } catch {
                seen.withLock { $0 = (before, before, "\(error)") }
            }
            done.signal()
        }
        thread.start()
        done.wait()
        let result = seen.withLock { $0 }
        #expect(result.error == nil)
        #expect(result.after == min(19, result.before + 3))
        #expect(ThreadPriority.currentNice == mine)
    }

    /// Nice values stop at 19; asking for more is not an error.
    @Test func capsAtNineteen() throws {
        let seen = Mutex<Int32>(-100)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let after = try? ThreadPriority.lowerCurrentThread(by: 40)
            seen.withLock { $0 = after ?? -1 }
            done.signal()
        }
        thread.start()
        done.wait()
        #expect(seen.withLock { $0 } == 19)
    }
}
