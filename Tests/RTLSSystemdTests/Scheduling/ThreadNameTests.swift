import Foundation
import RTLSSystemd
import Synchronization
import Testing

@Suite struct ThreadNameTests {
    /// The name reaches the kernel (what `top -H` shows), cut at Linux's 15 bytes.
    @Test(arguments: [("rtlsd-writer", "rtlsd-writer"), ("rtlsd-maintenance", "rtlsd-maintenan")])
    func namesTheCallingThread(name: String, shown: String) throws {
        let seen = Mutex<(ok: Bool, comm: String)>((false, ""))
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let ok = ThreadName.setCurrent(name)
            let comm = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
            seen.withLock { $0 = (ok, comm.trimmingCharacters(in: .newlines)) }
            done.signal()
        }
        thread.start()
        done.wait()
        let result = seen.withLock { $0 }
        #expect(result.ok)
        #expect(result.comm == shown)
    }
}
