/// Runs `KernelProgram`s in Swift: numexpr's block interpreter. For each block of about 1024
/// elements every instruction runs as one tight, vectorizable loop over block registers that
/// stay in L1; contiguous inputs are read in place, broadcast scalars are splatted once, strided
/// inputs are gathered; instructions that produce an output write straight into it.
///
/// The iteration space is split into chunks whose boundaries depend only on the size, never on
/// the thread count, so every result is bitwise the same with 1, 2 or 64 threads.
package enum BlockVM {
    /// Elements per block: registers of all types fit L1 for typical programs.
    package static let blockSize = 1024
    /// Elements per block of an elementwise program of several instructions whose arrays come
    /// from memory. Such a program reads its inputs in its first passes over a block and writes
    /// its outputs in its last: in shorter blocks the two memory streams alternate sooner and
    /// overlap more (measured, 1e7 float32 on 1 thread: see docs/performance.md). A one-pass
    /// program streams both at once and keeps `blockSize`, and so does a program whose arrays
    /// fit `cacheResidentBytes`.
    package static let multiPassBlockSize = 256
    /// Bytes of arrays (inputs read and outputs written) up to which a program of several
    /// instructions keeps `blockSize`: its arrays stay in the last-level cache, so no memory
    /// stream waits and the per-block cost of every instruction's dispatch is what a shorter
    /// block adds (poly 1e6 float32, 12 MB: 650 -> 460 µs in blocks of 1024, and Adam's update
    /// of 200704 float32 parameters, 5.6 MB: 197 -> 172 µs; trig 1e6 float64, 24 MB, and every
    /// case at 1e7 stay faster in blocks of 256). Half of a 32 MiB L3 (one Zen 4 CCD), a
    /// constant: `sysconf` reports the whole host's L3 inside a virtual machine.
    package static let cacheResidentBytes = 16 << 20
    /// Elements per chunk (the unit of parallel work): a multiple of both block sizes.
    package static let chunkSize = 16 * blockSize

    /// Runs `program` over the buffers `buffers` (indexed by slot) with up to `threads` threads.
    package static func run(_ program: PreparedProgram, buffers: [UnsafeMutableRawPointer], threads: Int) {
        if let reduction = program.program.reduction {
            runReduction(program, reduction: reduction, buffers: buffers, threads: threads)
            return
        }
        if !program.regions.isEmpty {
            for region in program.regions { run(region, buffers: buffers, threads: threads) }
            return
        }
        let total = program.count
        guard total > 0 else { return }
        let chunks = (total + chunkSize - 1) / chunkSize
        let workers = min(max(threads, 1), chunks, program.worthwhileThreads)
        let context = SendableContext(program: program, buffers: buffers)
        SharedWork.forEachRange(count: chunks, workers: workers) { context.runChunks($0) }
    }
}

/// What one run shares with its worker threads: raw buffer pointers, which Swift 6 will not let
/// a `@Sendable` closure capture directly. The workers only read it.
struct SendableContext: @unchecked Sendable {
    let program: PreparedProgram
    let buffers: [UnsafeMutableRawPointer]

    func runChunks(_ chunkRange: Range<Int>) {
        guard !chunkRange.isEmpty else { return }
        let scratch = ScratchArena.take(bytes: program.scratchBytes)
        defer { ScratchArena.give(scratch) }
        var pointers = program.fixedPointers(scratch: scratch.base)
        program.splat(pointers: pointers, buffers: buffers)
        let total = program.count
        var start = chunkRange.lowerBound * BlockVM.chunkSize
        let end = min(chunkRange.upperBound * BlockVM.chunkSize, total)
        while start < end {
            let count = min(program.blockElements, end - start)
            program.runBlock(start: start, count: count, buffers: buffers, pointers: &pointers)
            start += count
        }
    }
}

/// Reusable 64-byte aligned scratch memory for worker threads (block registers, splatted
/// constants, gathered inputs), so a kernel run allocates nothing once warm.
struct ScratchArena {
    let base: UnsafeMutableRawPointer
    let byteCount: Int

    /// Arenas not in use, shared by every evaluation in the process (concurrent ones too).
    private static let free = Locked<[ScratchArena]>([])

    static func take(bytes: Int) -> ScratchArena {
        let reused = free.withLock { free -> ScratchArena? in
            guard let index = free.firstIndex(where: { $0.byteCount >= bytes }) else { return nil }
            return free.remove(at: index)
        }
        return reused ?? ScratchArena(base: .allocate(byteCount: max(bytes, 64), alignment: 64), byteCount: max(bytes, 64))
    }

    static func give(_ arena: ScratchArena) {
        free.withLock { $0.append(arena) }
    }
}
