#if canImport(Darwin)
import Darwin
#else
import Foundation
#endif

/// The process's resident set size, for the `train_memory` run: memory that stays flat over a
/// million training steps shows that every step's graph is freed.
enum ResidentMemory {
    /// Resident bytes now: Linux `/proc/self/statm` (its second field, in pages); macOS
    /// `task_info(MACH_TASK_BASIC_INFO)`. Nil where neither answers.
    static func bytes() -> Int? {
        #if canImport(Darwin)
        var info = mach_task_basic_info()
        var count = mach_msg_type_number_t(MemoryLayout<mach_task_basic_info>.size / MemoryLayout<natural_t>.size)
        let status = withUnsafeMutablePointer(to: &info) {
            $0.withMemoryRebound(to: integer_t.self, capacity: Int(count)) {
                task_info(mach_task_self_, task_flavor_t(MACH_TASK_BASIC_INFO), $0, &count)
            }
        }
        return status == KERN_SUCCESS ? Int(info.resident_size) : nil
        #else
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        #endif
    }
}
