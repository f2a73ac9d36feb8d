import Testing
@testable import LazyArray
import Scheduler
import Kernels

/// `explain()` of gradients: which kernels compute the forward pass, which the backward pass
/// (nodes built by `Backpropagation.cotangents`, `Node.isBackward`), and which stored forward
/// values the backward pass reads from memory (`Plan.keptForBackward`). The kernel lists pinned
/// here are the planner's present choices, like `FusionTests`' kernel counts.
@Suite(.timeLimit(.minutes(10))) struct GradientExplainTests {
    /// The buffer slots a kernel reads (inputs, a matmul's operands and epilogue inputs, a
    /// finishing phase's inputs) and writes.
    static func slots(of kernel: PlannedKernel) -> (reads: Set<Int>, writes: Set<Int>) {
        switch kernel.kind {
        case .program(let programKernel):
            let program = programKernel.program
            var reads = Set(program.inputs.map(\.slot))
            var writes = Set(program.outputs.map(\.slot)).union(program.reduction?.outputs.map(\.slot) ?? [])
            if let finisher = programKernel.finisher {
                reads.formUnion(finisher.program.inputs.map(\.slot))
                writes.formUnion(finisher.program.outputs.map(\.slot))
            }
            return (reads, writes)
        case .matrixProduct(let product):
            let epilogueReads = (product.epilogue?.program.inputs.map(\.slot) ?? []).filter { $0 != product.outputSlot }
            return (Set([product.a.slot, product.b.slot] + epilogueReads), [product.outputSlot])
        case .rowSoftmax(let rows):
            return ([rows.input.slot], [rows.outputSlot])
        case .indexedAxis(let copy):
            return ([copy.input.slot, copy.indices.slot], [copy.outputSlot])
        case .axisScan(let scan):
            switch scan.operand {
            case .buffer(let slot, _): return ([slot], [scan.outputSlot])
            case .program(let producers): return (Set(producers.program.inputs.map(\.slot)), [scan.outputSlot])
            }
        }
    }

    /// Every slot the plan says is kept for the backward pass is an intermediate written by a
    /// kernel with forward work, read by a kernel with backward work, and not an output.
    static func keptSlotsAreForwardValuesTheBackwardReads(_ plan: Plan) -> Bool {
        plan.keptForBackward.allSatisfy { slot in
            slot >= plan.sourceCount && !plan.outputs.contains { $0.slot == slot }
                && plan.kernels.contains { $0.passes.contains(.forward) && slots(of: $0).writes.contains(slot) }
                && plan.kernels.contains { $0.passes.contains(.backward) && slots(of: $0).reads.contains(slot) }
        }
    }

    /// The passes in the kernels' title lines, in order: "forward", "backward", "forward and backward".
    static func labels(_ explanation: String) -> [String] {
        explanation.split(separator: "\n").filter { $0.hasPrefix("kernel ") }.compactMap { line in
            guard let open = line.firstIndex(of: "("), let close = line.firstIndex(of: ")"),
                  line[..<open].hasSuffix(" "), line[close...].hasPrefix("):") else { return nil }
            return String(line[line.index(after: open)..<close])
        }
    }

    @Test func forwardOnlyGraphsCarryNoLabels() {
        let a = NDArray.arange(0.0, 6.0).reshape(2, 3), b = NDArray([10.0, 20.0, 30.0])
        let x = NDArray.arange(0.0, 12.0).reshape(4, 3), w = NDArray.arange(0.0, 6.0).reshape(3, 2)
        for arrays in [[sqrt(a * a + b) - 1], [softmax(relu(matmul(x, w) + 1), axis: -1).sum(axis: 0)]] {
            let explanation = NDArray.explain(arrays)
            #expect(!explanation.contains("forward") && !explanation.contains("backward") && !explanation.contains("kept"), "\(explanation)")
            #expect(explanation.split(separator: "\n")[1].hasPrefix("kernel 0: "), "\(explanation)")
            let plan = NDArray.plan(arrays)!
            #expect(plan.kernels.allSatisfy { $0.passes == .forward } && plan.keptForBackward.isEmpty)
        }
    }

    /// A dense layer `relu(x @ W + b)` summed: the backward pass needs the relu's mask, which it
    /// recomputes from the product `x @ W` (cheap: an add and a compare), so the product is the
    /// forward value kept for it; the weight gradient `xᵀ dz` and the bias gradient are backward
    /// kernels of their own.
    @Test func aLayerKeepsItsProductForTheBackwardPass() {
        let x = NDArray((0..<12).map { Double($0) / 6 - 1 }, shape: [4, 3])
        let (value, gradients) = valueAndGrad { (p: [NDArray]) -> NDArray in relu(matmul(x, p[0]) + p[1]).sum() }(
            [NDArray((0..<15).map { Double($0) / 7 - 1 }, shape: [3, 5]), NDArray((0..<5).map { Double($0) / 5 })])
        let outputs = [value] + gradients
        let explanation = NDArray.explain(outputs)
        #expect(Self.labels(explanation) == ["forward", "forward", "forward and backward", "backward", "backward"], "\(explanation)")
        #expect(explanation.contains("""
            kernel 0 (forward): matmul (4, 3) @ (3, 5) float64
              a   slot 0 shape (4, 3) strides (3, 1) offset 0: row-major, read in place
              b   slot 1 shape (3, 5) strides (5, 1) offset 0: row-major, read in place
              out slot 3 float64 shape (4, 5) contiguous, written once, kept for the backward pass
            """), "\(explanation)")
        let plan = NDArray.plan(outputs)!
        #expect(plan.keptForBackward == [3])
        #expect(Self.keptSlotsAreForwardValuesTheBackwardReads(plan))
        // The labels change nothing computed: the bias gradient is the count of positive
        // pre-activations per column, which the closed form gives exactly.
        let z = matmul(x, NDArray((0..<15).map { Double($0) / 7 - 1 }, shape: [3, 5])) + NDArray((0..<5).map { Double($0) / 5 })
        #expect(gradients[1].toArray(Double.self) == (z .> 0).astype(.float64).sum(axis: 0).toArray(Double.self))
    }

    /// A forward reduction the backward pass reads (the column sums of `x / Σx`) says so in its
    /// kernel's reduction line; the quotient, read by the backward kernels too, on its out line.
    @Test func reductionResultsKeptForTheBackwardPassSaySo() {
        let x = NDArray((0..<12).map { Double($0) / 6 + 1 }, shape: [4, 3])
        let (value, gradient) = valueAndGrad { (x: NDArray) -> NDArray in square(x / x.sum(axis: 0)).sum() }(x)
        let explanation = NDArray.explain([value, gradient])
        #expect(explanation.contains("kernel 0 (forward): sum over (4, 3), 1 instructions"), "\(explanation)")
        #expect(explanation.contains("reduces 4 elements into each of 3: sum -> slot 1 float64 (kept for the backward pass)"), "\(explanation)")
        #expect(explanation.contains("out slot 2 float64 shape (4, 3) contiguous, kept for the backward pass"), "\(explanation)")
        let plan = NDArray.plan([value, gradient])!
        #expect(plan.keptForBackward == [1, 2])
        #expect(Self.keptSlotsAreForwardValuesTheBackwardReads(plan))
    }

    /// The bench's `grad_chain`: the value and both gradients of `sum(sigmoid(a * w + b) ** 2)`
    /// over 0-d `w`, `b` are three sums in one pass over `a`: one kernel of both passes, with
    /// nothing stored between them.
    @Test func anElementwiseChainAndItsGradientsAreOneKernelOfBothPasses() {
        let a = NDArray((0..<1000).map { Double($0) / 250 - 2 })
        let (value, gradients) = valueAndGrad { (p: [NDArray]) -> NDArray in (sigmoid(a * p[0] + p[1]) ** 2).sum() }(
            [NDArray(0.75), NDArray(-0.5)])
        let explanation = NDArray.explain([value] + gradients)
        #expect(explanation.hasPrefix("1 kernel\nkernel 0 (forward and backward): "), "\(explanation)")
        #expect(!explanation.contains("kept"), "\(explanation)")
        #expect(NDArray.plan([value] + gradients)!.keptForBackward.isEmpty)
    }

    /// `sigmoid(2x)` is stored for the value's sum (another kernel), but the gradient reads it
    /// in the kernel that computes it, from a register: a value the backward pass reads only
    /// there is not kept for it.
    @Test func aValueTheBackwardReadsInRegistersIsNotKept() {
        let a = NDArray((0..<1000).map { Double($0) / 250 - 2 })
        let (value, gradient) = valueAndGrad { (x: NDArray) -> NDArray in (sigmoid(x * 2) ** 3).sum() }(a)
        let explanation = NDArray.explain([value, gradient])
        #expect(Self.labels(explanation) == ["forward and backward", "forward"], "\(explanation)")
        #expect(!explanation.contains("kept"), "\(explanation)")
        #expect(NDArray.plan([value, gradient])!.keptForBackward.isEmpty)
    }

    /// The gradient of `Σ x²` at an evaluated `x` is `leaf + leaf` over the gradient's input
    /// node (`identityNode`): built by hand, the same graph is forward work. The mark is part of
    /// the structure, so neither the lowering cache nor the plan cache hands one the other's
    /// labels, whichever is planned first (a length per order, so each order starts uncached).
    @Test(arguments: [(7, true), (11, false)])
    func cachedPlansKeepTheirOwnLabels(length: Int, gradientFirst: Bool) {
        let x = NDArray((0..<length).map(Double.init))
        func gradient() -> NDArray { grad { (x: NDArray) -> NDArray in (x * x).sum() }(x) }
        func handWritten() -> NDArray {
            let leaf = x.identityNode
            return leaf + leaf
        }
        var explanations: [String: String] = [:]
        for name in gradientFirst ? ["gradient", "hand-written"] : ["hand-written", "gradient"] {
            // Twice each: the second explain comes from both caches.
            for _ in 0..<2 { explanations[name] = (name == "gradient" ? gradient() : handWritten()).explain() }
        }
        let fromGradient = explanations["gradient"]!, byHand = explanations["hand-written"]!
        #expect(fromGradient.hasPrefix("1 kernel\nkernel 0 (backward): add over (\(length),)"), "\(fromGradient)")
        #expect(!byHand.contains("backward") && !byHand.contains("forward"), "\(byHand)")
        #expect(fromGradient.replacing(" (backward)", with: "") == byHand, "\(fromGradient)\n\(byHand)")
        #expect(gradient().node.fingerprint != handWritten().node.fingerprint)
        #expect(gradient().toArray(Double.self) == handWritten().toArray(Double.self))
    }

    /// Two graphs that differ only in the mark are two plan-cache keys, planned with their own
    /// labels.
    @Test func theMarkIsPartOfTheGraphsStructure() {
        func graph(backward: Bool) -> Graph {
            var graph = Graph()
            let x = graph.append(GraphNode(.source(slot: 0, view: View(contiguous: [4])), dtype: .float64, shape: [4]))
            graph.outputs = [graph.append(GraphNode(.elementwise(.add), dtype: .float64, shape: [4], inputs: [x, x], isBackward: backward))]
            return graph
        }
        #expect(graph(backward: true) != graph(backward: false))
        #expect(graph(backward: true).hasBackwardNodes && !graph(backward: false).hasBackwardNodes)
        let cache = PlanCache()
        var statistics = ExecutionStatistics()
        let forward = cache.plan(for: graph(backward: false), statistics: &statistics)
        let backward = cache.plan(for: graph(backward: true), statistics: &statistics)
        #expect(statistics.planCacheMisses == 2 && statistics.planCacheHits == 0)
        #expect(forward.kernels.map(\.passes) == [.forward] && backward.kernels.map(\.passes) == [.backward])
        #expect(!forward.explain().contains("backward") && backward.explain().contains("kernel 0 (backward): add"))
    }

    /// Only the rules' nodes are marked: code after the gradient (an optimizer step) is forward,
    /// and a kernel that inlines the gradient into it computes both passes.
    @Test func codeAfterAGradientIsForward() {
        let x = NDArray([1.0, 2.0, 3.0])
        let g = grad { (x: NDArray) -> NDArray in (x * x).sum() }(x)
        let updated = x - 0.1 * g
        #expect(g.node.isBackward && !updated.node.isBackward && !(g * 2).node.isBackward)
        #expect(updated.explain().hasPrefix("1 kernel\nkernel 0 (forward and backward): add multiply subtract over (3,)"), "\(updated.explain())")
    }
}
