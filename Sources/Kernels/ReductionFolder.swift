#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Folds blocks of a register into running reduction states: one state for a reduction along
/// contiguous positions, one state per column when whole rows are accumulated. States are
/// plain memory so a kernel can hold several reductions of different types at once.
///
/// A struct of closures made by a generic function called with concrete reducers, rather
/// than a protocol over a generic type: the closures are specialized code, while a generic
/// type's witness methods would run unspecialized, one dynamic call per element (measured:
/// normalization 25x slower).
package struct ReductionFolder: Sendable {
    /// Bytes of one state.
    package let stateSize: Int
    /// Writes `count` identity states.
    package let initialize: @Sendable (_ states: UnsafeMutableRawPointer, _ count: Int) -> Void
    /// Folds `count` values (positions `firstIndex`...) into the single state `state`.
    package let foldRun: @Sendable (_ state: UnsafeMutableRawPointer, _ values: UnsafeMutableRawPointer, _ count: Int, _ firstIndex: Int) -> Void
    /// Folds `rows` rows of `width` values into `width` states, row `k` having index `firstRow + k`.
    package let foldRows: @Sendable (_ states: UnsafeMutableRawPointer, _ values: UnsafeMutableRawPointer, _ rows: Int, _ width: Int, _ firstRow: Int) -> Void
    /// Merges `count` states of a later part of the reduced axis into `states`.
    package let merge: @Sendable (_ states: UnsafeMutableRawPointer, _ later: UnsafeMutableRawPointer, _ count: Int) -> Void
    /// Writes the results of `count` states to `out`.
    package let finish: @Sendable (_ states: UnsafeMutableRawPointer, _ count: Int, _ out: UnsafeMutableRawPointer) -> Void

    /// The folder of reducer `R`.
    static func of<R: Reducer>(_: R.Type) -> ReductionFolder {
        ReductionFolder(
            stateSize: MemoryLayout<R.State>.stride,
            initialize: { states, count in
                states.bindMemory(to: R.State.self, capacity: count).initialize(repeating: R.identity, count: count)
            },
            foldRun: { state, values, count, firstIndex in
                R.foldRun(&state.assumingMemoryBound(to: R.State.self).pointee,
                          UnsafePointer(values.assumingMemoryBound(to: R.Value.self)), count: count, firstIndex: firstIndex)
            },
            foldRows: { states, values, rows, width, firstRow in
                R.foldRows(states.assumingMemoryBound(to: R.State.self), UnsafePointer(values.assumingMemoryBound(to: R.Value.self)),
                           rows: rows, width: width, firstRow: firstRow)
            },
            merge: { states, later, count in
                let states = states.assumingMemoryBound(to: R.State.self), later = later.assumingMemoryBound(to: R.State.self)
                for i in 0..<count { R.merge(&states[i], later[i]) }
            },
            finish: { states, count, out in
                let states = states.assumingMemoryBound(to: R.State.self), out = out.assumingMemoryBound(to: R.Output.self)
                for i in 0..<count { out[i] = R.finish(states[i]) }
            })
    }
}

/// A reduction over values of type `Value` with a state of type `State`.
protocol Reducer {
    associatedtype Value
    associatedtype State
    associatedtype Output
    static var identity: State { get }
    static func fold(_ state: inout State, _ value: Value, index: Int)
    static func merge(_ state: inout State, _ later: State)
    static func finish(_ state: State) -> Output
    /// Folds a contiguous run; the default folds one value at a time.
    static func foldRun(_ state: inout State, _ values: UnsafePointer<Value>, count: Int, firstIndex: Int)
    /// Folds `rows` rows of `width` values into `width` states, row `k` having index
    /// `firstRow + k`; the default folds row by row, one value at a time.
    static func foldRows(_ states: UnsafeMutablePointer<State>, _ values: UnsafePointer<Value>, rows: Int, width: Int, firstRow: Int)
}

extension Reducer {
    @inline(__always)
    static func foldRun(_ state: inout State, _ values: UnsafePointer<Value>, count: Int, firstIndex: Int) {
        for i in 0..<count { fold(&state, values[i], index: firstIndex + i) }
    }

    @inline(__always)
    static func foldRows(_ states: UnsafeMutablePointer<State>, _ values: UnsafePointer<Value>, rows: Int, width: Int, firstRow: Int) {
        for row in 0..<rows {
            let rowValues = values + row * width
            for column in 0..<width { fold(&states[column], rowValues[column], index: firstRow + row) }
        }
    }
}

// MARK: - Sums and products

/// Float32 sums: each block is summed in float32 over 32 lanes (so each lane adds about 32
/// values), and block sums accumulate in float64: the error stays near a few ulp of the
/// float32 result however long the axis, at the cost of one conversion per block.
enum SumFloat: Reducer {
    static var identity: Double { 0 }
    @inline(__always) static func fold(_ state: inout Double, _ value: Float, index: Int) { state += Double(value) }
    @inline(__always) static func merge(_ state: inout Double, _ later: Double) { state += later }
    @inline(__always) static func finish(_ state: Double) -> Float { Float(state) }
    @inline(__always) static func foldRun(_ state: inout Double, _ values: UnsafePointer<Float>, count: Int, firstIndex: Int) {
        // Unaligned loads: a run may start anywhere (a row inside a block).
        let raw = UnsafeRawPointer(values)
        foldLanes(&state, count: count, vector: { raw.loadUnaligned(fromByteOffset: $0 * 4, as: SIMD8<Float>.self) },
                  element: { values[$0] })
    }

    /// Folds a run of `x[i] * y[i]`: the same lanes and order as `foldRun` over the products.
    @inline(__always) static func foldProductRun(_ state: inout Double, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) {
        let (rawX, rawY) = (UnsafeRawPointer(x), UnsafeRawPointer(y))
        foldLanes(&state, count: count, vector: {
            rawX.loadUnaligned(fromByteOffset: $0 * 4, as: SIMD8<Float>.self) * rawY.loadUnaligned(fromByteOffset: $0 * 4, as: SIMD8<Float>.self)
        }, element: { x[$0] * y[$0] })
    }

    /// The run's 32 lanes: lane `l` adds the values at `l`, `l + 32`, ..., then the lanes and
    /// the tail go into the float64 state.
    @inline(__always) private static func foldLanes(_ state: inout Double, count: Int, vector: (Int) -> SIMD8<Float>,
                                                    element: (Int) -> Float) {
        var lanes = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        var i = 0
        while i + 32 <= count {
            lanes.0 += vector(i)
            lanes.1 += vector(i + 8)
            lanes.2 += vector(i + 16)
            lanes.3 += vector(i + 24)
            i += 32
        }
        let combined = (lanes.0 + lanes.1) + (lanes.2 + lanes.3)
        var total = 0.0
        for lane in 0..<8 { total += Double(combined[lane]) }
        while i < count { total += Double(element(i)); i += 1 }
        state += total
    }
}

/// Float64 sums: four-lane blocks with Neumaier-compensated accumulation of block sums.
enum SumDouble: Reducer {
    static var identity: SIMD2<Double> { .zero }
    /// `state.x` is the sum, `state.y` the running compensation.
    @inline(__always) static func fold(_ state: inout SIMD2<Double>, _ value: Double, index: Int) { add(&state, value) }
    @inline(__always) static func merge(_ state: inout SIMD2<Double>, _ later: SIMD2<Double>) {
        add(&state, later.x)
        state.y += later.y
    }
    /// An infinite or NaN sum is the sum alone: its compensation is NaN (`inf - inf`), and a
    /// sum with an infinity is that infinity, as NumPy's.
    @inline(__always) static func finish(_ state: SIMD2<Double>) -> Double { state.x.isFinite ? state.x + state.y : state.x }
    @inline(__always) static func add(_ state: inout SIMD2<Double>, _ value: Double) {
        let sum = state.x + value
        state.y += Swift.abs(state.x) >= Swift.abs(value) ? (state.x - sum) + value : (value - sum) + state.x
        state.x = sum
    }
    @inline(__always) static func foldRun(_ state: inout SIMD2<Double>, _ values: UnsafePointer<Double>, count: Int, firstIndex: Int) {
        let raw = UnsafeRawPointer(values)
        foldLanes(&state, count: count, vector: { raw.loadUnaligned(fromByteOffset: $0 * 8, as: SIMD4<Double>.self) },
                  element: { values[$0] })
    }

    /// Folds a run of `x[i] * y[i]`: the same lanes and order as `foldRun` over the products.
    @inline(__always) static func foldProductRun(_ state: inout SIMD2<Double>, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>,
                                                 count: Int) {
        let (rawX, rawY) = (UnsafeRawPointer(x), UnsafeRawPointer(y))
        foldLanes(&state, count: count, vector: {
            rawX.loadUnaligned(fromByteOffset: $0 * 8, as: SIMD4<Double>.self) * rawY.loadUnaligned(fromByteOffset: $0 * 8, as: SIMD4<Double>.self)
        }, element: { x[$0] * y[$0] })
    }

    /// The run's 8 lanes, then their sum and the tail added to the compensated state.
    @inline(__always) private static func foldLanes(_ state: inout SIMD2<Double>, count: Int, vector: (Int) -> SIMD4<Double>,
                                                    element: (Int) -> Double) {
        var lanes = (SIMD4<Double>(), SIMD4<Double>())
        var i = 0
        while i + 8 <= count {
            lanes.0 += vector(i)
            lanes.1 += vector(i + 4)
            i += 8
        }
        let combined = lanes.0 + lanes.1
        var total = (combined[0] + combined[1]) + (combined[2] + combined[3])
        while i < count { total += element(i); i += 1 }
        add(&state, total)
    }
}

/// Integer sums in int64, wrapping as NumPy's do.
enum SumInt: Reducer {
    static var identity: Int64 { 0 }
    @inline(__always) static func fold(_ state: inout Int64, _ value: Int64, index: Int) { state &+= value }
    @inline(__always) static func merge(_ state: inout Int64, _ later: Int64) { state &+= later }
    @inline(__always) static func finish(_ state: Int64) -> Int64 { state }
}

/// Products of floats, accumulated in float64.
enum ProductFloat<T: BinaryFloatingPoint & KernelElement>: Reducer {
    static var identity: Double { 1 }
    @inline(__always) static func fold(_ state: inout Double, _ value: T, index: Int) { state *= Double(value) }
    @inline(__always) static func merge(_ state: inout Double, _ later: Double) { state *= later }
    @inline(__always) static func finish(_ state: Double) -> T { T(state) }
}

/// Integer products in int64, wrapping.
enum ProductInt: Reducer {
    static var identity: Int64 { 1 }
    @inline(__always) static func fold(_ state: inout Int64, _ value: Int64, index: Int) { state &*= value }
    @inline(__always) static func merge(_ state: inout Int64, _ later: Int64) { state &*= later }
    @inline(__always) static func finish(_ state: Int64) -> Int64 { state }
}

// MARK: - Extremes and their positions

/// The maximum or minimum, NaN propagating (`ArithmeticElement.maximum`/`minimum`), and of
/// +0 and -0 the maximum +0 and the minimum -0 in any order (IEEE 754-2019): a tie rule that
/// depends on order would make a zero's sign depend on the lanes and pieces of the fold.
/// The state starts empty (`nil`): the graph builder refuses empty reductions for these.
enum Extreme<T: OrderedElement, Direction: ExtremeDirection>: Reducer {
    static var identity: T? { nil }
    @inline(__always) static func fold(_ state: inout T?, _ value: T, index: Int) {
        guard let current = state else { state = value; return }
        state = Direction.pick(current, value)
    }
    @inline(__always) static func merge(_ state: inout T?, _ later: T?) {
        if let later { fold(&state, later, index: 0) }
    }
    @inline(__always) static func finish(_ state: T?) -> T { state ?? T.cast(0 as Int64) }
    /// Float32 runs are reduced with vector compares (FloatRuns); others one value at a time.
    @inline(__always) static func foldRun(_ state: inout T?, _ values: UnsafePointer<T>, count: Int, firstIndex: Int) {
        guard T.self == Float.self, count > 0 else {
            for i in 0..<count { fold(&state, values[i], index: firstIndex + i) }
            return
        }
        let largest = Direction.self == Largest.self
        let value = values.withMemoryRebound(to: Float.self, capacity: count) { floats -> Float in
            let (value, sawNaN) = FloatRuns.extreme(floats, count: count, largest: largest)
            if sawNaN { return .nan }
            guard value == 0 else { return value }
            // The lanes keep whichever zero came first: the sign is the tie rule's, from the run.
            let preferred: FloatingPointSign = largest ? .plus : .minus
            let found = (0..<count).contains { floats[$0] == 0 && floats[$0].sign == preferred }
            return found == largest ? 0 : -0.0
        }
        fold(&state, value as! T, index: firstIndex)
    }
}

/// The element types a max or min reduces: ordered, and for floats the sign of a zero.
protocol OrderedElement: ArithmeticElement {
    /// Whether this is -0 (never, for integers).
    var isNegativeZero: Bool { get }
}
extension Int8: OrderedElement { @inline(__always) var isNegativeZero: Bool { false } }
extension Int16: OrderedElement { @inline(__always) var isNegativeZero: Bool { false } }
extension Int32: OrderedElement { @inline(__always) var isNegativeZero: Bool { false } }
extension Int64: OrderedElement { @inline(__always) var isNegativeZero: Bool { false } }
extension UInt8: OrderedElement { @inline(__always) var isNegativeZero: Bool { false } }
extension UInt16: OrderedElement { @inline(__always) var isNegativeZero: Bool { false } }
extension UInt32: OrderedElement { @inline(__always) var isNegativeZero: Bool { false } }
extension UInt64: OrderedElement { @inline(__always) var isNegativeZero: Bool { false } }
extension Float: OrderedElement { @inline(__always) var isNegativeZero: Bool { self == 0 && sign == .minus } }
extension Double: OrderedElement { @inline(__always) var isNegativeZero: Bool { self == 0 && sign == .minus } }

/// Which extreme an `Extreme` reduction keeps: the NaN-propagating maximum (minimum) of two
/// values, and of two equal values the first, unless they are zeros of both signs.
protocol ExtremeDirection {
    static func pick<T: OrderedElement>(_ current: T, _ value: T) -> T
}
enum Largest: ExtremeDirection {
    @inline(__always) static func pick<T: OrderedElement>(_ current: T, _ value: T) -> T {
        current == value ? (current.isNegativeZero ? value : current) : T.maximum(current, value)
    }
}
enum Smallest: ExtremeDirection {
    @inline(__always) static func pick<T: OrderedElement>(_ current: T, _ value: T) -> T {
        current == value ? (current.isNegativeZero ? current : value) : T.minimum(current, value)
    }
}

/// The first index of the extreme, or of the first NaN (as NumPy's argmax/argmin).
enum ArgExtreme<T: OrderedElement, Direction: ExtremeDirection>: Reducer {
    struct State { var value: T?; var index: Int64; var sawNaN: Bool }
    static var identity: State { State(value: nil, index: 0, sawNaN: false) }
    @inline(__always) static func fold(_ state: inout State, _ value: T, index: Int) {
        if state.sawNaN { return }
        if value != value {
            state = State(value: value, index: Int64(index), sawNaN: true)
            return
        }
        guard let current = state.value else {
            state.value = value
            state.index = Int64(index)
            return
        }
        // Strictly better only: ties keep the first index.
        if Direction.pick(current, value) != current {
            state.value = value
            state.index = Int64(index)
        }
    }
    @inline(__always) static func merge(_ state: inout State, _ later: State) {
        if state.sawNaN { return }
        if later.sawNaN { state = later; return }
        if let value = later.value {
            guard let current = state.value else { state = later; return }
            if Direction.pick(current, value) != current { state = later }
        }
    }
    @inline(__always) static func finish(_ state: State) -> Int64 { state.index }
}

// MARK: - Logical

/// Whether any element is true (bool values stored as 0/1 bytes).
enum AnyTrue: Reducer {
    static var identity: UInt8 { 0 }
    @inline(__always) static func fold(_ state: inout UInt8, _ value: UInt8, index: Int) { state |= value }
    @inline(__always) static func merge(_ state: inout UInt8, _ later: UInt8) { state |= later }
    @inline(__always) static func finish(_ state: UInt8) -> UInt8 { state }
}

/// Whether every element is true.
enum AllTrue: Reducer {
    static var identity: UInt8 { 1 }
    @inline(__always) static func fold(_ state: inout UInt8, _ value: UInt8, index: Int) { state &= value }
    @inline(__always) static func merge(_ state: inout UInt8, _ later: UInt8) { state &= later }
    @inline(__always) static func finish(_ state: UInt8) -> UInt8 { state }
}

// MARK: - Log-sum-exp

/// `log(sum(exp(x)))` with a running maximum `m` and the sum `s` of `exp(x - m)`, rescaled
/// when the maximum grows: never overflows, one pass.
enum LogSumExp<T: BinaryFloatingPoint & KernelElement, Form: LogSumExpForm>: Reducer {
    static var identity: SIMD2<Double> { SIMD2(-.infinity, 0) }
    @inline(__always) static func fold(_ state: inout SIMD2<Double>, _ value: T, index: Int) {
        merge(&state, SIMD2(Double(value), 1))
    }
    @inline(__always) static func merge(_ state: inout SIMD2<Double>, _ later: SIMD2<Double>) {
        let (m1, s1, m2, s2) = (state.x, state.y, later.x, later.y)
        if m2.isNaN || m1.isNaN { state = SIMD2(.nan, .nan); return }
        if m2 == -.infinity { return }
        if m1 == -.infinity { state = later; return }
        if m2 == .infinity || m1 == .infinity { state = SIMD2(.infinity, 1); return }
        state = m1 >= m2 ? SIMD2(m1, s1 + s2 * Foundation_exp(m2 - m1)) : SIMD2(m2, s2 + s1 * Foundation_exp(m1 - m2))
    }
    @inline(__always) static func finish(_ state: SIMD2<Double>) -> T {
        if state.y == 0 { return -.infinity }
        return T(Form.aboveMaximum ? Foundation_log(state.y) : state.x + Foundation_log(state.y))
    }
    /// A run: its maximum first, then one sum of `exp(x - max)` (vectorized for float32).
    @inline(__always) static func foldRun(_ state: inout SIMD2<Double>, _ values: UnsafePointer<T>, count: Int, firstIndex: Int) {
        guard count > 0 else { return }
        if T.self == Float.self {
            values.withMemoryRebound(to: Float.self, capacity: count) { floats in
                let (maximum, sawNaN) = FloatRuns.extreme(floats, count: count, largest: true)
                if sawNaN { state = SIMD2(.nan, .nan); return }
                if maximum.isInfinite { merge(&state, SIMD2(Double(maximum), 1)); return }
                merge(&state, SIMD2(Double(maximum), FloatRuns.sumOfExponentials(floats, count: count, shift: maximum)))
            }
            return
        }
        var maximum = -Double.infinity
        for i in 0..<count {
            let value = Double(values[i])
            if value != value { state = SIMD2(.nan, .nan); return }
            maximum = Swift.max(maximum, value)
        }
        if maximum == -.infinity || maximum == .infinity { merge(&state, SIMD2(maximum, 1)); return }
        var sum = 0.0
        for i in 0..<count { sum += Foundation_exp(Double(values[i]) - maximum) }
        merge(&state, SIMD2(maximum, sum))
    }
}

/// Whether a `LogSumExp` reports `log(sum(exp(x)))` or that minus the maximum.
protocol LogSumExpForm { static var aboveMaximum: Bool { get } }
enum WholeLogSumExp: LogSumExpForm { static var aboveMaximum: Bool { false } }
enum LogSumExpAboveMaximum: LogSumExpForm { static var aboveMaximum: Bool { true } }

@inline(__always) private func Foundation_exp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func Foundation_log(_ x: Double) -> Double { log(x) }

/// The folder for `op` on a register of `dtype` (`ReductionSpecification.algorithm`).
package func reductionFolder(_ op: ReduceOp, dtype: DType) -> ReductionFolder {
    guard let algorithm = op.specification.algorithm(dtype) else {
        preconditionFailure("[\(op.rawValue)] has no kernel for a \(dtype) register")
    }
    return switch algorithm {
    case .float32Sum: ReductionFolder.of(SumFloat.self)
    case .float64Sum: ReductionFolder.of(SumDouble.self)
    case .wrappingSum: ReductionFolder.of(SumInt.self)
    case .floatProduct(.float32): ReductionFolder.of(ProductFloat<Float>.self)
    case .floatProduct(.float64): ReductionFolder.of(ProductFloat<Double>.self)
    case .wrappingProduct: ReductionFolder.of(ProductInt.self)
    case .any: ReductionFolder.of(AnyTrue.self)
    case .all: ReductionFolder.of(AllTrue.self)
    case .extreme(true, let type): extremeFolder(Largest.self, type)
    case .extreme(false, let type): extremeFolder(Smallest.self, type)
    case .argExtreme(true, let type): argFolder(Largest.self, type)
    case .argExtreme(false, let type): argFolder(Smallest.self, type)
    case .logSumExp(false, .float32): ReductionFolder.of(LogSumExp<Float, WholeLogSumExp>.self)
    case .logSumExp(false, .float64): ReductionFolder.of(LogSumExp<Double, WholeLogSumExp>.self)
    case .logSumExp(true, .float32): ReductionFolder.of(LogSumExp<Float, LogSumExpAboveMaximum>.self)
    case .logSumExp(true, .float64): ReductionFolder.of(LogSumExp<Double, LogSumExpAboveMaximum>.self)
    }
}

private func extremeFolder<D: ExtremeDirection>(_: D.Type, _ type: OrderedRegister) -> ReductionFolder {
    switch type {
    case .float32: ReductionFolder.of(Extreme<Float, D>.self)
    case .float64: ReductionFolder.of(Extreme<Double, D>.self)
    case .int8: ReductionFolder.of(Extreme<Int8, D>.self)
    case .int16: ReductionFolder.of(Extreme<Int16, D>.self)
    case .int32: ReductionFolder.of(Extreme<Int32, D>.self)
    case .int64: ReductionFolder.of(Extreme<Int64, D>.self)
    case .uint8: ReductionFolder.of(Extreme<UInt8, D>.self)
    case .uint16: ReductionFolder.of(Extreme<UInt16, D>.self)
    case .uint32: ReductionFolder.of(Extreme<UInt32, D>.self)
    case .uint64: ReductionFolder.of(Extreme<UInt64, D>.self)
    }
}

private func argFolder<D: ExtremeDirection>(_: D.Type, _ type: OrderedRegister) -> ReductionFolder {
    switch type {
    case .float32: ReductionFolder.of(ArgExtreme<Float, D>.self)
    case .float64: ReductionFolder.of(ArgExtreme<Double, D>.self)
    case .int8: ReductionFolder.of(ArgExtreme<Int8, D>.self)
    case .int16: ReductionFolder.of(ArgExtreme<Int16, D>.self)
    case .int32: ReductionFolder.of(ArgExtreme<Int32, D>.self)
    case .int64: ReductionFolder.of(ArgExtreme<Int64, D>.self)
    case .uint8: ReductionFolder.of(ArgExtreme<UInt8, D>.self)
    case .uint16: ReductionFolder.of(ArgExtreme<UInt16, D>.self)
    case .uint32: ReductionFolder.of(ArgExtreme<UInt32, D>.self)
    case .uint64: ReductionFolder.of(ArgExtreme<UInt64, D>.self)
    }
}
