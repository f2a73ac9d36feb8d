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
/// combination of two rows. The order of operations this gives is `chunkLength`'s, which
/// float results depend on (integers wrap, so any order gives the same bits).
package struct AxisScan: Sendable {
    package let op: ScanOp
    /// float32, float64 or int64 (bool and int32 are scanned as int64, NumPy's result type).
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
    /// Elements of a contiguous line scanned from their own start before the carry is combined in.
    package static let chunkElements = segmentElements / chains

    package init(op: ScanOp, dtype: DType, shape: [Int], axis: Int, outputSlot: Int, operand: ScanOperand) {
        precondition([.float32, .float64, .int64].contains(dtype), "[\(op.rawValue)] the scan kernel takes float32, float64 or int64, not \(dtype)")
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
            rows = segment
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
            // Short lines, eight side by side: NumPy's order on each, eight chains in flight.
            var line = 0
            while line + AxisScan.chains <= slabs {
                scanInterleaved(source + line * length, target + line * length, stride: length, length: length)
                line += AxisScan.chains
            }
            for rest in line..<slabs { scanChain(source + rest * length, target + rest * length, length: length) }
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
                let carry = UnsafePointer(target - inner)
                for row in 0..<count / width { combine(carry, into: target + row * inner, width: width) }
            }
        } else if inner == 1 {
            combineChunks(target, count: count, carry: nil)
        }
        finished![unit].store(true, ordering: .releasing)
    }

    /// `rows` adjacent rows of `width`, each the previous result row combined with its own:
    /// NumPy's order down each column.
    private func scanRows(_ source: UnsafePointer<Element>, _ target: UnsafeMutablePointer<Element>, rows: Int, width: Int) {
        guard rows > 0 else { return }
        let inPlace = source == UnsafePointer(target)
        if !inPlace { target.update(from: source, count: width) }
        for row in 1..<Swift.max(rows, 1) {
            let previous = UnsafePointer(target + (row - 1) * width), current = target + row * width
            if inPlace {
                combine(previous, into: current, width: width)
            } else {
                let values = source + row * width
                for j in 0..<width { current[j] = C.combine(previous[j], values[j]) }
            }
        }
    }

    /// `target[j] = carry[j] op target[j]`: separate pointers that never overlap, so the loop
    /// vectorizes (a load and store through one pointer at the same index does too).
    @inline(__always)
    private func combine(_ carry: UnsafePointer<Element>, into target: UnsafeMutablePointer<Element>, width: Int) {
        for j in 0..<width { target[j] = C.combine(carry[j], target[j]) }
    }

    /// Each chunk of `count` elements (a line's, or a segment's, whose start is a multiple of
    /// the chunk length) scanned from its own first element, eight chunks at a time side by side.
    private func scanChunks(_ source: UnsafePointer<Element>, _ target: UnsafeMutablePointer<Element>, count: Int) {
        let chunk = AxisScan.chunkElements
        var first = 0
        while first + AxisScan.chains * chunk <= count {
            scanInterleaved(source + first, target + first, stride: chunk, length: chunk)
            first += AxisScan.chains * chunk
        }
        while first < count {
            scanChain(source + first, target + first, length: Swift.min(chunk, count - first))
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

    /// One line scanned in order: `target[i] = target[i - 1] op source[i]`.
    private func scanChain(_ source: UnsafePointer<Element>, _ target: UnsafeMutablePointer<Element>, length: Int) {
        guard length > 0 else { return }
        var value = source[0]
        target[0] = value
        for i in 1..<Swift.max(length, 1) {
            value = C.combine(value, source[i])
            target[i] = value
        }
    }

    /// Eight lines of `length`, `stride` apart, each scanned in order, side by side.
    private func scanInterleaved(_ source: UnsafePointer<Element>, _ target: UnsafeMutablePointer<Element>, stride: Int, length: Int) {
        guard length > 0 else { return }
        let s0 = source, s1 = source + stride, s2 = source + 2 * stride, s3 = source + 3 * stride
        let s4 = source + 4 * stride, s5 = source + 5 * stride, s6 = source + 6 * stride, s7 = source + 7 * stride
        let t0 = target, t1 = target + stride, t2 = target + 2 * stride, t3 = target + 3 * stride
        let t4 = target + 4 * stride, t5 = target + 5 * stride, t6 = target + 6 * stride, t7 = target + 7 * stride
        var v0 = s0[0], v1 = s1[0], v2 = s2[0], v3 = s3[0], v4 = s4[0], v5 = s5[0], v6 = s6[0], v7 = s7[0]
        t0[0] = v0; t1[0] = v1; t2[0] = v2; t3[0] = v3; t4[0] = v4; t5[0] = v5; t6[0] = v6; t7[0] = v7
        for i in 1..<Swift.max(length, 1) {
            v0 = C.combine(v0, s0[i]); t0[i] = v0
            v1 = C.combine(v1, s1[i]); t1[i] = v1
            v2 = C.combine(v2, s2[i]); t2[i] = v2
            v3 = C.combine(v3, s3[i]); t3[i] = v3
            v4 = C.combine(v4, s4[i]); t4[i] = v4
            v5 = C.combine(v5, s5[i]); t5[i] = v5
            v6 = C.combine(v6, s6[i]); t6[i] = v6
            v7 = C.combine(v7, s7[i]); t7[i] = v7
        }
    }
}
