import Testing
@testable import LazyArray
@testable import Scheduler
import Kernels

/// The planner's invariant that no kernel reads a buffer it writes other than element for
/// element (Plan+OwnResults.swift), on the plan shape that once broke it: a realized view of an
/// expression (a transpose made a matmul's operand or an output) over a node that is a member
/// of a kernel. The group pass judged such a view to read that node element for element, so it
/// joined the node's kernel and loaded it transposed from the buffer the kernel was still
/// writing: `matmul(relu(x), relu(x).T)` came out wrong with no error (the gradient seeds 185 and
/// 26 of GradientCheckTests went through it).
@Suite(.serialized, .timeLimit(.minutes(10))) struct FusionPlannerOwnResultsTests {
    /// Quarters in [-2, 2]: sums and products of a few of them are exact in float64 in any
    /// order, so fused and eager results must agree bit for bit.
    private static func quarters(_ shape: [Int], seed: Int) -> NDArray {
        NDArray((0..<shape.reduce(1, *)).map { Double(($0 * 7 + seed * 5) % 17 - 8) / 4 }, shape: shape)
    }

    /// The arrays of each case, built afresh on each call (so one copy runs fused, one eager).
    static func build(_ name: String) -> [NDArray] {
        let a = quarters([4, 4], seed: 1), b = quarters([4, 4], seed: 2), c = quarters([4, 4], seed: 3)
        switch name {
        case "gram matrix of an expression":
            // relu(a) is inlined into both operands; the transposed one joined the other's kernel.
            let h = relu(a - 0.5)
            return [matmul(h, h.T)]
        case "transpose of an expression over an output":
            let y = a * b - 1
            return [y, (y * 2).T]
        case "matmul operand over an output":
            let y = a * b + 0.5
            return [y, matmul(c, (y - c).T)]
        case "batched operand over a shared node":
            // Seed 185's shape: a node read by two kernels, transposed in a batched product's operand.
            let x = quarters([3, 4, 4], seed: 4), w = quarters([3, 4, 4], seed: 5)
            let shared = x * x - x * 0.5 + 0.25
            return [matmul(w, (shared - w).swappingLastAxes), shared.sum(axis: 2)]
        case "axes of length 1":
            // Seed 26's shape: the transpose moves no element, but was still loaded from the
            // buffer its kernel writes, before the write.
            let h = relu(quarters([1, 1, 1], seed: 6))
            return [matmul(h, h.swappingLastAxes)]
        default:
            preconditionFailure("no case \(name)")
        }
    }

    static let cases = ["gram matrix of an expression", "transpose of an expression over an output",
                        "matmul operand over an output", "batched operand over a shared node", "axes of length 1"]

    /// The pending graph of `arrays` (nothing is evaluated).
    private static func pending(_ arrays: [NDArray]) throws -> Engine.Pending {
        try #require(Engine.shared.take(arrays.map(\.node)))
    }

    @Test(arguments: cases)
    func fusedPlanReadsNoBufferItWrites(case name: String) throws {
        let graph = try Self.pending(Self.build(name)).graph
        // The group pass's own plan, before `FusionPlanner.plan` checks it (which would stop a
        // debug build on a plan that breaks the invariant).
        let plan = FusionPlanner.plan(graph, FusionPlanner.Realization(graph), fusing: true)
        try #require(plan.kernelsReadingTheirOwnResults.isEmpty, "\(name):\n\(plan.explain())")
        let fused = Self.build(name)
        NDArray.evaluate(fused)
        let eager = Self.build(name).map { $0.evaluate(mode: .eager).toArray(Double.self) }
        for (result, reference) in zip(fused, eager) {
            #expect(sameBits(result.toArray(Double.self), reference), "\(name)")
        }
    }

    @Test func transposeOfAnExpressionIsAKernelOfItsOwn() {
        // y's kernel, then the transpose's, which reads y's finished buffer.
        let arrays = Self.build("transpose of an expression over an output")
        #expect(NDArray.kernelCount(arrays[0], arrays[1]) == 2, "\(NDArray.explain(arrays))")
    }

    /// The plan `FusionPlanner.plan` falls back to (one kernel per computed node) keeps the
    /// invariant and computes what eager does.
    @Test(arguments: cases)
    func unfusedPlanMatchesEager(case name: String) throws {
        let pending = try Self.pending(Self.build(name))
        let plan = FusionPlanner.plan(pending.graph, FusionPlanner.Realization(pending.graph), fusing: false)
        #expect(plan.kernelsReadingTheirOwnResults.isEmpty, "\(name):\n\(plan.explain())")
        var statistics = ExecutionStatistics()
        let results = FusedExecutor().evaluate(plan, sources: pending.sources, threads: 1, statistics: &statistics)
        let eager = Self.build(name).map { $0.evaluate(mode: .eager).toArray(Double.self) }
        for (output, (result, reference)) in zip(pending.graph.outputs, zip(results, eager)) {
            let array = NDArray(node: Node(value: result, dtype: pending.graph.nodes[output].dtype))
            #expect(sameBits(array.toArray(Double.self), reference), "\(name)")
        }
    }

    /// The check itself, on hand-made programs over a 4 x 4 space writing slot 1.
    @Test func invariantFlagsEveryReadOfOwnResultsButAnEpiloguesInPlace() {
        func program(reading view: View, slot: Int, reducing: Bool = false) -> KernelProgram {
            let copy = Instruction(kind: .elementwise(.identity), operandType: .float64, resultType: .float64, operands: [.input(0)], result: 0)
            let reduction = KernelReduction(outer: 4, extent: 4, inner: 1,
                                            outputs: [ReductionOutput(op: .sum, register: 0, dtype: .float64, slot: 1, resultType: .float64)])
            return KernelProgram(shape: [4, 4], inputs: [KernelInput(slot: slot, dtype: .float64, view: view)], instructions: [copy],
                                 outputs: reducing ? [] : [KernelOutput(register: 0, slot: 1, dtype: .float64)],
                                 reduction: reducing ? reduction : nil)
        }
        let rowMajor = View(contiguous: [4, 4]), transposed = View(shape: [4, 4], strides: [1, 4])
        // Any read of a buffer the program writes, even of the element it is about to write.
        #expect(program(reading: transposed, slot: 1).readsItsOwnResults())
        #expect(program(reading: rowMajor, slot: 1).readsItsOwnResults())
        #expect(program(reading: rowMajor, slot: 1, reducing: true).readsItsOwnResults(inPlace: 1))
        // An epilogue reads its product in place only element for element.
        #expect(!program(reading: rowMajor, slot: 1).readsItsOwnResults(inPlace: 1))
        #expect(program(reading: transposed, slot: 1).readsItsOwnResults(inPlace: 1))
        #expect(program(reading: View(shape: [4, 4], strides: [4, 1], offset: 1), slot: 1).readsItsOwnResults(inPlace: 1))
        // Another buffer, through any view.
        #expect(!program(reading: transposed, slot: 0).readsItsOwnResults())
        #expect(!program(reading: transposed, slot: 0, reducing: true).readsItsOwnResults())
    }
}
