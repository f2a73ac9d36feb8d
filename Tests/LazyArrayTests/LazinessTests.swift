import Dispatch
import Testing
@testable import LazyArray
import Kernels

/// Results written from several threads.
final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let lock = Mutex()
    private var values: [T?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    subscript(index: Int) -> T? {
        get { lock.withLock { values[index] } }
        set { lock.withLock { values[index] = newValue } }
    }
    var all: [T?] { lock.withLock { values } }
}

func inputCount(_ a: NDArray) -> Int { Engine.shared.state.withLock { a.node.inputs($0).count } }

@Suite(.timeLimit(.minutes(10))) struct LazinessTests {
    @Test func opsReturnAtOnceWithShapeAndDtype() {
        let a = NDArray([1, 2, 3, 4, 5, 6], shape: [2, 3])
        let b = NDArray([Float(0.5), 1.5, 2.5])
        #expect(a.isEvaluated, "arrays made from data start evaluated")
        let y = a * b + 1
        #expect(!y.isEvaluated)
        #expect(y.shape == [2, 3])
        #expect(y.dtype == .float64)          // int64 with float32 promotes to float64
        #expect(y.ndim == 2 && y.size == 6)
        #expect(y.node.lockedValue == nil)
        let c = (a .> 2) & (a .< 6)
        #expect(!c.isEvaluated && c.dtype == .bool && c.shape == [2, 3])
        let t = sqrt(NDArray([Int32(4), 9])).T
        #expect(!t.isEvaluated && t.dtype == .float64 && t.shape == [2])
        let v = a.reshape([3, 2]).T.expandDims(axis: 0)
        #expect(!v.isEvaluated && v.shape == [1, 2, 3])
        let z = NDArray.zeros([2, 3], dtype: .int32)
        #expect(!z.isEvaluated && z.dtype == .int32)
    }

    /// Nothing is computed before evaluation: an op whose result would take 80 GB returns at
    /// once (computing it would fail to allocate or take minutes).
    @Test func hugeResultIsNotComputed() {
        let huge = NDArray.zeros([100_000, 100_000]) + 1
        #expect(huge.shape == [100_000, 100_000])
        #expect(huge.size == 10_000_000_000)
        #expect(!huge.isEvaluated)
        let sum = huge * huge - huge
        #expect(!sum.isEvaluated && sum.dtype == .float64)
    }

    @Test(arguments: allModes)
    func evaluateSetsTheValueAndDropsInputs(mode: EvaluationMode) {
        let a = NDArray([1.0, 2.0, 3.0])
        let y = (a + 1) * 2
        #expect(inputCount(y) == 2)
        y.evaluate(mode: mode)
        #expect(y.isEvaluated)
        #expect(inputCount(y) == 0)
        #expect(y.toArray(Double.self) == [4, 6, 8])
        // Evaluating again is a no-op that keeps the value.
        let buffer = y.node.lockedValue?.buffer
        y.evaluate(mode: mode)
        #expect(y.node.lockedValue?.buffer === buffer)
    }

    /// The graph behind an evaluated node is freed: an intermediate held only by it goes away.
    @Test(arguments: allModes)
    func evaluatedGraphIsFreed(mode: EvaluationMode) {
        weak var intermediate: Node?
        let y: NDArray
        do {
            let t = NDArray([1, 2, 3]) * 3
            intermediate = t.node
            y = t - 1
        }
        #expect(intermediate != nil, "held by y before evaluation")
        evaluate(y, mode: mode)
        #expect(intermediate == nil, "freed once y is evaluated")
        #expect(y.toArray(Int.self) == [2, 5, 8])
    }

    /// An intermediate the caller still holds stays usable after a later node is evaluated.
    @Test(arguments: allModes)
    func heldIntermediateStillEvaluates(mode: EvaluationMode) {
        let t = NDArray([1, 2, 3]) * 3
        let y = t - 1
        evaluate(y, mode: mode)
        #expect(y.toArray(Int.self) == [2, 5, 8])
        evaluate(t, mode: mode)
        #expect(t.toArray(Int.self) == [3, 6, 9])
    }

    @Test func readingDataEvaluates() {
        let a = NDArray([1, 2, 3, 4])
        let viaToArray = a + 10
        #expect(viaToArray.toArray(Int.self) == [11, 12, 13, 14])
        #expect(viaToArray.isEvaluated)

        let single = (NDArray(2.0) * 3)
        #expect(!single.isEvaluated)
        #expect(single.item(Double.self) == 6)
        #expect(single.isEvaluated)

        let viaDescription = a * 2
        #expect(!viaDescription.isEvaluated)
        #expect(viaDescription.description == "[2 4 6 8]")
        #expect(viaDescription.isEvaluated)

        let viaDebug = a * 3
        #expect(!viaDebug.isEvaluated)
        _ = viaDebug.debugDescription
        #expect(viaDebug.isEvaluated)

        let viaInterpolation = a - 1
        #expect("\(viaInterpolation)" == "[0 1 2 3]")
        #expect(viaInterpolation.isEvaluated)
    }

    @Test(arguments: allModes)
    func evaluateSeveral(mode: EvaluationMode) {
        let a = NDArray([1.0, 2.0, 3.0])
        let shared = exp(a) - exp(a)          // 0, shared by both outputs
        let y = shared + a
        let z = shared * a - a
        evaluate(y, z, mode: mode)
        #expect(y.isEvaluated && z.isEvaluated)
        #expect(inputCount(y) == 0 && inputCount(z) == 0)
        #expect(y.toArray(Double.self) == [1, 2, 3])
        #expect(z.toArray(Double.self) == [-1, -2, -3])
        // The same array twice, an evaluated one, and a view of another output.
        let w = a * 4
        let v = w.T
        evaluate(w, w, a, v, mode: mode)
        #expect(w.isEvaluated && v.isEvaluated)
        #expect(v.toArray(Double.self) == [4, 8, 12])
        // The array-form static method.
        let p = a + 1, q = a + 2
        NDArray.evaluate([p, q], mode: mode)
        #expect(p.isEvaluated && q.isEvaluated)
        #expect(q.toArray(Double.self) == [3, 4, 5])
    }

    /// `x = x + 1` a million times: build, evaluate, free, without overflowing the stack.
    /// (Time is printed, not asserted: the machine is shared.)
    @Test(arguments: allModes)
    func millionOpChain(mode: EvaluationMode) {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            var x = NDArray([0, 1, 2, 3])
            for _ in 0..<1_000_000 { x = x + 1 }
            let built = clock.now
            #expect(!x.isEvaluated)
            #expect(x.shape == [4] && x.dtype == .int64)
            evaluate(x, mode: mode)
            let evaluated = clock.now
            #expect(x.toArray(Int.self) == [1_000_000, 1_000_001, 1_000_002, 1_000_003])
            #expect(inputCount(x) == 0)
            print("million-op chain (\(mode)): build \(built - start), evaluate \(evaluated - built)")
        }
        print("million-op chain (\(mode)): total with free \(clock.now - start)")
    }

    /// A shorter chain in float32 with a Swift Double literal (a weak scalar: stays float32
    /// all along), evaluated in the default mode.
    @Test func longChainFloat32() {
        var x = NDArray([Float](repeating: 0, count: 4), shape: [2, 2])
        for _ in 0..<100_000 { x = x + 0.5 }
        #expect(x.dtype == .float32)
        x.evaluate()
        // 0.5 steps are exact in float32 up to 2^23.
        #expect(x.toArray(Float.self) == [50_000, 50_000, 50_000, 50_000])
    }

    /// Dropping a million-deep chain that was never evaluated must not overflow the stack.
    @Test func freeingAnUnevaluatedChain() {
        weak var root: Node?
        do {
            var x = NDArray([1.0, 2.0, 3.0, 4.0])
            for _ in 0..<1_000_000 { x = x * 1 }
            root = x.node
            #expect(!x.isEvaluated)
            #expect(root != nil)
        }
        #expect(root == nil)
        // A chain whose middle is still held: the tail stays valid after the head is freed.
        var middle: NDArray?
        do {
            var x = NDArray([1, 2])
            for i in 0..<200_000 {
                x = x + 1
                if i == 99_999 { middle = x }
            }
        }
        #expect(middle?.toArray(Int.self) == [100_001, 100_002])
    }

    /// Several threads evaluate graphs that share unevaluated nodes; all results are right.
    @Test func concurrentEvaluationWithDispatch() {
        for round in 0..<20 {
            let base = NDArray((0..<64).map(Double.init))
            let shared = base * 2 + 1                      // 2i + 1, unevaluated, read by all
            let sharedTwice = shared * shared - shared      // (2i+1)(2i) , also shared
            let slots = ResultSlots<[Double]>(count: 16)
            DispatchQueue.concurrentPerform(iterations: 16) { i in
                let y: NDArray
                switch i % 4 {
                case 0: y = shared
                case 1: y = sharedTwice + Double(i)
                case 2: y = (shared + Double(i)).T
                default: y = sharedTwice - shared * Double(i)
                }
                if i % 3 == 0 { evaluate(y, mode: .eager) } else { y.evaluate() }
                slots[i] = y.toArray(Double.self)
            }
            for i in 0..<16 {
                let expected: [Double] = (0..<64).map { k in
                    let s = 2 * Double(k) + 1
                    switch i % 4 {
                    case 0: return s
                    case 1: return s * s - s + Double(i)
                    case 2: return s + Double(i)
                    default: return s * s - s - s * Double(i)
                    }
                }
                #expect(slots[i] == expected, "round \(round), thread \(i)")
            }
            #expect(shared.toArray(Double.self) == (0..<64).map { 2 * Double($0) + 1 })
        }
    }

    @Test func concurrentEvaluationWithTasks() async {
        for _ in 0..<10 {
            let base = NDArray((0..<100).map { $0 }, shape: [10, 10])
            let shared = (base % 7) * 3
            let results = await withTaskGroup(of: (Int, [Int]).self) { group in
                for i in 0..<12 {
                    group.addTask {
                        let y = i.isMultiple(of: 2) ? shared + i : (shared.T - i).T
                        evaluate(y, shared, mode: i.isMultiple(of: 3) ? .eager : .fused)
                        return (i, y.toArray(Int.self))
                    }
                }
                var collected: [Int: [Int]] = [:]
                for await (i, values) in group { collected[i] = values }
                return collected
            }
            #expect(results.count == 12)
            for i in 0..<12 {
                let expected = (0..<100).map { ($0 % 7) * 3 + (i.isMultiple(of: 2) ? i : -i) }
                #expect(results[i] == expected, "task \(i)")
            }
        }
    }
}
