#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Folds blocks of a register into running reduction states: one state for a reduction along
/// contiguous positions, one state per column when whole rows are accumulated. States are
/// plain memory so a kernel can hold several reductions of different types at once.
public protocol ReductionFolder: Sendable {
    /// Bytes of one state.
    var stateSize: Int { get }
    /// Writes `count` identity states.
    func initialize(_ states: UnsafeMutableRawPointer, count: Int)
    /// Folds `count` values (positions `firstIndex`...) into the single state `state`.
    func foldRun(_ state: UnsafeMutableRawPointer, _ values: UnsafeMutableRawPointer, count: Int, firstIndex: Int)
    /// Folds `rows` rows of `width` values into `width` states, row `k` having index `firstRow + k`.
    func foldRows(_ states: UnsafeMutableRawPointer, _ values: UnsafeMutableRawPointer, rows: Int, width: Int, firstRow: Int)
    /// Merges `count` states of a later part of the reduced axis into `states`.
    func merge(_ states: UnsafeMutableRawPointer, _ later: UnsafeMutableRawPointer, count: Int)
    /// Writes the results of `count` states to `out`.
    func finish(_ states: UnsafeMutableRawPointer, count: Int, into out: UnsafeMutableRawPointer)
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
}

extension Reducer {
    @inline(__always)
    static func foldRun(_ state: inout State, _ values: UnsafePointer<Value>, count: Int, firstIndex: Int) {
        for i in 0..<count { fold(&state, values[i], index: firstIndex + i) }
    }
}

/// The type-erased folder of a `Reducer`.
struct Folder<R: Reducer>: ReductionFolder {
    var stateSize: Int { MemoryLayout<R.State>.stride }

    func initialize(_ states: UnsafeMutableRawPointer, count: Int) {
        states.bindMemory(to: R.State.self, capacity: count).initialize(repeating: R.identity, count: count)
    }

    func foldRun(_ state: UnsafeMutableRawPointer, _ values: UnsafeMutableRawPointer, count: Int, firstIndex: Int) {
        R.foldRun(&state.assumingMemoryBound(to: R.State.self).pointee,
                  UnsafePointer(values.assumingMemoryBound(to: R.Value.self)), count: count, firstIndex: firstIndex)
    }

    func foldRows(_ states: UnsafeMutableRawPointer, _ values: UnsafeMutableRawPointer, rows: Int, width: Int, firstRow: Int) {
        let states = states.assumingMemoryBound(to: R.State.self)
        let values = values.assumingMemoryBound(to: R.Value.self)
        for row in 0..<rows {
            let rowValues = values + row * width
            for column in 0..<width { R.fold(&states[column], rowValues[column], index: firstRow + row) }
        }
    }

    func merge(_ states: UnsafeMutableRawPointer, _ later: UnsafeMutableRawPointer, count: Int) {
        let states = states.assumingMemoryBound(to: R.State.self), later = later.assumingMemoryBound(to: R.State.self)
        for i in 0..<count { R.merge(&states[i], later[i]) }
    }

    func finish(_ states: UnsafeMutableRawPointer, count: Int, into out: UnsafeMutableRawPointer) {
        let states = states.assumingMemoryBound(to: R.State.self), out = out.assumingMemoryBound(to: R.Output.self)
        for i in 0..<count { out[i] = R.finish(states[i]) }
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
        var lanes = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        var i = 0
        values.withMemoryRebound(to: SIMD8<Float>.self, capacity: count / 8) { vectors in
            while i + 32 <= count {
                lanes.0 += vectors[i / 8]; lanes.1 += vectors[i / 8 + 1]
                lanes.2 += vectors[i / 8 + 2]; lanes.3 += vectors[i / 8 + 3]
                i += 32
            }
        }
        let combined = (lanes.0 + lanes.1) + (lanes.2 + lanes.3)
        var total = 0.0
        for lane in 0..<8 { total += Double(combined[lane]) }
        while i < count { total += Double(values[i]); i += 1 }
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
    @inline(__always) static func finish(_ state: SIMD2<Double>) -> Double { state.x + state.y }
    @inline(__always) static func add(_ state: inout SIMD2<Double>, _ value: Double) {
        let sum = state.x + value
        state.y += Swift.abs(state.x) >= Swift.abs(value) ? (state.x - sum) + value : (value - sum) + state.x
        state.x = sum
    }
    @inline(__always) static func foldRun(_ state: inout SIMD2<Double>, _ values: UnsafePointer<Double>, count: Int, firstIndex: Int) {
        var lanes = (SIMD4<Double>(), SIMD4<Double>())
        var i = 0
        values.withMemoryRebound(to: SIMD4<Double>.self, capacity: count / 4) { vectors in
            while i + 8 <= count {
                lanes.0 += vectors[i / 4]; lanes.1 += vectors[i / 4 + 1]
                i += 8
            }
        }
        let combined = lanes.0 + lanes.1
        var total = (combined[0] + combined[1]) + (combined[2] + combined[3])
        while i < count { total += values[i]; i += 1 }
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

/// The maximum or minimum, NaN propagating (`ArithmeticElement.maximum`/`minimum` semantics).
/// The state starts empty (`nil`): the planner refuses empty reductions for these.
enum Extreme<T: ArithmeticElement, Direction: ExtremeDirection>: Reducer {
    static var identity: T? { nil }
    @inline(__always) static func fold(_ state: inout T?, _ value: T, index: Int) {
        guard let current = state else { state = value; return }
        state = Direction.pick(current, value)
    }
    @inline(__always) static func merge(_ state: inout T?, _ later: T?) {
        if let later { fold(&state, later, index: 0) }
    }
    @inline(__always) static func finish(_ state: T?) -> T { state ?? T.cast(0 as Int64) }
}

/// Which extreme an `Extreme` reduction keeps.
protocol ExtremeDirection {
    static func pick<T: ArithmeticElement>(_ current: T, _ value: T) -> T
}
enum Largest: ExtremeDirection {
    @inline(__always) static func pick<T: ArithmeticElement>(_ current: T, _ value: T) -> T { T.maximum(current, value) }
}
enum Smallest: ExtremeDirection {
    @inline(__always) static func pick<T: ArithmeticElement>(_ current: T, _ value: T) -> T { T.minimum(current, value) }
}

/// The first index of the extreme, or of the first NaN (as NumPy's argmax/argmin).
enum ArgExtreme<T: ArithmeticElement, Direction: ExtremeDirection>: Reducer {
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
    /// A run: its maximum first, then one sum of `exp(x - max)`.
    @inline(__always) static func foldRun(_ state: inout SIMD2<Double>, _ values: UnsafePointer<T>, count: Int, firstIndex: Int) {
        guard count > 0 else { return }
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

/// The folder for `op` on a register of `dtype`.
public func reductionFolder(_ op: ReduceOp, dtype: DType) -> any ReductionFolder {
    switch (op, dtype) {
    case (.sum, .float32): Folder<SumFloat>()
    case (.sum, .float64): Folder<SumDouble>()
    case (.sum, _): Folder<SumInt>()
    case (.prod, .float32): Folder<ProductFloat<Float>>()
    case (.prod, .float64): Folder<ProductFloat<Double>>()
    case (.prod, _): Folder<ProductInt>()
    // On bool (0/1 bytes) the maximum is `any` and the minimum `all`.
    case (.max, .bool): Folder<AnyTrue>()
    case (.min, .bool): Folder<AllTrue>()
    case (.max, _): extremeFolder(Largest.self, dtype)
    case (.min, _): extremeFolder(Smallest.self, dtype)
    case (.argmax, _): argFolder(Largest.self, dtype)
    case (.argmin, _): argFolder(Smallest.self, dtype)
    case (.any, _): Folder<AnyTrue>()
    case (.all, _): Folder<AllTrue>()
    case (.logSumExp, .float32): Folder<LogSumExp<Float, WholeLogSumExp>>()
    case (.logSumExp, _): Folder<LogSumExp<Double, WholeLogSumExp>>()
    case (.logSumExpAboveMax, .float32): Folder<LogSumExp<Float, LogSumExpAboveMaximum>>()
    case (.logSumExpAboveMax, _): Folder<LogSumExp<Double, LogSumExpAboveMaximum>>()
    }
}

private func extremeFolder<D: ExtremeDirection>(_: D.Type, _ dtype: DType) -> any ReductionFolder {
    switch dtype {
    case .float32: Folder<Extreme<Float, D>>()
    case .float64: Folder<Extreme<Double, D>>()
    case .int32: Folder<Extreme<Int32, D>>()
    default: Folder<Extreme<Int64, D>>()
    }
}

private func argFolder<D: ExtremeDirection>(_: D.Type, _ dtype: DType) -> any ReductionFolder {
    switch dtype {
    case .float32: Folder<ArgExtreme<Float, D>>()
    case .float64: Folder<ArgExtreme<Double, D>>()
    case .int32: Folder<ArgExtreme<Int32, D>>()
    // The graph builder casts bool to int32 before an argmax.
    default: Folder<ArgExtreme<Int64, D>>()
    }
}
