import Foundation
import Testing
@testable import LazyArray
import Kernels
import Scheduler

/// Elementwise results laid out as their inputs are (FusionPlanner+Layout.swift, NumPy's
/// `order='K'`): `X.T + 1` is a transposed view of a fresh buffer written front to back, with
/// the values of the eager reference and of hand computation, and every later use of such a
/// result (slices, reshapes, products, reductions, files, updates) reads it correctly.
@Suite(.serialized, .timeLimit(.minutes(10))) struct InheritedLayoutTests {
    /// The layout of an evaluated array.
    private func layout(_ array: NDArray) -> View {
        array.evaluate()
        return array.node.lockedValue!.view
    }

    /// Float32 values 0, 1, 2, ... of `shape` (exact in every dtype used here).
    private func counting(_ shape: [Int], dtype: DType = .float32) -> NDArray {
        makeArray((0..<shape.reduce(1, *)).map(Double.init), dtype: dtype, shape: shape).evaluate()
    }

    /// The backends to check: the block VM, and the C target where it is available.
    private var backends: [Backend] { openMPAvailable ? [.dispatch, .openMP] : [.dispatch] }

    @Test func transposePlusOneIsATransposedViewOfADenseResult() {
        // X = [[0, 1, 2], [3, 4, 5]]; X.T * 10 + 1 = [[1, 31], [11, 41], [21, 51]].
        let x = counting([2, 3])
        let y = x.T * 10 + 1
        let plan = NDArray.plan([y])!
        #expect(plan.kernels.count == 1)
        #expect(plan.kernels[0].programKernel?.memoryOrder == [1, 0])
        // The kernel iterates the buffers front to back: one collapsed axis, read in place.
        #expect(plan.kernels[0].programKernel?.program.shape == [6])
        #expect(plan.kernels[0].programKernel?.program.inputs.allSatisfy { $0.access == .contiguous } == true)
        #expect(plan.kernels[0].programKernel?.prepared.tiledRegionShapes == nil)
        #expect(y.explain().contains("results in the inputs' memory order: axes (1, 0), slowest first"))
        #expect(y.toArray(Float.self) == [1, 31, 11, 41, 21, 51])
        #expect(layout(y) == View(shape: [3, 2], strides: [1, 3]))
        #expect(y.description == "[[ 1. 31.]\n [11. 41.]\n [21. 51.]]")
        #expect(y[2, 1].item(Float.self) == 51)
    }

    @Test func transposedKernelMovesWhatItsContiguousTwinMoves() {
        let x = counting([300, 200])
        let transposed = NDArray.plan([x.T + 1])!, contiguous = NDArray.plan([x + 1])!
        #expect(transposed.kernels.map(\.bytesMoved) == contiguous.kernels.map(\.bytesMoved))
        #expect(transposed.kernels[0].programKernel?.program.shape == contiguous.kernels[0].programKernel?.program.shape)
        #expect(transposed.kernels[0].programKernel?.program.inputs.map(\.access) == [.contiguous])
        #expect(!(x.T + 1).explain().contains("tiles"))
    }

    /// Random ranks 2-4 (sizes 1 included), permutations, dtypes, broadcast and scalar
    /// operands: the fused result equals the eager one and the hand-computed one, and its
    /// strides are the permuted input's on every axis longer than 1.
    @Test(arguments: 0..<60)
    func generatedPermutationsMatchEagerAndHandComputedValues(seed: Int) {
        var rng = SplitMix64(state: UInt64(seed) &* 7919 &+ 17)
        let rank = rng.int(2...4)
        let shape = (0..<rank).map { _ in rng.chance(15) ? 1 : rng.int(2...6) }
        var permutation = Array(0..<rank)
        for i in stride(from: rank - 1, to: 0, by: -1) { permutation.swapAt(i, rng.int(0...i)) }
        let dtype = [DType.float32, .float64, .int32, .int64][rng.below(4)]
        let x = counting(shape, dtype: dtype)
        let viewed = x.transposed(permutation)
        let resultShape = viewed.shape
        // A broadcast operand: the result's shape with some axes of length 1, row-major.
        let bShape = resultShape.map { rng.chance(50) ? 1 : $0 }
        let b = makeArray((0..<bShape.reduce(1, *)).map { Double($0 % 7) - 3 }, dtype: dtype, shape: bShape).evaluate()
        let build = { viewed * 3 + b - 2 }

        // By hand: element `index` of the result reads x at the permuted index.
        let xStrides = View.rowMajorStrides(shape), bStrides = View.rowMajorStrides(bShape)
        var want: [Double] = []
        var index = [Int](repeating: 0, count: rank)
        for _ in 0..<resultShape.reduce(1, *) {
            var xOffset = 0, bOffset = 0
            for axis in 0..<rank {
                xOffset += index[axis] * xStrides[permutation[axis]]
                bOffset += (bShape[axis] == 1 ? 0 : index[axis]) * bStrides[axis]
            }
            want.append(Double(xOffset) * 3 + Double(bOffset % 7 - 3) - 2)
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < resultShape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        let eager = build().evaluate(mode: .eager).toArray(Double.self)
        #expect(eager == want, "seed \(seed): shape \(shape), permutation \(permutation), \(dtype)")
        let inputView = layout(viewed)
        for backend in backends {
            let fused = build()
            let statistics = NDArray.statistics(during: { fused.evaluate(backend: backend) })
            #expect(statistics.fallbacks == 0, "every kernel ran on its backend")
            #expect(fused.toArray(Double.self) == want, "seed \(seed) \(backend): shape \(shape), permutation \(permutation), b \(bShape), \(dtype)")
            let view = layout(fused)
            if resultShape.indices.contains(where: { resultShape[$0] > 1 && bShape[$0] == 1 }) {
                // b is broadcast, so only the permuted x votes: the result is laid out as it.
                for axis in 0..<rank where resultShape[axis] > 1 {
                    #expect(view.strides[axis] == inputView.strides[axis], "seed \(seed) \(backend): \(view) against \(inputView)")
                }
            } else {
                // b is a whole row-major operand: unless the permutation only moves size-1
                // axes, the inputs disagree and the result is row-major.
                #expect(view.isContiguous, "seed \(seed) \(backend): \(view)")
            }
        }
    }

    @Test func followUpOperationsReadThePermutedResult() throws {
        let x = counting([5, 7])
        let y = (x.T + 1).evaluate()
        let reference = (x.T + 1).evaluate(mode: .eager)
        let values = reference.toArray(Float.self)
        #expect(layout(y).strides == [1, 7])
        #expect(y.toArray(Float.self) == values)
        // Row slices, a column, a reshape (a copy: the permuted axes do not merge), flatten.
        #expect(y[2..<4].toArray(Float.self) == Array(values[10..<20]))
        #expect(y[.all, 1].toArray(Float.self) == stride(from: 1, to: 35, by: 5).map { values[$0] })
        #expect(y.reshape([35]).toArray(Float.self) == values)
        #expect(y.reshape(5, 7).toArray(Float.self) == values)
        #expect(y.flatten().toArray(Float.self) == values)
        #expect(y.T.toArray(Float.self) == reference.T.toArray(Float.self))
        // Products, reductions, softmax, concatenation, a chain on the result.
        let w = counting([5, 3])
        #expect(matmul(y, w).toArray(Float.self) == matmul(reference, w).toArray(Float.self))
        #expect(matmul(w.T, y.T).toArray(Float.self) == matmul(w.T, reference.T).toArray(Float.self))
        #expect(y.sum(axis: 0).toArray(Float.self) == reference.sum(axis: 0).toArray(Float.self))
        #expect(y.sum(axis: 1).toArray(Float.self) == reference.sum(axis: 1).toArray(Float.self))
        #expect(y.max().item(Float.self) == 35)
        #expect(softmax(y / 10).toArray(Float.self) == softmax(reference / 10).toArray(Float.self))
        #expect(concatenate([y, y], axis: 1).toArray(Float.self) == concatenate([reference, reference], axis: 1).toArray(Float.self))
        for backend in backends {
            let chained = (y * 2 - 1).evaluate(backend: backend)
            #expect(chained.toArray(Float.self) == values.map { $0 * 2 - 1 }, "\(backend)")
            #expect(layout(chained).strides == [1, 7], "\(backend)")
            #expect(y.sum(axis: 1).evaluate(backend: backend).toArray(Float.self) == reference.sum(axis: 1).toArray(Float.self), "\(backend)")
            #expect((y + y.T.T * 3).evaluate(backend: backend).toArray(Float.self) == values.map { $0 * 4 }, "\(backend)")
        }
        // Masks and gathers copy through the strides.
        #expect(y[y .> 30].toArray(Float.self) == values.filter { $0 > 30 })
        #expect(y[NDArray([3, 0])].toArray(Float.self) == Array(values[15..<20] + values[0..<5]))
        // A .npy file is written row-major (C order) and read back equal.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("inherited-layout-\(getpid()).npy").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try y.save(to: path)
        let loaded = try NDArray.load(path)
        #expect(loaded.shape == [7, 5])
        #expect(loaded.toArray(Float.self) == values)
    }

    @Test func updatesOfAPermutedResultLeaveOtherArraysUnchanged() {
        let x = counting([4, 6])
        let y = (x.T + 1).evaluate()
        let before = y.toArray(Float.self)
        var z = y
        z[0] = NDArray(Float(-1))
        z[.all, 2] = NDArray([Float](repeating: 9, count: 6))
        #expect(y.toArray(Float.self) == before)
        var want = before
        for column in 0..<4 { want[column] = -1 }
        for row in 0..<6 { want[row * 4 + 2] = 9 }
        #expect(z.toArray(Float.self) == want)
        #expect(x.toArray(Float.self) == (0..<24).map(Float.init))
    }

    @Test func mixedLayoutsStayRowMajorAndTiled() {
        let x = counting([70, 70])
        let y = x.T + x
        let plan = NDArray.plan([y])!
        #expect(plan.kernels[0].programKernel?.memoryOrder == nil)
        #expect(plan.kernels[0].programKernel?.prepared.tiledRegionShapes != nil)
        #expect(y.toArray(Float.self) == (x.T + x).evaluate(mode: .eager).toArray(Float.self))
        #expect(layout(y).isContiguous)
        // A flipped transpose (negative strides) does not vote for a layout either.
        let flipped = x[.slice(step: -1)].T * 2
        #expect(NDArray.plan([flipped])!.kernels[0].programKernel?.memoryOrder == nil)
        #expect(flipped.toArray(Float.self) == x[.slice(step: -1)].T.evaluate(mode: .eager).toArray(Float.self).map { $0 * 2 })
        // Broadcast operands alone do not vote; with a permuted operand they follow it.
        let row = counting([70])
        #expect(NDArray.plan([row.reshape(70, 1) + row])!.kernels[0].programKernel?.memoryOrder == nil)
        #expect(NDArray.plan([x.T + row])!.kernels[0].programKernel?.memoryOrder == [1, 0])
        let centered = x.T - x.T.mean(axis: 0)
        #expect(NDArray.plan([centered])!.kernels.map { $0.programKernel?.memoryOrder } == [nil, [1, 0]])
        #expect(centered.toArray(Float.self) == (x.T - x.T.mean(axis: 0)).evaluate(mode: .eager).toArray(Float.self))
        // A slice of a transpose is not dense but still ordered: it qualifies.
        let sliced = x[1..<60, .slice(0, nil, step: 2)].T + 1
        #expect(NDArray.plan([sliced])!.kernels[0].programKernel?.memoryOrder == [1, 0])
        #expect(sliced.toArray(Float.self) == x[1..<60, .slice(0, nil, step: 2)].T.evaluate(mode: .eager).toArray(Float.self).map { $0 + 1 })
    }

    @Test func randomSamplesKeepTheirRowMajorPositions() {
        let x = counting([30, 20])
        let fused = x.T + RandomGenerator(seed: 5).normal([20, 30], dtype: .float32)
        let eager = x.T + RandomGenerator(seed: 5).normal([20, 30], dtype: .float32)
        #expect(NDArray.plan([fused])!.kernels.allSatisfy { $0.programKernel != nil && $0.programKernel?.memoryOrder == nil })
        #expect(fused.toArray(Float.self) == eager.evaluate(mode: .eager).toArray(Float.self))
    }

    @Test func outputsEvaluatedTogetherAndSharedRoots() {
        let x = counting([6, 9])
        let y = x.T + 1, z = x.T * 2
        evaluate(y, z)
        #expect(layout(y).strides == [1, 9] && layout(z).strides == [1, 9])
        let values = x.T.evaluate(mode: .eager).toArray(Float.self)
        // A root that a reduction of the same evaluation reads along its rows stays row-major
        // (the reduction would otherwise gather one element per row); a root read only by an
        // elementwise kernel keeps the order.
        let yy = x.T + 1, total = yy.sum(axis: 1), zz = x.T * 2, doubled = zz * zz
        #expect(NDArray.plan([yy, total])!.kernels[0].programKernel?.memoryOrder == nil)
        evaluate(yy, total, zz, doubled)
        #expect(layout(yy).isContiguous)
        #expect(layout(zz).strides == [1, 9] && layout(doubled).strides == [1, 9])
        #expect(yy.toArray(Float.self) == values.map { $0 + 1 })
        #expect(doubled.toArray(Float.self) == values.map { $0 * 2 * $0 * 2 })
        #expect(y.toArray(Float.self) == values.map { $0 + 1 })
        #expect(z.toArray(Float.self) == values.map { $0 * 2 })
        let rowSums: [Float] = (0..<9).map { row in
            var sum: Float = 0
            for column in 0..<6 { sum += values[row * 6 + column] + 1 }
            return sum
        }
        #expect(total.toArray(Float.self) == rowSums)
        // A root also read through a reshape that the permuted layout cannot express: both
        // results stay row-major, and correct.
        let u = x.T - 3
        let flat = u.reshape([54])
        evaluate(u, flat)
        #expect(layout(u).isContiguous)
        #expect(u.toArray(Float.self) == values.map { $0 - 3 })
        #expect(flat.toArray(Float.self) == values.map { $0 - 3 })
        // A root and its transpose: the transpose is then a row-major view of the same buffer.
        let v = x.T + 5
        let back = v.T
        evaluate(v, back)
        #expect(layout(back).isContiguous)
        #expect(back.toArray(Float.self) == x.toArray(Float.self).map { $0 + 5 })
        // An expensive intermediate read through a broadcast is stored in the inherited order
        // and read back by the next kernel; a softmax's input is read along its rows, so it
        // stays row-major.
        let shared = sqrt(abs(x.T * 3 + 1)) / 7
        let spread = shared.expandDims(axis: 0).broadcast(to: [3, 9, 6]) + 1
        // (The stored value is the expanded one, of shape (1, 9, 6).)
        #expect(NDArray.plan([spread])!.kernels.map { $0.programKernel?.memoryOrder } == [[0, 2, 1], nil])
        #expect(spread.toArray(Float.self) == spread.evaluate(mode: .eager).toArray(Float.self))
        let rows = softmax(x.T + 1)
        #expect(NDArray.plan([rows])!.kernels[0].programKernel?.memoryOrder == nil)
        #expect(rows.toArray(Float.self) == softmax(x.T.evaluate(mode: .eager) + 1).toArray(Float.self))
    }

    @Test func plansAndLoweringsOfDifferentLayoutsAreDifferent() {
        let a = counting([8, 5]), b = counting([5, 8])
        let transposed = (a.T + 1).evaluate(), contiguous = (b + 1).evaluate()
        #expect(layout(transposed).strides == [1, 5])
        #expect(layout(contiguous).strides == [8, 1])
        // The same structure over new buffers reuses the plan, and the layout with it.
        let again = (counting([8, 5]).T + 1)
        #expect(NDArray.isPlanCached([again]))
        #expect(layout(again).strides == [1, 5])
        #expect(again.toArray(Float.self) == transposed.toArray(Float.self))
    }

    @Test func higherRankPermutationsInheritTheirOrder() {
        let x = counting([3, 4, 5, 6])
        let y = x.transposed([2, 0, 3, 1]) * 2
        #expect(NDArray.plan([y])!.kernels[0].programKernel?.memoryOrder == [1, 3, 0, 2])
        #expect(layout(y).strides == layout(x.transposed([2, 0, 3, 1])).strides)
        #expect(y.toArray(Float.self) == x.transposed([2, 0, 3, 1]).evaluate(mode: .eager).toArray(Float.self).map { $0 * 2 })
        // Size-1 axes keep their places and do not vote.
        let z = x.reshape(3, 1, 4, 30).transposed([3, 1, 2, 0]) + 1
        #expect(NDArray.plan([z])!.kernels[0].programKernel?.memoryOrder == [3, 1, 2, 0])
    }

    @Test func distributedArraysSplitAPermutedResult() throws {
        let x = RandomGenerator(seed: 4).normal([5, 9], dtype: .float32).evaluate()
        let y = (x.T + 1).evaluate()
        let want = (x.T + 1).evaluate(mode: .eager).toArray(Float.self)
        let results = ThreadedGroup(size: 2).run { communicator -> [Float] in
            let d = DistributedArray(scattering: y, over: communicator)
            return try (d * 2).gathered().toArray(Float.self) + d.sum(axis: 0).local.toArray(Float.self)
        }
        let sums = y.sum(axis: 0).toArray(Float.self)
        for result in results {
            let got = try result.get()
            #expect(Array(got[0..<45]) == want.map { $0 * 2 })
            #expect(zip(got[45...], sums).allSatisfy { Swift.abs($0 - $1) <= 1e-5 * Swift.max(1, Swift.abs($1)) })
        }
    }

    /// `i` is a view of `r` that a later reshape needs copied, and `split`, a view of `i` taken
    /// before the copy, reads `r`'s buffer: `r` keeps row-major results (there is no strided
    /// form of `split` over a permuted `r` through the copy), and every value is right.
    @Test func aViewOfACopiedViewReadsTheRightBuffer() {
        let x = counting([6, 8])
        let build = { () -> [NDArray] in
            let r = x.T * 2 + 1
            let i = r.T
            return [r, i.reshape(3, 2, 8) * 3, i.reshape(48) - 1, (i.reshape(3, 2, 8) + 2).sum(axis: 2)]
        }
        let fused = build(), eager = build()
        NDArray.evaluate(fused)
        NDArray.evaluate(eager, mode: .eager)
        for (got, want) in zip(fused, eager) {
            #expect(got.toArray(Float.self) == want.toArray(Float.self))
        }
    }
}
