import Testing
@testable import Kernels

/// Tests of `Gemm.multiply` against a naive triple loop in `Double`.
///
/// Tolerance: `|C - ref| <= (k + 2) * eps * sum_p |a[i,p]| |b[p,j]|` per element, with `eps`
/// the element type's `ulpOfOne`. Why: `Gemm` forms each element with at most k + 1 roundings
/// (k fused multiply-adds spread over K blocks, one addition per extra block), and the classic
/// bound for such a sum (Higham, *Accuracy and Stability*, 3.1) is `gamma_(k+1) * sum |a||b|`
/// with `gamma_n ~ n * eps / 2`; the `Double` reference is exact enough to ignore next to that.
/// So the test allows twice the worst case, and an epilogue's bias add costs one more rounding.
@Suite(.timeLimit(.minutes(10))) struct GemmTests {
    /// How an operand is stored: row-major, transposed (column-major), or a strided slice.
    enum Layout: CaseIterable { case rowMajor, transposed, sliced }

    /// A `rows x cols` operand in some layout, with its values, storage and strides.
    struct Operand<T: GemmElement> {
        let rows: Int, cols: Int
        var storage: [T]
        let offset: Int, rowStride: Int, colStride: Int

        /// Deterministic pseudo-random values in [-1, 1), stored in `layout`.
        init(rows: Int, cols: Int, layout: Layout, seed: UInt64) {
            self.rows = rows
            self.cols = cols
            switch layout {
            case .rowMajor: (offset, rowStride, colStride) = (0, cols, 1)
            case .transposed: (offset, rowStride, colStride) = (0, 1, rows)
            // Every 2nd row and every 3rd column of a bigger row-major array, from (1, 2).
            case .sliced: (offset, rowStride, colStride) = (1 * (3 * cols + 2) + 2, 2 * (3 * cols + 2), 3)
            }
            let count = offset + max(0, rows - 1) * rowStride + max(0, cols - 1) * colStride + 1
            storage = [T](repeating: T(-7), count: count)
            var state = seed
            for i in 0..<rows {
                for j in 0..<cols {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    storage[offset + i * rowStride + j * colStride] = T(Double(state >> 11) / Double(1 << 53) * 2 - 1)
                }
            }
        }

        /// Element (i, j) as a `Double`.
        subscript(i: Int, j: Int) -> Double {
            Double(storage[offset + i * rowStride + j * colStride])
        }
    }

    /// The reference product and the per-element error scale `sum |a||b|`, in `Double`
    /// (raw-pointer loops: the tests run in debug builds, where subscripting is slow).
    static func reference<T>(_ a: Operand<T>, _ b: Operand<T>) -> (value: [Double], scale: [Double]) {
        let (m, n, k) = (a.rows, b.cols, a.cols)
        let ad = (0..<(m * k)).map { a[$0 / max(k, 1), $0 % max(k, 1)] }
        let bd = (0..<(k * n)).map { b[$0 / max(n, 1), $0 % max(n, 1)] }
        var value = [Double](repeating: 0, count: m * n)
        var scale = value
        ad.withUnsafeBufferPointer { ad in
            bd.withUnsafeBufferPointer { bd in
                for i in 0..<m {
                    for j in 0..<n {
                        var sum = 0.0, magnitude = 0.0
                        for p in 0..<k {
                            let product = ad[i * k + p] * bd[p * n + j]
                            sum += product
                            magnitude += abs(product)
                        }
                        value[i * n + j] = sum
                        scale[i * n + j] = magnitude
                    }
                }
            }
        }
        return (value, scale)
    }

    /// Runs `Gemm.multiply` (the overload for `T`) into a C with row stride `n + 3`, whose
    /// padding must stay untouched; returns C's storage.
    static func multiply<T: GemmElement & TestScalar>(_ a: Operand<T>, _ b: Operand<T>, threads: Int,
                                                      epilogue: GemmEpilogue<T>? = nil) -> [T] {
        let cRowStride = b.cols + 3
        var c = [T](repeating: T(12345), count: a.rows * cRowStride)
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    T.callMultiply(m: a.rows, n: b.cols, k: a.cols,
                                   a: pa.baseAddress! + a.offset, aRowStride: a.rowStride, aColStride: a.colStride,
                                   b: pb.baseAddress! + b.offset, bRowStride: b.rowStride, bColStride: b.colStride,
                                   c: pc.baseAddress!, cRowStride: cRowStride, threads: threads, epilogue: epilogue)
                }
            }
        }
        for i in 0..<a.rows {
            for j in b.cols..<cRowStride { #expect(c[i * cRowStride + j] == T(12345), "padding written") }
        }
        return c
    }

    /// Checks C against `expected(value)` within the tolerance (plus `extra` roundings).
    static func check<T: GemmElement>(_ c: [T], m: Int, n: Int, k: Int, reference: (value: [Double], scale: [Double]),
                                      extra: Int = 0, expected: (Double, Int, Int) -> Double = { x, _, _ in x },
                                      _ label: String) {
        let eps = Double(T.ulpOfOne)
        var failures = 0
        for i in 0..<m {
            for j in 0..<n {
                let want = expected(reference.value[i * n + j], i, j)
                let got = Double(c[i * (n + 3) + j])
                let tolerance = Double(k + 2 + extra) * eps * (reference.scale[i * n + j] + abs(want)) + Double(T.leastNormalMagnitude)
                if !(abs(got - want) <= tolerance) {
                    failures += 1
                    if failures <= 3 { Issue.record("\(label): C[\(i), \(j)] = \(got), expected \(want) ± \(tolerance)") }
                }
            }
        }
    }

    /// Shapes around every edge: 1, tile sizes (6, 16 / 8) and one past, several K blocks and
    /// row blocks and epilogue chunks (`blockingIsCrossed` checks), non-square, k = 1.
    /// The big ones (last two) run with fewer layout pairs to keep the debug-build test short.
    static let shapes: [(m: Int, n: Int, k: Int)] = [
        (1, 1, 1), (7, 7, 7), (33, 33, 33), (1, 129, 33), (129, 1, 33), (33, 129, 1),
        (7, 33, 129), (6, 16, 256), (13, 17, 257), (2, 5, 800), (145, 9, 3),
        (129, 129, 129), (100, 260, 400),
    ]

    /// All shapes, all operand layouts, 1 and 2 threads, for one element type.
    func allShapes<T: GemmElement & TestScalar>(_: T.Type) {
        for (index, shape) in Self.shapes.enumerated() {
            let pairs: [(Layout, Layout)] = shape.m * shape.n * shape.k > 1_000_000
                ? [(.rowMajor, .rowMajor), (.transposed, .sliced)]
                : [(.rowMajor, .rowMajor), (.transposed, .rowMajor), (.rowMajor, .transposed),
                   (.transposed, .transposed), (.sliced, .sliced), (.sliced, .rowMajor)]
            for (la, lb) in pairs {
                let a = Operand<T>(rows: shape.m, cols: shape.k, layout: la, seed: UInt64(2 * index + 1))
                let b = Operand<T>(rows: shape.k, cols: shape.n, layout: lb, seed: UInt64(2 * index + 2))
                let ref = Self.reference(a, b)
                let one = Self.multiply(a, b, threads: 1)
                Self.check(one, m: shape.m, n: shape.n, k: shape.k, reference: ref, "\(T.self) \(shape) \(la) \(lb)")
                let two = Self.multiply(a, b, threads: 2)
                #expect(one == two, "\(T.self) \(shape) \(la) \(lb): 1 and 2 threads differ")
            }
        }
    }

    /// The shapes above reach past every block boundary of both element types, so a retuned
    /// blocking cannot silently leave a code path untested.
    @Test func blockingIsCrossed() {
        for (mc, kc, chunk) in [(Float.gemmMC, Float.gemmKC, 16 * Float.gemmNR),
                                (Double.gemmMC, Double.gemmKC, 16 * Double.gemmNR)] {
            #expect(Self.shapes.contains { $0.k > kc && $0.m * $0.n * $0.k > 1_000_000 })
            #expect(Self.shapes.contains { $0.k > 2 * kc })
            #expect(Self.shapes.contains { $0.m > mc && $0.n > chunk })
        }
        #expect(2060 > Float.gemmNC && 2060 > Double.gemmNC, "crossesColumnBlock is too narrow")
    }

    @Test func floatShapesAndLayouts() { allShapes(Float.self) }
    @Test func doubleShapesAndLayouts() { allShapes(Double.self) }

    /// Wide enough to cross the B block (`gemmNC` columns).
    @Test func crossesColumnBlock() {
        let a = Operand<Float>(rows: 3, cols: 5, layout: .rowMajor, seed: 1)
        let b = Operand<Float>(rows: 5, cols: 2060, layout: .rowMajor, seed: 2)
        Self.check(Self.multiply(a, b, threads: 1), m: 3, n: 2060, k: 5, reference: Self.reference(a, b), "Float nc")
        let ad = Operand<Double>(rows: 3, cols: 5, layout: .transposed, seed: 3)
        let bd = Operand<Double>(rows: 5, cols: 2060, layout: .transposed, seed: 4)
        Self.check(Self.multiply(ad, bd, threads: 2), m: 3, n: 2060, k: 5, reference: Self.reference(ad, bd), "Double nc")
    }

    /// The parallel split is bitwise deterministic and equal to the serial result, on a problem
    /// big enough to be split by rows (taller than wide) and by columns.
    @Test func threadsAgreeBitwise() {
        for (m, n) in [(300, 50), (50, 300)] {
            let a = Operand<Float>(rows: m, cols: 300, layout: .rowMajor, seed: 5)
            let b = Operand<Float>(rows: 300, cols: n, layout: .rowMajor, seed: 6)
            let one = Self.multiply(a, b, threads: 1)
            #expect(Self.multiply(a, b, threads: 2) == one)
            #expect(Self.multiply(a, b, threads: 2) == one)
            #expect(Self.multiply(a, b, threads: 3) == one)
            Self.check(one, m: m, n: n, k: 300, reference: Self.reference(a, b), "\(m)x\(n)")
        }
    }

    /// k = 0 gives a zero C (NumPy: `np.zeros((m, n)) @` nothing), and the epilogue still runs.
    @Test func emptyK() {
        let a = Operand<Float>(rows: 4, cols: 0, layout: .rowMajor, seed: 1)
        let b = Operand<Float>(rows: 0, cols: 5, layout: .rowMajor, seed: 2)
        let bias: [Float] = [1, -2, 3, -4, 5]
        let c = bias.withUnsafeBufferPointer { bias in
            Self.multiply(a, b, threads: 2, epilogue: .bias(bias.baseAddress!, relu: true))
        }
        for i in 0..<4 { #expect(Array(c[(i * 8)..<(i * 8 + 5)]) == [1, 0, 3, 0, 5]) }
    }

    /// `relu(A @ B + bias)` fused into the store, for both element types and thread counts.
    @Test func biasReluEpilogue() {
        for (m, n, k) in [(7, 33, 129), (100, 260, 400)] {
            for threads in [1, 2] {
                let a = Operand<Float>(rows: m, cols: k, layout: .rowMajor, seed: 7)
                let b = Operand<Float>(rows: k, cols: n, layout: .transposed, seed: 8)
                let bias = (0..<n).map { Float($0 % 5) - 2 }
                let c = bias.withUnsafeBufferPointer { bias in
                    Self.multiply(a, b, threads: threads, epilogue: .bias(bias.baseAddress!, relu: true))
                }
                Self.check(c, m: m, n: n, k: k, reference: Self.reference(a, b), extra: 1,
                           expected: { x, _, j in max(x + Double(bias[j]), 0) }, "Float bias relu \(m)x\(n)x\(k)")

                let ad = Operand<Double>(rows: m, cols: k, layout: .sliced, seed: 9)
                let bd = Operand<Double>(rows: k, cols: n, layout: .rowMajor, seed: 10)
                let biasd = (0..<n).map { Double($0 % 3) - 1 }
                let cd = biasd.withUnsafeBufferPointer { bias in
                    Self.multiply(ad, bd, threads: threads, epilogue: .bias(bias.baseAddress!, relu: true))
                }
                Self.check(cd, m: m, n: n, k: k, reference: Self.reference(ad, bd), extra: 1,
                           expected: { x, _, j in max(x + biasd[j], 0) }, "Double bias relu \(m)x\(n)x\(k)")
            }
        }
    }

    /// An arbitrary tile function runs exactly once per element, only on final sums, with
    /// tile coordinates that match the pointer it gets.
    @Test func epilogueRunsOncePerElementOnFinalValues() {
        for (m, n, k) in [(1, 1, 1), (33, 129, 1), (100, 260, 400), (300, 40, 400)] {
            for threads in [1, 2] {
                let a = Operand<Float>(rows: m, cols: k, layout: .rowMajor, seed: 11)
                let b = Operand<Float>(rows: k, cols: n, layout: .rowMajor, seed: 12)
                let counts = UnsafeMutablePointer<Int>.allocate(capacity: m * n)
                counts.initialize(repeating: 0, count: m * n)
                defer { counts.deallocate() }
                let shared = Gemm.UncheckedSendable(counts)
                let epilogue = GemmEpilogue<Float> { tile in
                    for i in 0..<tile.rows {
                        for j in 0..<tile.cols {
                            // Tiles are disjoint, so concurrent tiles never touch the same count.
                            shared.value[(tile.rowStart + i) * n + tile.colStart + j] += 1
                            let x = tile.base + i * tile.rowStride + j
                            x.pointee = 2 * x.pointee + 1
                        }
                    }
                }
                let c = Self.multiply(a, b, threads: threads, epilogue: epilogue)
                #expect((0..<(m * n)).allSatisfy { counts[$0] == 1 }, "\(m)x\(n)x\(k) threads \(threads)")
                // 2x is exact and +1 is one more rounding: the tolerance with one extra step.
                Self.check(c, m: m, n: n, k: k, reference: Self.reference(a, b), extra: 2,
                           expected: { x, _, _ in 2 * x + 1 }, "tile function \(m)x\(n)x\(k)")
            }
        }
    }

    /// The per-row form gets each row segment once with its row and first column.
    @Test func eachRowEpilogue() {
        let (m, n, k) = (20, 40, 10)
        let a = Operand<Double>(rows: m, cols: k, layout: .rowMajor, seed: 13)
        let b = Operand<Double>(rows: k, cols: n, layout: .rowMajor, seed: 14)
        let epilogue = GemmEpilogue<Double>(eachRow: { row, i, j0, count in
            for j in 0..<count { row[j] = row[j] + Double(1000 * i + j0 + j) }
        })
        let c = Self.multiply(a, b, threads: 1, epilogue: epilogue)
        Self.check(c, m: m, n: n, k: k, reference: Self.reference(a, b), extra: 1,
                   expected: { x, i, j in x + Double(1000 * i + j) }, "eachRow")
    }
}

/// Routes a generic test to the concrete `Gemm.multiply` overload for its element type.
protocol TestScalar {
    static func callMultiply(m: Int, n: Int, k: Int,
                             a: UnsafePointer<Self>, aRowStride: Int, aColStride: Int,
                             b: UnsafePointer<Self>, bRowStride: Int, bColStride: Int,
                             c: UnsafeMutablePointer<Self>, cRowStride: Int,
                             threads: Int, epilogue: GemmEpilogue<Self>?)
}

extension Float: TestScalar {
    static func callMultiply(m: Int, n: Int, k: Int,
                             a: UnsafePointer<Float>, aRowStride: Int, aColStride: Int,
                             b: UnsafePointer<Float>, bRowStride: Int, bColStride: Int,
                             c: UnsafeMutablePointer<Float>, cRowStride: Int,
                             threads: Int, epilogue: GemmEpilogue<Float>?) {
        Gemm.multiply(m: m, n: n, k: k, a: a, aRowStride: aRowStride, aColStride: aColStride,
                      b: b, bRowStride: bRowStride, bColStride: bColStride,
                      c: c, cRowStride: cRowStride, threads: threads, epilogue: epilogue)
    }
}

extension Double: TestScalar {
    static func callMultiply(m: Int, n: Int, k: Int,
                             a: UnsafePointer<Double>, aRowStride: Int, aColStride: Int,
                             b: UnsafePointer<Double>, bRowStride: Int, bColStride: Int,
                             c: UnsafeMutablePointer<Double>, cRowStride: Int,
                             threads: Int, epilogue: GemmEpilogue<Double>?) {
        Gemm.multiply(m: m, n: n, k: k, a: a, aRowStride: aRowStride, aColStride: aColStride,
                      b: b, bRowStride: bRowStride, bColStride: bColStride,
                      c: c, cRowStride: cRowStride, threads: threads, epilogue: epilogue)
    }
}
