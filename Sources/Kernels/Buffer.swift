#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Raw, 64-byte aligned memory holding the elements of one or more arrays.
///
/// A buffer never changes size. Its memory comes from ``BufferPool`` and goes back there when
/// the last reference is dropped, so a loop that makes arrays of the same size reuses pages
/// that are already faulted in.
package final class Buffer: @unchecked Sendable {
    /// The start of the memory (64-byte aligned).
    package let base: UnsafeMutableRawPointer
    /// The usable size in bytes.
    package let byteCount: Int
    /// The size class the pool keeps this memory under.
    let capacity: Int

    /// A buffer of at least `byteCount` bytes, uninitialized.
    package init(byteCount: Int) {
        let (pointer, capacity) = BufferPool.shared.take(byteCount: byteCount)
        self.base = pointer
        self.byteCount = byteCount
        self.capacity = capacity
    }

    /// A buffer holding a copy of `bytes`.
    package convenience init(copying bytes: UnsafeRawBufferPointer) {
        self.init(byteCount: bytes.count)
        if let source = bytes.baseAddress, bytes.count > 0 {
            base.copyMemory(from: source, byteCount: bytes.count)
        }
    }

    deinit { BufferPool.shared.give(base, capacity: capacity) }

    /// The memory typed as `T`.
    @inline(__always)
    package func pointer<T>(as type: T.Type) -> UnsafeMutablePointer<T> {
        base.assumingMemoryBound(to: T.self)
    }
}

/// A cache of freed buffer memory by size class.
///
/// Fresh pages cost a page fault each (about 3 µs per 4 KiB here), which halves the bandwidth
/// of a kernel writing a new output; reusing freed memory of the same size class avoids that.
/// Large blocks ask the kernel for transparent huge pages.
package final class BufferPool: @unchecked Sendable {
    /// The process-wide pool.
    package static let shared = BufferPool()

    private let lock = Mutex()
    private var freeLists: [Int: [UnsafeMutableRawPointer]] = [:]
    /// Free lists of the power-of-two classes up to 64 KiB, by exponent: the buffers of small
    /// evaluations, found without hashing.
    private var smallFreeLists = [[UnsafeMutableRawPointer]](repeating: [], count: 17)
    private var cachedBytes = 0
    /// Freed memory kept for reuse at most (beyond it, memory goes back to the system).
    private let cacheLimit = 2 << 30
    private static let hugePage = 2 << 20
    /// The largest power-of-two size class.
    private static let smallLimit = 65536

    /// Memory of at least `byteCount` bytes, and the size class it belongs to.
    func take(byteCount: Int) -> (UnsafeMutableRawPointer, Int) {
        let capacity = Self.sizeClass(max(byteCount, 64))
        if let reused = lock.withLock({ () -> UnsafeMutableRawPointer? in
            let pointer = capacity <= Self.smallLimit
                ? smallFreeLists[capacity.trailingZeroBitCount].popLast()
                : freeLists[capacity]?.popLast()
            guard let pointer else { return nil }
            cachedBytes -= capacity
            return pointer
        }) {
            return (reused, capacity)
        }
        let alignment = capacity >= Self.hugePage ? Self.hugePage : 64
        var pointer: UnsafeMutableRawPointer?
        guard posix_memalign(&pointer, alignment, capacity) == 0, let pointer else {
            fatalError("[allocate] out of memory allocating \(capacity) bytes")
        }
        #if os(Linux)
        if capacity >= Self.hugePage { _ = madvise(pointer, capacity, 14 /* MADV_HUGEPAGE */) }
        #endif
        return (pointer, capacity)
    }

    /// Returns memory taken with `take` for reuse.
    func give(_ pointer: UnsafeMutableRawPointer, capacity: Int) {
        let kept = lock.withLock { () -> Bool in
            guard cachedBytes + capacity <= cacheLimit else { return false }
            if capacity <= Self.smallLimit {
                smallFreeLists[capacity.trailingZeroBitCount].append(pointer)
            } else {
                freeLists[capacity, default: []].append(pointer)
            }
            cachedBytes += capacity
            return true
        }
        if !kept { free(pointer) }
    }

    /// Size classes: powers of two below 64 KiB, then multiples of a quarter of the next power
    /// of two, so a reused block wastes at most 25% and sizes that recur land in one class.
    static func sizeClass(_ bytes: Int) -> Int {
        if bytes <= smallLimit { return 1 << (Int.bitWidth - (bytes - 1).leadingZeroBitCount) }
        let quarter = (1 << (Int.bitWidth - (bytes - 1).leadingZeroBitCount)) / 4
        return (bytes + quarter - 1) / quarter * quarter
    }
}
