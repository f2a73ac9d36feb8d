#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A cumulative operation along one axis.
package enum ScanOp: String, CaseIterable, Hashable, Sendable {
    /// NumPy's `np.cumsum`.
    case sum = "cumsum"
    /// NumPy's `np.cumprod`.
    case product = "cumprod"
}

/// Where a scan reads the values it accumulates.
package enum ScanOperand: Sendable {
    /// A contiguous run of a buffer from element `offset`, read in place.
    case buffer(slot: Int, offset: Int)
    /// The producers' elementwise program, whose one output is the operand written row-major
    /// into the scan's own output buffer: run over each work unit's positions just before the
    /// unit is scanned in place, while they are in cache (`cumsum(a * 2 + 1)` reads `a` once
    /// and writes nothing else).
    case program(PreparedProgram)
}

/// A cumulative sum or product along one axis in one pass over memory: the kernel behind
/// `cumsum(a, axis:)` and `cumprod(a, axis:)`.
///
/// NumPy equivalent: `np.cumsum(a, axis)` / `np.cumprod(a, axis)` (`np.add.accumulate`), which
/// adds strictly one element after another; PyTorch's `torch.cumsum(a, dim)`.
///
/// The array is seen as `(outer, length, inner)` around the axis and its result is written
/// row-major. The work is cut into units that depend only on the shape, never on the thread
/// count, so any thread count gives the same bits (and the eager evaluator, which follows the
/// same order in `reference`, too):
/// - when one slab (`length * inner` elements) is small, a unit is a group of whole slabs, each
///   scanned on its own;
/// - otherwise a unit is a segment of rows of one slab (of one row piece when rows are longer
///   than a segment). A unit scans its segment locally from its own first row, waits until the
///   unit before it in the same slab is final (a flag per unit; units are handed out in
///   increasing order, so that one has always been taken and no wait can deadlock), and
///   combines the last final row before it with each of its rows: `out = carry op local`.
///   The input is read once and the output written once; the combination runs while the
///   segment is in cache.
/// Along a contiguous axis (`inner == 1`) a single chain of dependent float adds would cost an
/// add's latency (4 cycles) per element, so each line is scanned in chunks of `chunkElements`,
/// eight chunks interleaved (eight independent chains in flight), each chunk then combined with
/// the last final element before it. Across rows (`inner > 1`) each step is a vectorized
/// combination of two rows (rows of four or eight: one chain per column in registers; other
/// rows of at most 32: one flat loop). The order of operations this gives is `chunkLength`'s, which
/// float results depend on (integers wrap, so any order gives the same bits).
package struct AxisScan: Sendable {
    package let op: ScanOp
    /// float32, float64, int64 or uint64 (bool and signed integers are scanned as int64,
    /// unsigned ones as uint64: NumPy's result types).
    package let dtype: DType
    package let outer: Int
    package let length: Int
    package let inner: Int
    /// The output buffer: `outer * length * inner` contiguous elements of `dtype`.
    package let outputSlot: Int
    package let operand: ScanOperand

    /// Elements per unit of a segmented scan: a segment is read, written and re-read in L2.
    static let segmentElements = 32768
    /// Chunks of a contiguous line scanned side by side: eight independent chains hide the
    /// latency of a float add (4 cycles) behind the two adds a core issues per cycle.
    static let chains = 8
    /// Elements of a contiguous line scanned from their own start before the carry is combined
    /// in. Eight chunks of 4096 float32 are 16 KB apart: every load would fall at a multiple of
    /// 4 KB from the store to the chunk before it, which the core takes for a dependency (4K
    /// aliasing) and waits on (41.7 ms per 1e7 float32 instead of 3.8). 4032 keeps every pair of
    /// chains, of 4- and 8-byte elements, at least a cache line from a multiple of 4 KB.
    package static let chunkElements = 4032

    package init(op: ScanOp, dtype: DType, shape: [Int], axis: Int, outputSlot: Int, operand: ScanOperand) {
        precondition([.float32, .float64, .int64, .uint64].contains(dtype), "[\(op.rawValue)] the scan kernel takes float32, float64, int64 or uint64, not \(dtype)")
        precondition(axis >= 0 && axis < shape.count, "[\(op.rawValue)] axis \(axis) of a rank-\(shape.count) array")
        self.op = op
        self.dtype = dtype
        outer = shape[..<axis].reduce(1, *)
        length = shape[axis]
        inner = shape[(axis + 1)...].reduce(1, *)
        self.outputSlot = outputSlot
        self.operand = operand
    }

    /// The number of elements.
    package var count: Int { outer * length * inner }

    /// The scan's order of operations: positions along the axis are taken in chunks of this
    /// many; within a chunk each result is the previous one combined with the next element
    /// (NumPy's order), and every chunk after a line's first is then combined, element by
    /// element, with the final result just before the chunk (`carry op local`). A line of at
    /// most one chunk is NumPy's order exactly. Depends on the shape only.
    package static func chunkLength(length: Int, inner: Int) -> Int {
        if inner == 1 { return chunkElements }
        if length * inner <= segmentElements || inner > segmentElements / 2 { return Swift.max(length, 1) }
        return segmentElements / inner
    }

    /// Runs over `buffers` (indexed by slot) with up to `threads` threads.
    package func run(buffers: [UnsafeMutableRawPointer], threads: Int) {
        guard count > 0 else { return }
        switch (dtype, op) {
        case (.float32, .sum): run(Summing<Float>.self, buffers, threads)
        case (.float32, .product): run(Multiplying<Float>.self, buffers, threads)
        case (.float64, .sum): run(Summing<Double>.self, buffers, threads)
        case (.float64, .product): run(Multiplying<Double>.self, buffers, threads)
        case (.int64, .sum): run(Summing<Int64>.self, buffers, threads)
        case (.int64, .product): run(Multiplying<Int64>.self, buffers, threads)
        case (.uint64, .sum): run(Summing<UInt64>.self, buffers, threads)
        case (.uint64, .product): run(Multiplying<UInt64>.self, buffers, threads)
        default: preconditionFailure("[\(op.rawValue)] no scan for \(dtype)")
        }
    }

    private func run<C: ScanCombiner>(_: C.Type, _ buffers: [UnsafeMutableRawPointer], _ threads: Int) {
        let units = ScanUnits(outer: outer, length: length, inner: inner)
        let input: UnsafePointer<C.Element>? = switch operand {
        case .buffer(let slot, let offset): UnsafePointer(buffers[slot].assumingMemoryBound(to: C.Element.self) + offset)
        case .program: nil
        }
        let pass = ScanPass<C>(scan: self, units: units, buffers: buffers,
                               out: buffers[outputSlot].assumingMemoryBound(to: C.Element.self), input: input)
        // A worker per 64K elements at most: below that, waking a helper costs more than it saves.
        let workers = Swift.min(Swift.max(threads, 1), units.count, Swift.max(1, count / 65536))
        if workers == 1 {
            pass.work()
        } else {
            SharedWork.run(items: workers, helpers: workers - 1) { _ in pass.work() }
        }
    }
}

/// How a scan's positions are cut into units of work (shape only; see `AxisScan`).
struct ScanUnits {
    /// Slabs per unit when units are groups of whole slabs, else 0 (segments).
    let slabsPerUnit: Int
    /// A segment's rows along the axis (elements for a contiguous axis).
    let rows: Int
    /// Segments per slab.
    let segments: Int
    /// Pieces of a row (rows longer than a segment), each its own unit, and their width.
    let pieces: Int
    let pieceWidth: Int
    /// The number of units.
    let count: Int

    init(outer: Int, length: Int, inner: Int) {
        let segment = AxisScan.segmentElements
        let slab = length * inner
        if slab <= segment {
            slabsPerUnit = Swift.max(1, segment / Swift.max(slab, 1))
            rows = length
            segments = 1
            pieces = 1
            pieceWidth = inner
            count = (outer + slabsPerUnit - 1) / slabsPerUnit
            return
        }
        slabsPerUnit = 0
        if inner == 1 {
            // Whole chunks per segment, so the chunks of a line start at its multiples of chunkElements.
            rows = AxisScan.chains * AxisScan.chunkElements
            pieces = 1
            pieceWidth = 1
        } else if inner <= segment / 2 {
            rows = AxisScan.chunkLength(length: length, inner: inner)
            pieces = 1
            pieceWidth = inner
        } else {
            // Rows of more than half a segment: one row (piece) per unit, each combined with
            // the row before it: NumPy's order.
            rows = 1
            pieceWidth = Swift.min(inner, segment)
            pieces = (inner + pieceWidth - 1) / pieceWidth
        }
        segments = (length + rows - 1) / rows
        count = outer * segments * pieces
    }
}

/// How a scan combines two values: NumPy's `add` or `multiply` for the element type (the
/// scalar definitions of `ScalarSemantics.swift`: integers wrap).
protocol ScanCombiner {
    associatedtype Element: ArithmeticElement
    static func combine(_ a: Element, _ b: Element) -> Element
}

enum Summing<Element: ArithmeticElement>: ScanCombiner {
    @inline(__always) static func combine(_ a: Element, _ b: Element) -> Element { Element.add(a, b) }
}

enum Multiplying<Element: ArithmeticElement>: ScanCombiner {
    @inline(__always) static func combine(_ a: Element, _ b: Element) -> Element { Element.multiply(a, b) }
}

/// One run of a scan, shared by its workers (raw pointers: see `SendableContext`): the units
/// handed out in increasing order by `nextUnit`, and for a segmented scan a flag per unit set
/// once its results are final.
private final class ScanPass<C: ScanCombiner>: @unchecked Sendable {
    typealias Element = C.Element
    let scan: AxisScan
    let units: ScanUnits
    let buffers: [UnsafeMutableRawPointer]
    let out: UnsafeMutablePointer<Element>
    /// The operand in place, or nil when the producers' program writes it into `out`.
    let input: UnsafePointer<Element>?
    let nextUnit = Atomic<Int>(0)
    let finished: UnsafeMutablePointer<Atomic<Bool>>?

    init(scan: AxisScan, units: ScanUnits, buffers: [UnsafeMutableRawPointer], out: UnsafeMutablePointer<Element>,
         input: UnsafePointer<Element>?) {
        self.scan = scan
        self.units = units
        self.buffers = buffers
        self.out = out
        self.input = input
        if units.slabsPerUnit == 0 {
            let flags = UnsafeMutablePointer<Atomic<Bool>>.allocate(capacity: units.count)
            for unit in 0..<units.count { (flags + unit).initialize(to: Atomic(false)) }
            finished = flags
        } else {
            finished = nil
        }
    }

    deinit {
        if let finished {
            finished.deinitialize(count: units.count)
            finished.deallocate()
        }
    }

    /// A worker's life: units in increasing order until none is left. A unit's predecessor was
    /// handed out before it, to a worker that is running it, so waiting for it always ends.
    func work() {
        // The producers' program, with this worker's scratch memory, when there is one.
        var program: PreparedProgram?
        var scratch: ScratchArena?
        var pointers: [UnsafeMutableRawPointer] = []
        if case .program(let producer) = scan.operand {
            let arena = ScratchArena.take(bytes: producer.scratchBytes)
            pointers = producer.fixedPointers(scratch: arena.base)
            producer.splat(pointers: pointers, buffers: buffers)
            (program, scratch) = (producer, arena)
        }
        defer { if let scratch { ScratchArena.give(scratch) } }
        while true {
            let unit = nextUnit.wrappingAdd(1, ordering: .relaxed).oldValue
            guard unit < units.count else { return }
            let (start, end) = range(of: unit)
            if let program { produce(start..<end, &pointers, program) }
            let source = input.map { $0 + start } ?? UnsafePointer(out + start)
            if units.slabsPerUnit > 0 {
                scanSlabs(source, out + start, slabs: (end - start) / (scan.length * scan.inner))
            } else {
                scanSegment(unit, source, start: start, count: end - start)
            }
        }
    }

    /// The flat output positions of `unit`: one contiguous run.
    private func range(of unit: Int) -> (Int, Int) {
        let slab = scan.length * scan.inner
        if units.slabsPerUnit > 0 {
            let first = unit * units.slabsPerUnit
            return (first * slab, Swift.min(first + units.slabsPerUnit, scan.outer) * slab)
        }
        let perSlab = units.segments * units.pieces
        let (o, segment, piece) = (unit / perSlab, unit % perSlab / units.pieces, unit % units.pieces)
        let firstRow = segment * units.rows, rows = Swift.min(units.rows, scan.length - firstRow)
        let firstColumn = piece * units.pieceWidth, columns = Swift.min(units.pieceWidth, scan.inner - firstColumn)
        let start = o * slab + firstRow * scan.inner + firstColumn
        // A segment of whole rows, or (pieces > 1, one row per unit) a piece of one row.
        return (start, start + (units.pieces == 1 ? rows * scan.inner : columns))
    }

    /// The producers' program over `positions`, in blocks cut at the block VM's multiples of
    /// its block size, so elementwise results match an elementwise kernel's wherever they can.
    private func produce(_ positions: Range<Int>, _ pointers: inout [UnsafeMutableRawPointer], _ program: PreparedProgram) {
        var start = positions.lowerBound
        while start < positions.upperBound {
            let end = Swift.min(positions.upperBound, (start / BlockVM.blockSize + 1) * BlockVM.blockSize)
            program.runBlock(start: start, count: end - start, buffers: buffers, pointers: &pointers)
            start = end
        }
    }

    /// Whole slabs, each scanned on its own.
    private func scanSlabs(_ source: UnsafePointer<Element>, _ target: UnsafeMutablePointer<Element>, slabs: Int) {
        let length = scan.length, inner = scan.inner
        if inner > 1 {
            for slab in 0..<slabs {
                let offset = slab * length * inner
                scanRows(source + offset, target + offset, rows: length, width: inner)
            }
        } else if length <= AxisScan.chunkElements {
            if source != UnsafePointer(target) && length * MemoryLayout<Element>.size <= 4096 {
                // Lines of at most 4 KB read side by side are streams too short for the
                // prefetchers: copy the unit front to back first (one stream), then scan it in
                // place in cache (lines of 256 float32: 8.5 -> 5.4 ms per 1e7 on one thread).
                target.update(from: source, count: slabs * length)
                return scanSlabs(UnsafePointer(target), target, slabs: slabs)
            }
            // Short lines, eight (or four) side by side: NumPy's order on each, the chains in flight.
            // Four chains of lines a multiple of 1 KB long (256 float32) fall 1, 2 and 3 KB
            // apart, clear of 4K aliasing where eight would not be; they are enough to keep one
            // store per cycle going.
            var line = 0
            if !Self.apartFrom4K(length * MemoryLayout<Element>.size, chains: AxisScan.chains),
               Self.apartFrom4K(length * MemoryLayout<Element>.size, chains: 4) {
                while line + 4 <= slabs {
                    scanFour(source + line * length, target + line * length, stride: length, length: length)
                    line += 4
                }
            } else {
                let skew = Self.skew(stride: length)
                while line + AxisScan.chains <= slabs {
                    scanInterleaved(source + line * length, target + line * length, stride: length, length: length, skew: skew)
                    line += AxisScan.chains
                }
            }
            for rest in line..<slabs { continueChain(source + rest * length, target + rest * length, from: 0, to: length) }
        } else {
            for line in 0..<slabs {
                scanChunks(source + line * length, target + line * length, count: length)
                combineChunks(target + line * length, count: length, carry: nil)
            }
        }
    }

    /// A segment of a slab: scanned locally, then combined with the last final row before it
    /// once the unit before it is finished.
    private func scanSegment(_ unit: Int, _ source: UnsafePointer<Element>, start: Int, count: Int) {
        let inner = scan.inner
        let target = out + start
        let width = units.pieces == 1 ? inner : count
        if inner == 1 {
            scanChunks(source, target, count: count)
        } else {
            scanRows(source, target, rows: count / width, width: width)
        }
        let isFirst = unit % (units.segments * units.pieces) < units.pieces
        if !isFirst {
            let previous = unit - units.pieces
            var spins = 0
            while !finished![previous].load(ordering: .acquiring) {
                spins += 1
                // The machine may be shared: let the predecessor's thread run.
                if spins > 64 { sched_yield() }
            }
            if inner == 1 {
                combineChunks(target, count: count, carry: target[-1])
            } else {
                combineRows(UnsafePointer(target - inner), into: target, rows: count / width, width: width)
            }
        } else if inner == 1 {
            combineChunks(target, count: count, carry: nil)
        }
        finished![unit].store(true, ordering: .releasing)
    }

    /// Rows at most this wide are scanned as one flat loop over their elements (each combined
    /// with the one `width` before it): a vectorized loop per row would spend more on its own
    /// overhead and overlap checks than on a few elements.
    static var narrowRows: Int { 32 }

    /// `rows` adjacent rows of `width`, each the previous result row combined with its own:
    /// NumPy's order down each column.
    private func scanRows(_ source: UnsafePointer<Element>, _ target: UnsafeMutablePointer<Element>, rows: Int, width: Int) {
        guard rows > 0 else { return }
        let inPlace = source == UnsafePointer(target)
        if !inPlace { target.update(from: source, count: width) }
        if width == AxisScan.chains || width == 4 {
            // Eight or four columns: one chain each, the last row in registers.
            if width == 4 {
                scanFour(source, target, stride: 1, length: rows, step: 4)
            } else {
                scanInterleaved(source, target, stride: 1, length: rows, skew: 0, step: AxisScan.chains)
            }
            return
        }
        if width <= Self.narrowRows {
            // The columns are `width` independent chains, interleaved in memory order, each
            // through memory (a store and its reload a row later).
            let total = rows * width
            if inPlace {
                for i in width..<Swift.max(total, width) { target[i] = C.combine(target[i - width], target[i]) }
            } else {
                for i in width..<Swift.max(total, width) { target[i] = C.combine(target[i - width], source[i]) }
            }
            return
        }
        for row in 1..<Swift.max(rows, 1) {
            let previous = UnsafePointer(target + (row - 1) * width), current = target + row * width
            if inPlace {
                for j in 0..<width { current[j] = C.combine(previous[j], current[j]) }
            } else {
                let values = source + row * width
                for j in 0..<width { current[j] = C.combine(previous[j], values[j]) }
            }
        }
    }

    /// Each of `rows` adjacent rows of `width` combined with the row `carry` (not among them):
    /// `target[j] = carry[j] op target[j]`. Narrow rows go through a copy of `carry` repeated to
    /// at least 64 elements, so the loop runs over long vectorizable stretches.
    private func combineRows(_ carry: UnsafePointer<Element>, into target: UnsafeMutablePointer<Element>, rows: Int, width: Int) {
        guard width <= Self.narrowRows else {
            for row in 0..<rows {
                let current = target + row * width
                for j in 0..<width { current[j] = C.combine(carry[j], current[j]) }
            }
            return
        }
        let repeats = (64 + width - 1) / width
        withUnsafeTemporaryAllocation(of: Element.self, capacity: repeats * width) { tiled in
            let pattern = tiled.baseAddress!
            for copy in 0..<repeats { (pattern + copy * width).initialize(from: carry, count: width) }
            let stretch = repeats * width, total = rows * width
            var first = 0
            while first < total {
                let current = target + first, count = Swift.min(stretch, total - first)
                for j in 0..<count { current[j] = C.combine(pattern[j], current[j]) }
                first += count
            }
        }
    }

    /// Each chunk of `count` elements (a line's, or a segment's, whose start is a multiple of
    /// the chunk length) scanned from its own first element, eight chunks at a time side by side.
    private func scanChunks(_ source: UnsafePointer<Element>, _ target: UnsafeMutablePointer<Element>, count: Int) {
        let chunk = AxisScan.chunkElements
        var first = 0
        while first + AxisScan.chains * chunk <= count {
            scanInterleaved(source + first, target + first, stride: chunk, length: chunk, skew: 0)
            first += AxisScan.chains * chunk
        }
        while first < count {
            continueChain(source + first, target + first, from: 0, to: Swift.min(chunk, count - first))
            first += chunk
        }
    }

    /// Every chunk of `count` elements after the first combined with the final element before it
    /// (the first too, with `carry`, when given).
    private func combineChunks(_ target: UnsafeMutablePointer<Element>, count: Int, carry: Element?) {
        let chunk = AxisScan.chunkElements
        if let carry {
            for j in 0..<Swift.min(chunk, count) { target[j] = C.combine(carry, target[j]) }
        }
        var first = chunk
        while first < count {
            let value = target[first - 1], end = Swift.min(first + chunk, count)
            for j in first..<end { target[j] = C.combine(value, target[j]) }
            first = end
        }
    }

    /// Positions `start..<end` of one line scanned in order after the ones before them:
    /// `target[i] = target[i - 1] op source[i]` (from `source[0]` when `start` is 0).
    private func continueChain(_ source: UnsafePointer<Element>, _ target: UnsafeMutablePointer<Element>, from start: Int, to end: Int) {
        guard start < end else { return }
        var value = start == 0 ? source[0] : C.combine(target[start - 1], source[start])
        target[start] = value
        for i in (start + 1)..<Swift.max(end, start + 1) {
            value = C.combine(value, source[i])
            target[i] = value
        }
    }

    /// How many elements each of eight chains `stride` elements apart runs ahead of the one
    /// before it in `scanInterleaved`, so that no load falls at a multiple of 4 KB from a store
    /// still in flight (4K aliasing: the core takes such a load for one that depends on the
    /// store and waits). Lines of 256 float32 (1 KB apart) would otherwise alias every fourth.
    static func skew(stride: Int) -> Int {
        let size = MemoryLayout<Element>.size
        for skew in 0..<64 where apartFrom4K((stride + skew) * size, chains: AxisScan.chains) { return skew }
        return 0
    }

    /// Whether `chains` chains `distance` bytes apart keep every pair at least a cache line from
    /// a multiple of 4 KB (a few bytes off still measured as slow as an exact alias).
    static func apartFrom4K(_ distance: Int, chains: Int) -> Bool {
        (1..<chains).allSatisfy { (($0 * distance) % 4096 + 64) % 4096 >= 128 }
    }

    /// Four lines of `length`, `stride` apart, each scanned in order, side by side; a line's
    /// positions are `step` apart (four columns of rows four wide: stride 1, step 4).
    private func scanFour(_ source: UnsafePointer<Element>, _ target: UnsafeMutablePointer<Element>, stride: Int, length: Int,
                          step: Int = 1) {
        guard length > 0 else { return }
        let s0 = source, s1 = source + stride, s2 = source + 2 * stride, s3 = source + 3 * stride
        let t0 = target, t1 = target + stride, t2 = target + 2 * stride, t3 = target + 3 * stride
        var v0 = s0[0], v1 = s1[0], v2 = s2[0], v3 = s3[0]
        t0[0] = v0; t1[0] = v1; t2[0] = v2; t3[0] = v3
        for position in 1..<Swift.max(length, 1) {
            let i = position * step
            v0 = C.combine(v0, s0[i]); t0[i] = v0
            v1 = C.combine(v1, s1[i]); t1[i] = v1
            v2 = C.combine(v2, s2[i]); t2[i] = v2
            v3 = C.combine(v3, s3[i]); t3[i] = v3
        }
    }

    /// Eight lines of `length`, `stride` apart, each scanned in order, side by side: line `k`
    /// runs `k * skew` elements ahead of line 0 (its first and last ones on its own). Without a
    /// skew a line's positions may be `step` apart (eight columns of rows eight wide).
    private func scanInterleaved(_ source: UnsafePointer<Element>, _ target: UnsafeMutablePointer<Element>, stride: Int, length: Int,
                                 skew: Int, step: Int = 1) {
        assert(step == 1 || skew == 0, "a skewed line's own positions are adjacent")
        let lead = (AxisScan.chains - 1) * skew
        guard length > lead + 1 else {
            for k in 0..<AxisScan.chains { continueChain(source + k * stride, target + k * stride, from: 0, to: length) }
            return
        }
        // Line k first alone up to its place in the side-by-side run: positions 0...k * skew.
        for k in 0..<AxisScan.chains { continueChain(source + k * stride, target + k * stride, from: 0, to: k * skew + 1) }
        let s0 = source, s1 = source + stride + skew, s2 = source + 2 * (stride + skew), s3 = source + 3 * (stride + skew)
        let s4 = source + 4 * (stride + skew), s5 = source + 5 * (stride + skew), s6 = source + 6 * (stride + skew)
        let s7 = source + 7 * (stride + skew)
        let t0 = target, t1 = target + stride + skew, t2 = target + 2 * (stride + skew), t3 = target + 3 * (stride + skew)
        let t4 = target + 4 * (stride + skew), t5 = target + 5 * (stride + skew), t6 = target + 6 * (stride + skew)
        let t7 = target + 7 * (stride + skew)
        var v0 = t0[0], v1 = t1[0], v2 = t2[0], v3 = t3[0], v4 = t4[0], v5 = t5[0], v6 = t6[0], v7 = t7[0]
        for position in 1..<(length - lead) {
            let i = position * step
            v0 = C.combine(v0, s0[i]); t0[i] = v0
            v1 = C.combine(v1, s1[i]); t1[i] = v1
            v2 = C.combine(v2, s2[i]); t2[i] = v2
            v3 = C.combine(v3, s3[i]); t3[i] = v3
            v4 = C.combine(v4, s4[i]); t4[i] = v4
            v5 = C.combine(v5, s5[i]); t5[i] = v5
            v6 = C.combine(v6, s6[i]); t6[i] = v6
            v7 = C.combine(v7, s7[i]); t7[i] = v7
        }
        // Each line's last positions, past line 7's end in the side-by-side run, on its own.
        for k in 0..<AxisScan.chains {
            continueChain(source + k * stride, target + k * stride, from: length - lead + k * skew, to: length)
        }
    }
}
