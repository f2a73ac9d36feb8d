import Testing
@testable import LazyArray
import Kernels

/// The arithmetic merges of `KernelProgram+MergedInstructions.swift` beyond the multiply-add:
/// `c - a * b`, `a * b ± c * d` and `a / b ± c` run as one instruction each and give the bits of
/// the instructions they replace (each product and quotient rounds once, then the sum), eagerly,
/// on the block VM and as C, with operands streamed, broadcast rows and scalars in registers.
@Suite(.timeLimit(.minutes(10))) struct ArithmeticMergeTests {
    static func instructionKinds(_ arrays: [NDArray]) -> [InstructionKind] {
        NDArray.plan(arrays)!.kernels.compactMap(\.programKernel).flatMap { $0.program.instructions.map(\.kind) }
    }

    static let backends: [Backend] = Backend.openMP.isAvailable ? [.dispatch, .openMP] : [.dispatch]

    /// Values with the edges arithmetic has (NaN, signed zeros, infinities, huge and tiny
    /// magnitudes) for floats, wrapping products and sums for integers.
    static func values(_ count: Int, dtype: LazyArray.DType, seed: UInt64) -> [Double] {
        var generator = SplitMix64(state: seed)
        let specials: [Double] = dtype.isFloatingPoint ? [.nan, 0, -0.0, .infinity, -.infinity, 1e30, -1e-30, 3]
            : [0, 1, -1, 2_147_483_647, -2_147_483_648, 65_536]
        return (0..<count).map { _ in
            if generator.next() % 5 == 0 { return specials[Int(generator.next() % UInt64(specials.count))] }
            let magnitude = dtype.isFloatingPoint ? Double(generator.next() % 2001) / 1000 : Double(generator.next() % 2001)
            return generator.next() % 2 == 0 ? magnitude : -magnitude
        }
    }

    /// Checks that `build()` plans an instruction `kind` and gives eager's bits on every backend.
    static func check(_ label: String, _ kind: InstructionKind, _ build: () -> NDArray) {
        #expect(instructionKinds([build()]).contains(kind), "\(label): merged into \(kind)")
        let eager = build().evaluate(mode: .eager).toArray(Double.self)
        for backend in backends {
            let fused = build().evaluate(backend: backend).toArray(Double.self)
            #expect(sameBits(fused, eager), "\(label) on \(backend): differs from eager")
        }
    }

    @Test(arguments: [LazyArray.DType.float32, .float64, .int32, .int64])
    func productFormsMatchEagerBitwise(dtype: LazyArray.DType) {
        let x = makeArray(Self.values(3 * 700, dtype: dtype, seed: 1), dtype: dtype, shape: [3, 700])
        let y = makeArray(Self.values(3 * 700, dtype: dtype, seed: 2), dtype: dtype, shape: [3, 700])
        let z = makeArray(Self.values(3 * 700, dtype: dtype, seed: 3), dtype: dtype, shape: [3, 700])
        let u = makeArray(Self.values(3 * 700, dtype: dtype, seed: 4), dtype: dtype, shape: [3, 700])
        let row = makeArray(Self.values(700, dtype: dtype, seed: 5), dtype: dtype, shape: [700])
        let scalar = makeArray([dtype.isFloatingPoint ? 0.375 : 3], dtype: dtype, shape: [])
        // Weak Swift scalars keep the array's dtype: fractions for floats, integers for integers
        // (a Double would make an integer array float64).
        let float = dtype.isFloatingPoint
        let pTimes = { (a: NDArray) in float ? 0.9 * a : 7 * a }, timesP = { (a: NDArray) in float ? a * 0.9 : a * 7 }
        let qTimes = { (a: NDArray) in float ? 0.1 * a : -3 * a }, timesQ = { (a: NDArray) in float ? a * 0.1 : a * -3 }
        let sum = InstructionKind.multiplyAddProduct(subtracting: false)
        let difference = InstructionKind.multiplyAddProduct(subtracting: true)
        let forms: [(String, InstructionKind, () -> NDArray)] = [
            ("x * y + z * u", sum, { x * y + z * u }),
            ("x * y - z * u", difference, { x * y - z * u }),
            ("p * x + q * y", sum, { pTimes(x) + qTimes(y) }),
            ("x * p - y * q", difference, { timesP(x) - timesQ(y) }),
            ("x * p + q * y", sum, { timesP(x) + qTimes(y) }),
            ("p * x + y * q", sum, { pTimes(x) + timesQ(y) }),
            ("p * x + y * z", sum, { pTimes(x) + y * z }),
            ("x * row + s * y", sum, { x * row + scalar * y }),
            ("x * y + z * s", sum, { x * y + z * scalar }),
            ("z - x * y", .subtractProduct, { z - x * y }),
            ("z - p * y", .subtractProduct, { z - pTimes(y) }),
            ("row - x * s", .subtractProduct, { row - x * scalar }),
            ("s - row * x", .subtractProduct, { scalar - row * x }),
        ]
        for (label, kind, build) in forms { Self.check("\(label) \(dtype)", kind, build) }
    }

    @Test(arguments: [LazyArray.DType.float32, .float64])
    func quotientFormsMatchEagerBitwise(dtype: LazyArray.DType) {
        let x = makeArray(Self.values(3 * 700, dtype: dtype, seed: 11), dtype: dtype, shape: [3, 700])
        let y = makeArray(Self.values(3 * 700, dtype: dtype, seed: 12), dtype: dtype, shape: [3, 700])
        let z = makeArray(Self.values(3 * 700, dtype: dtype, seed: 13), dtype: dtype, shape: [3, 700])
        let row = makeArray(Self.values(700, dtype: dtype, seed: 14), dtype: dtype, shape: [700])
        let scalar = makeArray([0.3], dtype: dtype, shape: [])
        let sum = InstructionKind.divideAdd(subtracting: false)
        let forms: [(String, InstructionKind, () -> NDArray)] = [
            ("x / y + z", sum, { x / y + z }),
            ("z + x / y", sum, { z + x / y }),
            ("x / y - z", .divideAdd(subtracting: true), { x / y - z }),
            ("sqrt(x) / s + 1e-8", sum, { sqrt(x) / scalar + 1e-8 }),
            ("x / 3 + row", sum, { x / 3 + row }),
            ("s / x + y", sum, { scalar / x + y }),
        ]
        for (label, kind, build) in forms { Self.check("\(label) \(dtype)", kind, build) }
    }

    /// A product or quotient read twice, or also a result, stays its own instruction (and the
    /// results stay right).
    @Test func valuesReadElsewhereAreNotMerged() {
        let x = NDArray((0..<500).map { Double($0 % 7) - 3 }), y = NDArray((0..<500).map { Double($0 % 5) + 1 })
        let z = NDArray((0..<500).map { Double($0 % 3) - 1 })
        let twice = { (z - x * y) + x * y * 2 }
        let sharedProduct = x * y
        let kinds = Self.instructionKinds([(z - sharedProduct) + sharedProduct])
        #expect(!kinds.contains(.subtractProduct) && kinds.contains(.elementwise(.multiply)), "\(kinds)")
        let quotient = x / y
        let quotientKinds = Self.instructionKinds([quotient + z, quotient])
        #expect(!quotientKinds.contains(.divideAdd(subtracting: false)), "\(quotientKinds)")
        let fused = [(z - sharedProduct) + sharedProduct, quotient + z, quotient, twice()]
        NDArray.evaluate(fused)
        let eager = [(z - x * y) + x * y, x / y + z, x / y, twice()].map { $0.evaluate(mode: .eager).toArray(Double.self) }
        for (index, result) in fused.enumerated() { #expect(sameBits(result.toArray(Double.self), eager[index]), "result \(index)") }
    }

    /// Adam's update from its second step (p, g, m and v read; p, m and v written) is one kernel
    /// of 7 passes instead of 11, with both float dtypes giving eager's bits on every backend.
    @Test(arguments: [LazyArray.DType.float32, .float64])
    func adamUpdateIsSevenPasses(dtype: LazyArray.DType) {
        let count = 3000
        let parameter = makeArray(Self.values(count, dtype: dtype, seed: 21).map { $0.isFinite ? $0 : 1 }, dtype: dtype)
        let gradient = makeArray(Self.values(count, dtype: dtype, seed: 22), dtype: dtype)
        let first = makeArray(Self.values(count, dtype: dtype, seed: 23).map { $0.isFinite ? $0 / 10 : 0 }, dtype: dtype)
        let second = makeArray(Self.values(count, dtype: dtype, seed: 24).map { $0.isFinite ? $0 * $0 : 1 }, dtype: dtype)
        NDArray.evaluate([parameter, gradient, first, second])
        var moments = AdamMoments()
        moments.step = 1
        moments.first = [first]
        moments.second = [second]
        let build = { () -> [NDArray] in
            let next = moments.pending([parameter], [gradient], learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8,
                                       l2Decay: 0, decoupledDecay: 0)
            return next.parameters + next.first + next.second
        }
        let kinds = Self.instructionKinds(build())
        #expect(kinds.count == 7, "\(kinds)")
        #expect(kinds.filter { $0 == .multiplyAddProduct(subtracting: false) }.count == 2, "\(kinds)")
        #expect(kinds.contains(.divideAdd(subtracting: false)) && kinds.contains(.subtractProduct), "\(kinds)")
        let eager = build().map { $0.evaluate(mode: .eager).toArray(Double.self) }
        for backend in Self.backends {
            let fused = build()
            NDArray.evaluate(fused, backend: backend)
            for (index, result) in fused.enumerated() {
                #expect(sameBits(result.toArray(Double.self), eager[index]), "\(dtype) output \(index) on \(backend)")
            }
        }
    }
}
