import Testing
@testable import LazyArray
import Kernels

/// The compare-select merges (`KernelProgram+MergedInstructions.swift`): `where(x OP y, a, b)`
/// whose comparison is read nowhere else runs as one instruction, with a product chosen on one
/// side folded in too, and gives the bits of the instructions it replaces on both backends
/// (bitwise: a comparison and a choice round nothing, the product rounds once either way).
@Suite(.timeLimit(.minutes(10))) struct CompareSelectTests {
    static let comparisons = ElementwiseOp.allCases.filter(\.isComparison)

    /// `x OP y` as the public operators build it (`NDArray.binary` with the operation's rule).
    static func compare(_ op: ElementwiseOp, _ x: NDArray, _ y: NDArray) -> NDArray {
        NDArray.binary(op, x, y)
    }

    /// Values with every edge a comparison has: NaN, signed zeros, infinities, ties.
    static func values(_ count: Int, dtype: LazyArray.DType, seed: UInt64) -> [Double] {
        var generator = SplitMix64(state: seed)
        let specials: [Double] = dtype.isFloatingPoint ? [.nan, 0, -0.0, .infinity, -.infinity, 1, -1] : [0, 1, -1, 7]
        return (0..<count).map { _ in
            let pick = generator.next() % 4
            if pick == 0 { return specials[Int(generator.next() % UInt64(specials.count))] }
            return Double(Int(generator.next() % 9) - 4)
        }
    }

    static func instructionKinds(_ y: NDArray) -> [InstructionKind] {
        NDArray.plan([y])!.kernels.compactMap(\.programKernel).flatMap { $0.program.instructions.map(\.kind) }
    }

    static func isMerged(_ kind: InstructionKind) -> Bool {
        switch kind {
        case .compareSelect, .compareSelectProduct: true
        default: false
        }
    }

    /// A product read twice stays a multiply; the compare-select still merges.
    @Test func aProductReadElsewhereIsNotMerged() {
        let x = NDArray((0..<500).map { Double($0 % 7) - 3 })
        let scaled = 0.5 * x
        let y = NDArray.where(x .> 0, x, scaled) + scaled
        #expect(Self.instructionKinds(y).filter(Self.isMerged) == [.compareSelect(.greater)])
        let eager = (NDArray.where(x .> 0, x, 0.5 * x) + 0.5 * x).evaluate(mode: .eager)
        #expect(y.toArray(Double.self) == eager.toArray(Double.self))
    }

    @Test func leakyReluIsOnePass() {
        let a = NDArray((0..<3000).map { Float($0 % 11) - 5.5 })
        let y = NDArray.where(a .> 0, a, 0.01 * a)
        #expect(Self.instructionKinds(y) == [.compareSelectProduct(.greater, productWhenTrue: false)])
        let eager = NDArray.where(a .> 0, a, 0.01 * a).evaluate(mode: .eager)
        #expect(y.toArray(Float.self) == eager.toArray(Float.self))
    }

    /// Every comparison on every numeric dtype, against another array, a Swift scalar and a
    /// broadcast row, the chosen values from arrays and from a scalar: merged, and the same
    /// bits as eager on each backend available.
    @Test(arguments: [DType.float32, .float64, .int32, .int64])
    func everyComparisonMatchesEagerBitwise(dtype: LazyArray.DType) {
        let backends: [Backend] = Backend.openMP.isAvailable ? [.dispatch, .openMP] : [.dispatch]
        for (caseNumber, op) in Self.comparisons.enumerated() {
            let name = op.rawValue, compare = { Self.compare(op, $0, $1) }
            let seed = UInt64(caseNumber * 10)
            let x = makeArray(Self.values(2 * 700, dtype: dtype, seed: seed), dtype: dtype, shape: [2, 700])
            let y = makeArray(Self.values(2 * 700, dtype: dtype, seed: seed + 1), dtype: dtype, shape: [2, 700])
            let row = makeArray(Self.values(700, dtype: dtype, seed: seed + 2), dtype: dtype, shape: [700])
            let product = InstructionKind.compareSelectProduct(op, productWhenTrue: true)
            let productWhenFalse = InstructionKind.compareSelectProduct(op, productWhenTrue: false)
            let expressions: [(String, InstructionKind, () -> NDArray)] = [
                ("x \(name) y ? x : y", .compareSelect(op), { NDArray.where(compare(x, y), x, y) }),
                ("x \(name) 0 ? x : 3 * x", productWhenFalse, { NDArray.where(compare(x, NDArray.full([], 0, dtype: dtype)), x, 3 * x) }),
                ("x \(name) row ? y * x : y", product, { NDArray.where(compare(x, row), y * x, y) }),
                ("x \(name) row ? y : 2", .compareSelect(op), { NDArray.where(compare(x, row), y, NDArray.full([], 2, dtype: dtype)) }),
                ("-x \(name) y ? y + 1 : x", .compareSelect(op), { NDArray.where(compare(-x, y), y + 1, x) }),
            ]
            for (label, kind, build) in expressions {
                #expect(Self.instructionKinds(build()).contains(kind), "\(label) \(dtype)")
                let eager = build().evaluate(mode: .eager).toArray(Double.self)
                for backend in backends {
                    let fused = build().evaluate(backend: backend).toArray(Double.self)
                    #expect(sameBits(fused, eager), "\(label) \(dtype) on \(backend)")
                }
            }
        }
    }

    /// A comparison read twice, one that is also a result, or one over another dtype than the
    /// values chosen stays a comparison (and the results stay right).
    @Test func comparisonsReadElsewhereAreNotMerged() {
        let x = NDArray((0..<500).map { Double($0 % 7) - 3 }), y = NDArray((0..<500).map { Double($0 % 5) - 2 })
        let mask = x .> y
        let twice = NDArray.where(mask, x, y) + mask.astype(.float64)
        #expect(!Self.instructionKinds(twice).contains(where: Self.isMerged))
        #expect(twice.toArray(Double.self) == (NDArray.where(x .> y, x, y) + (x .> y).astype(.float64)).evaluate(mode: .eager).toArray(Double.self))

        let counts = NDArray((0..<500).map { Int32($0 % 3) - 1 })
        let otherType = NDArray.where(counts .> 0, x, y)
        #expect(!Self.instructionKinds(otherType).contains(where: Self.isMerged))
        #expect(otherType.toArray(Double.self) == NDArray.where(counts .> 0, x, y).evaluate(mode: .eager).toArray(Double.self))

        let selected = NDArray.where(mask, x, y)
        evaluate(mask, selected)
        #expect(mask.toArray(Bool.self) == (x .> y).evaluate(mode: .eager).toArray(Bool.self))
        #expect(selected.toArray(Double.self) == NDArray.where(x .> y, x, y).evaluate(mode: .eager).toArray(Double.self))
    }
}
