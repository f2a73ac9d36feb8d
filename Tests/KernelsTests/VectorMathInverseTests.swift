import Glibc
import Testing
@testable import Kernels

// Accuracy, special values and position independence of the VectorMath functions behind
// log1p, expm1, sinh, cosh, arcsin, arccos, arctan, arctan2 and hypot.

// MARK: Functions under test

/// One unary function: its kernels, its references in a wider type (Glibc in Double for Float,
/// in Float80 for Double: both accurate to far below an ulp of the narrower type), the error
/// bounds its doc comments promise, and the ranges its inputs are drawn from.
private struct UnaryFunction: Sendable, CustomTestStringConvertible {
    typealias FloatKernel = @Sendable (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
    typealias DoubleKernel = @Sendable (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void

    let name: String
    let float: FloatKernel
    let double: DoubleKernel
    let floatGlibc: @Sendable (Float) -> Float
    let doubleGlibc: @Sendable (Double) -> Double
    let floatReference: @Sendable (Double) -> Double
    let doubleReference: @Sendable (Float80) -> Float80
    let floatBound: Double
    let doubleBound: Double
    /// Linear and uniform inputs cover [low, high]; logarithmic ones reach every magnitude.
    let low: Double
    let high: Double

    var testDescription: String { name }

    static let all: [UnaryFunction] = [
        UnaryFunction(
            name: "log1p", float: { VectorMath.log1p($0, $1, count: $2) }, double: { VectorMath.log1p($0, $1, count: $2) },
            floatGlibc: { Glibc.log1p($0) }, doubleGlibc: { Glibc.log1p($0) },
            floatReference: { Glibc.log1p($0) }, doubleReference: { Glibc.log1p($0) },
            floatBound: 2, doubleBound: 2, low: -1, high: 10),
        UnaryFunction(
            name: "expm1", float: { VectorMath.expm1($0, $1, count: $2) }, double: { VectorMath.expm1($0, $1, count: $2) },
            floatGlibc: { Glibc.expm1($0) }, doubleGlibc: { Glibc.expm1($0) },
            floatReference: { Glibc.expm1($0) }, doubleReference: { Glibc.expm1($0) },
            floatBound: 2, doubleBound: 2, low: -750, high: 750),
        UnaryFunction(
            name: "sinh", float: { VectorMath.sinh($0, $1, count: $2) }, double: { VectorMath.sinh($0, $1, count: $2) },
            floatGlibc: { Glibc.sinh($0) }, doubleGlibc: { Glibc.sinh($0) },
            floatReference: { Glibc.sinh($0) }, doubleReference: { Glibc.sinh($0) },
            floatBound: 3, doubleBound: 3, low: -750, high: 750),
        UnaryFunction(
            name: "cosh", float: { VectorMath.cosh($0, $1, count: $2) }, double: { VectorMath.cosh($0, $1, count: $2) },
            floatGlibc: { Glibc.cosh($0) }, doubleGlibc: { Glibc.cosh($0) },
            floatReference: { Glibc.cosh($0) }, doubleReference: { Glibc.cosh($0) },
            floatBound: 2, doubleBound: 2, low: -750, high: 750),
        UnaryFunction(
            name: "asin", float: { VectorMath.asin($0, $1, count: $2) }, double: { VectorMath.asin($0, $1, count: $2) },
            floatGlibc: { Glibc.asin($0) }, doubleGlibc: { Glibc.asin($0) },
            floatReference: { Glibc.asin($0) }, doubleReference: { Glibc.asin($0) },
            floatBound: 2, doubleBound: 3, low: -1.01, high: 1.01),
        UnaryFunction(
            name: "acos", float: { VectorMath.acos($0, $1, count: $2) }, double: { VectorMath.acos($0, $1, count: $2) },
            floatGlibc: { Glibc.acos($0) }, doubleGlibc: { Glibc.acos($0) },
            floatReference: { Glibc.acos($0) }, doubleReference: { Glibc.acos($0) },
            floatBound: 2, doubleBound: 2, low: -1.01, high: 1.01),
        UnaryFunction(
            name: "atan", float: { VectorMath.atan($0, $1, count: $2) }, double: { VectorMath.atan($0, $1, count: $2) },
            floatGlibc: { Glibc.atan($0) }, doubleGlibc: { Glibc.atan($0) },
            floatReference: { Glibc.atan($0) }, doubleReference: { Glibc.atan($0) },
            floatBound: 3, doubleBound: 2, low: -10, high: 10),
    ]
}

/// One binary function, as `UnaryFunction`; the first argument is NumPy's first (`y` of
/// `arctan2(y, x)`).
private struct BinaryFunction: Sendable, CustomTestStringConvertible {
    typealias FloatKernel = @Sendable (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
    typealias DoubleKernel = @Sendable (UnsafePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void

    let name: String
    let float: FloatKernel
    let double: DoubleKernel
    let floatGlibc: @Sendable (Float, Float) -> Float
    let doubleGlibc: @Sendable (Double, Double) -> Double
    let floatReference: @Sendable (Double, Double) -> Double
    let doubleReference: @Sendable (Float80, Float80) -> Float80
    let floatBound: Double
    let doubleBound: Double

    var testDescription: String { name }

    static let all: [BinaryFunction] = [
        BinaryFunction(
            name: "atan2", float: { VectorMath.atan2($0, $1, $2, count: $3) }, double: { VectorMath.atan2($0, $1, $2, count: $3) },
            floatGlibc: { Glibc.atan2($0, $1) }, doubleGlibc: { Glibc.atan2($0, $1) },
            floatReference: { Glibc.atan2($0, $1) }, doubleReference: { Glibc.atan2($0, $1) },
            floatBound: 3, doubleBound: 2),
        BinaryFunction(
            name: "hypot", float: { VectorMath.hypot($0, $1, $2, count: $3) }, double: { VectorMath.hypot($0, $1, $2, count: $3) },
            floatGlibc: { Glibc.hypot($0, $1) }, doubleGlibc: { Glibc.hypot($0, $1) },
            floatReference: { Glibc.hypot($0, $1) }, doubleReference: { Glibc.hypot($0, $1) },
            floatBound: 1, doubleBound: 2),
    ]
}

// MARK: Bitwise agreement

/// Same bits, except that any NaN matches any NaN (Glibc does not promise a payload).
private func identical<T: BinaryFloatingPoint>(_ a: T, _ b: T) -> Bool {
    a.isNaN ? b.isNaN : a == b && a.sign == b.sign
}

// MARK: Inputs

/// Philox's test generator (SplitMix64): a fixed seed makes every failure reproducible.
private typealias Mixer = Philox4x32Tests.SplitMix64

extension Philox4x32Tests.SplitMix64: RandomNumberGenerator {}

/// Zeros, infinities, NaN, the domain edges (±1, -1 for log1p), tiny arguments and the
/// overflow boundaries of expm1, sinh and cosh in both types (88.72 and 89.42 for Float,
/// 709.78 and 710.48 for Double).
private let specials: [Double] = [
    0, -0.0, 1, -1, 2, -2, 0.5, -0.5, .infinity, -.infinity, .nan,
    1e-30, -1e-30, 1e-300, -1e-300, 0x1p-126, -0x1p-126, 0x1p-149, -0x1p-149, 0x1p-1022, 0x1p-1074, -0x1p-1074,
    0x1.fffffep-1, -0x1.fffffep-1, 0x1.fffffffffffffp-1, -0x1.fffffffffffffp-1, 0x1.000002p0, -0x1.000002p0,
    -0x1.fffffep-1, 0.4142135, 2.4142137, 0.4375, 0.6875, 1.1875, 2.4375, 9.99, 10.01, 21.99, 22.01,
    88.72, 88.73, 89, 89.41, 89.42, 89.5, 90, -88.72, -89.41, -89.42, -17.3, -17.4,
    709.78, 709.79, 710, 710.47, 710.48, 711, -709.78, -710.47, -710.48, -37.4, -37.5,
    1e10, -1e10, 1e30, -1e30, 3e38, -3e38, 1e300, -1e300, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
]

/// About 240,000 values: a linear grid and uniform values on [low, high], a logarithmic grid
/// of magnitudes (both signs) from the least subnormal to the largest finite value, random
/// bit patterns (every value possible) and the specials.
private func floatInputs(low: Double, high: Double) -> [Float] {
    var rng = Mixer(seed: 0x5eed)
    let count = 60_000
    var xs: [Float] = []
    xs.reserveCapacity(4 * count + specials.count)
    for i in 0..<count { xs.append(Float(low + (high - low) * Double(i) / Double(count - 1))) }
    let logLow = Glibc.log(Double(Float.leastNonzeroMagnitude))
    let logHigh = Glibc.log(Double(Float.greatestFiniteMagnitude))
    for i in 0..<count {
        let magnitude = Float(Glibc.exp(logLow + (logHigh - logLow) * Double(i) / Double(count - 1)))
        xs.append(i % 2 == 0 ? magnitude : -magnitude)
    }
    for _ in 0..<count { xs.append(Float(Double.random(in: low...high, using: &rng))) }
    for _ in 0..<count { xs.append(Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))) }
    return xs + specials.map { Float($0) }
}

private func doubleInputs(low: Double, high: Double) -> [Double] {
    var rng = Mixer(seed: 0x5eed)
    let count = 60_000
    var xs: [Double] = []
    xs.reserveCapacity(4 * count + specials.count)
    for i in 0..<count { xs.append(low + (high - low) * Double(i) / Double(count - 1)) }
    let logLow = Glibc.log(Double.leastNonzeroMagnitude)
    let logHigh = Glibc.log(Double.greatestFiniteMagnitude)
    for i in 0..<count {
        let magnitude = Glibc.exp(logLow + (logHigh - logLow) * Double(i) / Double(count - 1))
        xs.append(i % 2 == 0 ? magnitude : -magnitude)
    }
    for _ in 0..<count { xs.append(Double.random(in: low...high, using: &rng)) }
    for _ in 0..<count { xs.append(Double(bitPattern: rng.next())) }
    return xs + specials
}

/// About 180,000 pairs: uniform in [-10, 10]^2, random bit patterns, and magnitudes of random
/// exponents whose difference reaches `spread` binades (so that one square can be negligible,
/// subnormal or overflowing), with random signs; then every pair of specials.
private func pairs<T: BinaryFloatingPoint>(
    _: T.Type, spread: Int, bits: (inout Mixer) -> T
) -> (first: [T], second: [T]) where T.RawSignificand: FixedWidthInteger {
    var rng = Mixer(seed: 0xfeed)
    let count = 60_000
    var first: [T] = []
    var second: [T] = []
    for _ in 0..<count {
        first.append(T.random(in: -10...10, using: &rng))
        second.append(T.random(in: -10...10, using: &rng))
    }
    for _ in 0..<count {
        first.append(bits(&rng))
        second.append(bits(&rng))
    }
    let lowest = Int(T.leastNonzeroMagnitude.exponent)
    let highest = Int(T.greatestFiniteMagnitude.exponent)
    for _ in 0..<count {
        let e1 = Int.random(in: lowest...highest, using: &rng)
        let e2 = min(max(e1 + Int.random(in: -spread...spread, using: &rng), lowest), highest)
        let m1 = T.random(in: 1..<2, using: &rng)
        let m2 = T.random(in: 1..<2, using: &rng)
        first.append(T(sign: rng.next() & 1 == 0 ? .plus : .minus, exponent: T.Exponent(e1), significand: m1))
        second.append(T(sign: rng.next() & 1 == 0 ? .plus : .minus, exponent: T.Exponent(e2), significand: m2))
    }
    for a in specials {
        for b in specials {
            first.append(T(a))
            second.append(T(b))
        }
    }
    return (first, second)
}

// MARK: Tests

@Suite("VectorMath inverse and extended functions", .timeLimit(.minutes(10)))
struct VectorMathInverseTests {
    @Test("Float accuracy against Glibc in Double", arguments: UnaryFunction.all)
    fileprivate func floatAccuracy(_ function: UnaryFunction) {
        let xs = floatInputs(low: function.low, high: function.high)
        var ys = [Float](repeating: 0, count: xs.count)
        function.float(xs, &ys, xs.count)
        var worst = (error: 0.0, x: Float(0), got: Float(0))
        for (x, y) in zip(xs, ys) {
            let error = ulpError(y, function.floatReference(Double(x)))
            if !(error <= worst.error) { worst = (error, x, y) }
        }
        #expect(worst.error <= function.floatBound,
                "\(function.name)(\(worst.x)) = \(worst.got) is \(worst.error) ulp off; reference \(function.floatReference(Double(worst.x)))")
    }

    @Test("Double accuracy against Glibc in Float80", arguments: UnaryFunction.all)
    fileprivate func doubleAccuracy(_ function: UnaryFunction) {
        let xs = doubleInputs(low: function.low, high: function.high)
        var ys = [Double](repeating: 0, count: xs.count)
        function.double(xs, &ys, xs.count)
        var worst = (error: 0.0, x: 0.0, got: 0.0)
        for (x, y) in zip(xs, ys) {
            let error = ulpError(y, function.doubleReference(Float80(x)))
            if !(error <= worst.error) { worst = (error, x, y) }
        }
        #expect(worst.error <= function.doubleBound,
                "\(function.name)(\(worst.x)) = \(worst.got) is \(worst.error) ulp off; reference \(function.doubleReference(Float80(worst.x)))")
    }

    @Test("Float pairs: accuracy against Glibc in Double", arguments: BinaryFunction.all)
    fileprivate func floatPairAccuracy(_ function: BinaryFunction) {
        let (a, b) = pairs(Float.self, spread: 30) { Float(bitPattern: UInt32(truncatingIfNeeded: $0.next())) }
        var ys = [Float](repeating: 0, count: a.count)
        function.float(a, b, &ys, a.count)
        var worst = (error: 0.0, index: 0)
        for i in a.indices {
            let error = ulpError(ys[i], function.floatReference(Double(a[i]), Double(b[i])))
            if !(error <= worst.error) { worst = (error, i) }
        }
        let (x, y) = (a[worst.index], b[worst.index])
        #expect(worst.error <= function.floatBound,
                "\(function.name)(\(x), \(y)) = \(ys[worst.index]) is \(worst.error) ulp off; reference \(function.floatReference(Double(x), Double(y)))")
    }

    @Test("Double pairs: accuracy against Glibc in Float80", arguments: BinaryFunction.all)
    fileprivate func doublePairAccuracy(_ function: BinaryFunction) {
        let (a, b) = pairs(Double.self, spread: 60) { Double(bitPattern: $0.next()) }
        var ys = [Double](repeating: 0, count: a.count)
        function.double(a, b, &ys, a.count)
        var worst = (error: 0.0, index: 0)
        for i in a.indices {
            let error = ulpError(ys[i], function.doubleReference(Float80(a[i]), Float80(b[i])))
            if !(error <= worst.error) { worst = (error, i) }
        }
        let (x, y) = (a[worst.index], b[worst.index])
        #expect(worst.error <= function.doubleBound,
                "\(function.name)(\(x), \(y)) = \(ys[worst.index]) is \(worst.error) ulp off; reference \(function.doubleReference(Float80(x), Float80(y)))")
    }

    @Test("Special values: the documented results, and Glibc's bits")
    func unarySpecialValues() {
        let halfPi = Double.pi / 2
        let cases: [(String, Double, Double)] = [
            ("log1p", -1, -.infinity), ("log1p", -2, .nan), ("log1p", -.infinity, .nan), ("log1p", .infinity, .infinity),
            ("log1p", 0, 0), ("log1p", -0.0, -0.0), ("log1p", 1e-30, 1e-30), ("log1p", -1e-30, -1e-30),
            ("expm1", -.infinity, -1), ("expm1", .infinity, .infinity), ("expm1", 0, 0), ("expm1", -0.0, -0.0),
            ("expm1", 1e-30, 1e-30), ("expm1", -1e-30, -1e-30), ("expm1", 1000, .infinity), ("expm1", -1000, -1),
            ("sinh", .infinity, .infinity), ("sinh", -.infinity, -.infinity), ("sinh", 0, 0), ("sinh", -0.0, -0.0),
            ("sinh", 1e-30, 1e-30), ("sinh", 1000, .infinity), ("sinh", -1000, -.infinity),
            ("cosh", .infinity, .infinity), ("cosh", -.infinity, .infinity), ("cosh", 0, 1), ("cosh", -0.0, 1),
            ("cosh", -1000, .infinity),
            ("asin", 0, 0), ("asin", -0.0, -0.0), ("asin", 1, halfPi), ("asin", -1, -halfPi), ("asin", 1e-30, 1e-30),
            ("asin", 1.5, .nan), ("asin", -1.5, .nan), ("asin", .infinity, .nan), ("asin", -.infinity, .nan),
            ("acos", 1, 0), ("acos", -1, .pi), ("acos", 0, halfPi), ("acos", -0.0, halfPi), ("acos", 1.5, .nan),
            ("acos", -.infinity, .nan),
            ("atan", .infinity, halfPi), ("atan", -.infinity, -halfPi), ("atan", 0, 0), ("atan", -0.0, -0.0),
            ("atan", 1e-30, 1e-30), ("atan", -1e30, -halfPi),
        ]
        let functions = Dictionary(uniqueKeysWithValues: UnaryFunction.all.map { ($0.name, $0) })
        for (name, x, expected) in cases {
            let function = functions[name]!
            var outFloat: Float = 42
            function.float([Float(x)], &outFloat, 1)
            #expect(identical(outFloat, Float(expected)), "Float \(name)(\(x)) = \(outFloat), expected \(Float(expected))")
            var outDouble = 42.0
            function.double([x], &outDouble, 1)
            #expect(identical(outDouble, expected), "Double \(name)(\(x)) = \(outDouble), expected \(expected)")
        }
        // Every input whose result is exactly determined (zero, infinite, NaN or a domain edge)
        // gives Glibc's bits.
        let exact: [Double] = [0, -0.0, 1, -1, 1.5, -1.5, .infinity, -.infinity, .nan, 1e-30, -1e-30, 1000, -1000]
        for function in UnaryFunction.all {
            for x in exact {
                var outFloat: Float = 42
                function.float([Float(x)], &outFloat, 1)
                let glibcFloat = function.floatGlibc(Float(x))
                if glibcFloat.isNaN || glibcFloat.isInfinite || glibcFloat == 0 || abs(glibcFloat) == 1 || Float(x) == glibcFloat {
                    #expect(identical(outFloat, glibcFloat), "Float \(function.name)(\(x)) = \(outFloat), Glibc \(glibcFloat)")
                }
                var outDouble = 42.0
                function.double([x], &outDouble, 1)
                let glibcDouble = function.doubleGlibc(x)
                if glibcDouble.isNaN || glibcDouble.isInfinite || glibcDouble == 0 || abs(glibcDouble) == 1 || x == glibcDouble {
                    #expect(identical(outDouble, glibcDouble), "Double \(function.name)(\(x)) = \(outDouble), Glibc \(glibcDouble)")
                }
            }
        }
    }

    @Test("Special pairs: C99's atan2 quadrant table and hypot's infinities, as Glibc gives them")
    func binarySpecialValues() {
        let pi = Double.pi
        // (first, second, expected): atan2(y, x) and hypot(a, b).
        let atan2Cases: [(Double, Double, Double)] = [
            (0, 0, 0), (-0.0, 0, -0.0), (0, -0.0, pi), (-0.0, -0.0, -pi), (0, -1, pi), (-0.0, -1, -pi), (0, 1, 0),
            (-0.0, 1, -0.0), (1, 0, pi / 2), (1, -0.0, pi / 2), (-1, 0, -pi / 2), (-1, -0.0, -pi / 2),
            (1, -.infinity, pi), (-1, -.infinity, -pi), (1, .infinity, 0), (-1, .infinity, -0.0),
            (.infinity, 1, pi / 2), (-.infinity, 1, -pi / 2), (.infinity, -1, pi / 2), (.infinity, -.infinity, 3 * pi / 4),
            (-.infinity, -.infinity, -3 * pi / 4), (.infinity, .infinity, pi / 4), (-.infinity, .infinity, -pi / 4),
            (.nan, 1, .nan), (1, .nan, .nan), (.nan, .nan, .nan), (.infinity, .nan, .nan), (.nan, -.infinity, .nan),
        ]
        let hypotCases: [(Double, Double, Double)] = [
            (.infinity, .nan, .infinity), (.nan, -.infinity, .infinity), (-.infinity, 1, .infinity), (.nan, 1, .nan),
            (1, .nan, .nan), (0, 0, 0), (-0.0, -0.0, 0), (-3, 0, 3), (3, -4, 5), (1e300, 1e300, 1e300 * 2.0.squareRoot()),
        ]
        for (function, cases) in zip(BinaryFunction.all, [atan2Cases, hypotCases]) {
            for (a, b, expected) in cases {
                var outFloat: Float = 42
                function.float([Float(a)], [Float(b)], &outFloat, 1)
                // 1e300 is infinite in Float, and hypot(inf, inf) = inf.
                let expectedFloat = abs(a) == 1e300 ? Float.infinity : Float(expected)
                #expect(identical(outFloat, expectedFloat), "Float \(function.name)(\(a), \(b)) = \(outFloat), expected \(expectedFloat)")
                var outDouble = 42.0
                function.double([a], [b], &outDouble, 1)
                #expect(ulpError(outDouble, Float80(expected)) <= function.doubleBound,
                        "Double \(function.name)(\(a), \(b)) = \(outDouble), expected \(expected)")
            }
            // Every pair with a zero, infinite or NaN member gives Glibc's bits.
            let edges: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 1, -1, 2, -2, 1e-30]
            for a in edges {
                for b in edges where [a, b].contains(where: { $0 == 0 || $0.isInfinite || $0.isNaN }) {
                    var outFloat: Float = 42
                    function.float([Float(a)], [Float(b)], &outFloat, 1)
                    let glibcFloat = function.floatGlibc(Float(a), Float(b))
                    #expect(identical(outFloat, glibcFloat), "Float \(function.name)(\(a), \(b)) = \(outFloat), Glibc \(glibcFloat)")
                    var outDouble = 42.0
                    function.double([a], [b], &outDouble, 1)
                    let glibcDouble = function.doubleGlibc(a, b)
                    #expect(identical(outDouble, glibcDouble), "Double \(function.name)(\(a), \(b)) = \(outDouble), Glibc \(glibcDouble)")
                }
            }
        }
    }

    @Test("An element's bits do not depend on its offset or the count of the run")
    func positionIndependence() {
        var rng = Mixer(seed: 99)
        let length = 40
        let doubles = (0..<length).map { i in
            i % 3 == 0 ? specials[i % specials.count] : Double.random(in: -3...3, using: &rng)
        }
        let others = (0..<length).map { _ in Double.random(in: -3...3, using: &rng) }
        let floats = doubles.map { Float($0) }
        let otherFloats = others.map { Float($0) }
        for function in UnaryFunction.all {
            var wholeFloat = [Float](repeating: 0, count: length)
            function.float(floats, &wholeFloat, length)
            var wholeDouble = [Double](repeating: 0, count: length)
            function.double(doubles, &wholeDouble, length)
            for offset in 0..<9 {
                for count in 1...(length - offset) {
                    var partFloat = [Float](repeating: 0, count: count)
                    floats.withUnsafeBufferPointer { function.float($0.baseAddress! + offset, &partFloat, count) }
                    #expect(partFloat.map(\.bitPattern) == wholeFloat[offset..<(offset + count)].map(\.bitPattern),
                            "Float \(function.name) at offset \(offset), count \(count)")
                    var partDouble = [Double](repeating: 0, count: count)
                    doubles.withUnsafeBufferPointer { function.double($0.baseAddress! + offset, &partDouble, count) }
                    #expect(partDouble.map(\.bitPattern) == wholeDouble[offset..<(offset + count)].map(\.bitPattern),
                            "Double \(function.name) at offset \(offset), count \(count)")
                }
            }
        }
        for function in BinaryFunction.all {
            var wholeFloat = [Float](repeating: 0, count: length)
            function.float(floats, otherFloats, &wholeFloat, length)
            var wholeDouble = [Double](repeating: 0, count: length)
            function.double(doubles, others, &wholeDouble, length)
            for offset in 0..<9 {
                for count in 1...(length - offset) {
                    var partFloat = [Float](repeating: 0, count: count)
                    floats.withUnsafeBufferPointer { a in
                        otherFloats.withUnsafeBufferPointer { b in
                            function.float(a.baseAddress! + offset, b.baseAddress! + offset, &partFloat, count)
                        }
                    }
                    #expect(partFloat.map(\.bitPattern) == wholeFloat[offset..<(offset + count)].map(\.bitPattern),
                            "Float \(function.name) at offset \(offset), count \(count)")
                    var partDouble = [Double](repeating: 0, count: count)
                    doubles.withUnsafeBufferPointer { a in
                        others.withUnsafeBufferPointer { b in
                            function.double(a.baseAddress! + offset, b.baseAddress! + offset, &partDouble, count)
                        }
                    }
                    #expect(partDouble.map(\.bitPattern) == wholeDouble[offset..<(offset + count)].map(\.bitPattern),
                            "Double \(function.name) at offset \(offset), count \(count)")
                }
            }
        }
    }

    @Test("Nothing past count is written", arguments: [0, 1, 3, 7, 9, 1025])
    func nothingPastCount(_ count: Int) {
        let sentinel: Float = 1234
        let xs = (0..<count).map { Float($0) / Float(max(count, 1)) }
        for function in UnaryFunction.all {
            var outFloat = [Float](repeating: sentinel, count: count + 9)
            function.float(xs, &outFloat, count)
            #expect(outFloat[count...].allSatisfy { $0 == sentinel }, "\(function.name) Float wrote past \(count)")
            var outDouble = [Double](repeating: 1234, count: count + 5)
            function.double(xs.map { Double($0) }, &outDouble, count)
            #expect(outDouble[count...].allSatisfy { $0 == 1234 }, "\(function.name) Double wrote past \(count)")
        }
        for function in BinaryFunction.all {
            var outFloat = [Float](repeating: sentinel, count: count + 9)
            function.float(xs, xs, &outFloat, count)
            #expect(outFloat[count...].allSatisfy { $0 == sentinel }, "\(function.name) Float wrote past \(count)")
            var outDouble = [Double](repeating: 1234, count: count + 5)
            function.double(xs.map { Double($0) }, xs.map { Double($0) }, &outDouble, count)
            #expect(outDouble[count...].allSatisfy { $0 == 1234 }, "\(function.name) Double wrote past \(count)")
        }
    }

    @Test("In place: the output may be an input")
    func inPlace() {
        var rng = Mixer(seed: 7)
        let floats = (0..<1030).map { _ in Float.random(in: -2...2, using: &rng) }
        let others = (0..<1030).map { _ in Float.random(in: -2...2, using: &rng) }
        for function in UnaryFunction.all {
            var expected = [Float](repeating: 0, count: floats.count)
            function.float(floats, &expected, floats.count)
            var buffer = floats
            buffer.withUnsafeMutableBufferPointer { function.float(UnsafePointer($0.baseAddress!), $0.baseAddress!, $0.count) }
            #expect(buffer.map(\.bitPattern) == expected.map(\.bitPattern), "\(function.name) Float in place")
            let doubles = floats.map { Double($0) }
            var expectedDouble = [Double](repeating: 0, count: doubles.count)
            function.double(doubles, &expectedDouble, doubles.count)
            var bufferDouble = doubles
            bufferDouble.withUnsafeMutableBufferPointer { function.double(UnsafePointer($0.baseAddress!), $0.baseAddress!, $0.count) }
            #expect(bufferDouble.map(\.bitPattern) == expectedDouble.map(\.bitPattern), "\(function.name) Double in place")
        }
        for function in BinaryFunction.all {
            var expected = [Float](repeating: 0, count: floats.count)
            function.float(floats, others, &expected, floats.count)
            var first = floats
            first.withUnsafeMutableBufferPointer { function.float(UnsafePointer($0.baseAddress!), others, $0.baseAddress!, $0.count) }
            #expect(first.map(\.bitPattern) == expected.map(\.bitPattern), "\(function.name) Float into the first argument")
            var second = others
            second.withUnsafeMutableBufferPointer { function.float(floats, UnsafePointer($0.baseAddress!), $0.baseAddress!, $0.count) }
            #expect(second.map(\.bitPattern) == expected.map(\.bitPattern), "\(function.name) Float into the second argument")
            let (doubles, otherDoubles) = (floats.map { Double($0) }, others.map { Double($0) })
            var expectedDouble = [Double](repeating: 0, count: doubles.count)
            function.double(doubles, otherDoubles, &expectedDouble, doubles.count)
            var firstDouble = doubles
            firstDouble.withUnsafeMutableBufferPointer {
                function.double(UnsafePointer($0.baseAddress!), otherDoubles, $0.baseAddress!, $0.count)
            }
            #expect(firstDouble.map(\.bitPattern) == expectedDouble.map(\.bitPattern), "\(function.name) Double in place")
        }
    }
}
