import Testing
@testable import LazyArray
@testable import Kernels
import Scheduler

/// The block VM's product sums (`ProductSumFolder`): a float sum of a product that nothing
/// else reads folds the product's operands without running the multiply, and gives the bits
/// of the product register it replaces (the same lanes over the same rounded products) on
/// every path of a reduction: long runs cut into pieces, short rows packed into blocks, whole
/// rows accumulated per column, and the OpenMP target's C.
@Suite(.timeLimit(.minutes(10))) struct ProductSumFoldTests {
    /// (shape, reduced axes): one run per piece, pieces merged; short rows; long rows; columns.
    static let layouts: [([Int], [Int]?)] = [([200_000], nil), ([300, 37], [1]), ([40, 2100], [1]), ([2100, 300], [0]),
                                            ([7, 30, 11], [1]), ([0, 5], [0])]

    /// Values with the specials a sum meets (NaN, infinities, signed zeros) now and then.
    static func values(_ count: Int, seed: UInt64) -> [Double] {
        var generator = SplitMix64(state: seed)
        let specials: [Double] = [.nan, .infinity, -.infinity, -0.0, 1e30]
        return (0..<count).map { _ in
            if generator.next() % 500 == 0 { return specials[Int(generator.next() % UInt64(specials.count))] }
            return Double(Int64(generator.next() % 20_001) - 10_000) / 997
        }
    }

    /// The products a gradient or a statistic sums: of two arrays, a square, by a constant
    /// and by a broadcast 0-d array.
    static func products(_ x: NDArray, _ y: NDArray, _ w: NDArray) -> [NDArray] { [x * y, x ** 2, x * 3, w * x] }

    /// What the VM folds for each reduction output of the kernels that evaluate `arrays`.
    static func reduced(_ arrays: [NDArray]) -> [PreparedProgram.ReducedValues] {
        NDArray.plan(arrays)!.kernels.compactMap(\.programKernel).flatMap(\.prepared.reduced)
    }

    static func isProduct(_ value: PreparedProgram.ReducedValues) -> Bool {
        if case .product = value { return true }
        return false
    }

    @Test(arguments: [LazyArray.DType.float32, .float64])
    func productSumsGiveTheProductRegistersBits(dtype: LazyArray.DType) {
        for (index, (shape, axes)) in Self.layouts.enumerated() {
            let count = shape.reduce(1, *)
            let x = makeArray(Self.values(count, seed: UInt64(index)), dtype: dtype, shape: shape).evaluate()
            let y = makeArray(Self.values(count, seed: UInt64(index) + 100), dtype: dtype, shape: shape).evaluate()
            let w = makeArray([-1.75], dtype: dtype, shape: []).evaluate()
            for (kind, product) in Self.products(x, y, w).enumerated() {
                let label = "\(dtype) \(shape) axes \(axes ?? []) product \(kind)"
                let folded = product.sum(axes: axes)
                let foldedValues = Self.reduced([folded])
                #expect(foldedValues.count == 1 && foldedValues.allSatisfy(Self.isProduct), "\(label): folded from its operands")
                // Evaluated beside its sum, the product is an output, so the sum folds its register.
                let register = product.sum(axes: axes)
                #expect(!Self.reduced([product, register]).contains(where: Self.isProduct), "\(label): the register is folded")
                NDArray.evaluate([product, register])
                let expected = register.toArray(Double.self)
                #expect(sameBits(folded.toArray(Double.self), expected), "\(label): the register's bits")
                if openMPAvailable {
                    let c = product.sum(axes: axes).evaluate(backend: .openMP)
                    #expect(sameBits(c.toArray(Double.self), expected), "\(label): the OpenMP target's bits")
                }
            }
        }
    }

    /// A product that something else reads too, or an integer one, stays a register.
    @Test func onlyFloatProductsReadByTheirSumAloneAreFolded() {
        let x = NDArray([1.0, 2, 3, 4]), i = NDArray([Int64(1), 2, 3, 4])
        let shared = x * x
        #expect(!Self.reduced([shared.sum() + shared.max()]).contains(where: Self.isProduct))
        #expect(!Self.reduced([(i * i).sum()]).contains(where: Self.isProduct))
        #expect(!Self.reduced([(x + x).sum()]).contains(where: Self.isProduct))
        #expect(Self.reduced([(x * x).sum() + (x * 2).sum()]).filter(Self.isProduct).count == 2)
    }
}
