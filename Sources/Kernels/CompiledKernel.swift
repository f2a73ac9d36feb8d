/// A kernel compiled by the OpenMP target and loaded into the process: the entry points of its
/// shared library (see `CKernelRenderer`). Libraries are never unloaded (a kernel may be run
/// again at any time; a few kilobytes each).
package struct CompiledKernel: @unchecked Sendable {
    /// The loaded entry points.
    struct Functions {
        typealias Begin = @convention(c) () -> UnsafeMutableRawPointer?
        typealias Run = @convention(c) (UnsafePointer<UnsafeMutableRawPointer>?, UnsafeMutableRawPointer?, Int, Int) -> Void
        typealias End = @convention(c) (UnsafePointer<UnsafeMutableRawPointer>?, UnsafeMutableRawPointer?) -> Void
        let begin: Begin
        let run: Run
        let end: End

        /// The functions at the addresses `dlsym` found for `CKernelRenderer`'s three symbols.
        init(begin: UnsafeMutableRawPointer, run: UnsafeMutableRawPointer, end: UnsafeMutableRawPointer) {
            self.begin = unsafeBitCast(begin, to: Begin.self)
            self.run = unsafeBitCast(run, to: Run.self)
            self.end = unsafeBitCast(end, to: End.self)
        }
    }

    let functions: Functions
    /// Work items: chunks of an elementwise kernel, units of a reduction.
    let items: Int
    /// The threads the kernel uses when `threads` are allowed.
    let workers: @Sendable (_ threads: Int) -> Int
    /// Where the caller's and the helpers' runs of items met last time (`run`).
    let schedule = WorkSchedule()

    init(functions: Functions, program: KernelProgram) {
        self.functions = functions
        let cost = program.costPerElement
        if let reduction = program.reduction {
            // The block VM's rule for its units.
            let layout = ReductionLayout(reduction)
            items = layout.units
            workers = { threads in layout.workers(threads: threads, costPerElement: cost) }
        } else {
            // About 1e5 add-equivalents per thread before a second thread pays for itself, as
            // for the block VM; one chunk is the smallest unit of parallel work.
            let count = program.count
            let chunks = (count + BlockVM.chunkSize - 1) / BlockVM.chunkSize
            let worthwhile = max(1, count * max(cost, 1) / 100_000)
            items = chunks
            workers = { threads in min(max(threads, 1), chunks, worthwhile) }
        }
    }

    /// Runs the kernel over `buffers` (indexed by slot) with up to `threads` threads: the caller
    /// and Dispatch helpers share the items (`SharedWork`). A reduction over nothing still
    /// writes its identities (`lazyarray_end`).
    ///
    /// A program run again and again on the same buffers (a loop) finds part of them still in
    /// the L2 of the core that touched them last, if each thread begins where it ended the
    /// time before: calls alternate between the items in order (the caller from the first up,
    /// helpers from the last down, meeting at some split) and outward from that split (the
    /// caller from the split down, helpers from it up, each then taking the other's far end).
    /// Alternating keeps part of each core's data in its L2 from one call to the next (the
    /// figures are in docs/performance.md, issue 7). Which thread runs an item never changes
    /// its result.
    package func run(buffers: [UnsafeMutableRawPointer], threads: Int) {
        let workers = workers(threads)
        buffers.withUnsafeBufferPointer { slots in
            let states = functions.begin()
            let context = RunContext(functions: functions, buffers: slots.baseAddress, states: states)
            // Units of a reduction can be tiny (a short row each): handed out in batches, a few
            // per thread more than threads so that a late helper still finds work.
            let batches = min(items, workers == 1 ? 1 : 64 * workers)
            let outwardFrom = schedule.nextOutwardSplit(batches: batches)
            let front = SharedWork.run(items: batches, helpers: workers - 1) { slot in
                // Slot k of an outward call: split - 1 down to 0, then the last batch down to split.
                let batch = outwardFrom.map { split in slot < split ? split - 1 - slot : batches - 1 - (slot - split) } ?? slot
                context.run(first: items * batch / batches, last: items * (batch + 1) / batches)
            }
            if outwardFrom == nil { schedule.record(split: front, batches: batches) }
            functions.end(slots.baseAddress, states)
        }
    }
}

/// What the threads of one kernel run share: raw pointers, valid until `run` returns (which
/// `SharedWork` guarantees outlasts every use).
private struct RunContext: @unchecked Sendable {
    let functions: CompiledKernel.Functions
    let buffers: UnsafePointer<UnsafeMutableRawPointer>?
    let states: UnsafeMutableRawPointer?

    func run(first: Int, last: Int) { functions.run(buffers, states, first, last) }
}
