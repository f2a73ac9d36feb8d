import Glibc
import Testing
@testable import Kernels

/// The accuracy every `VectorMath` function promises, in ulps of the correctly rounded result.
/// Four ulps is what NumPy's own SIMD float32 kernels (AVX2 `exp`, `log`, `sin`, `cos`) are
/// allowed; it leaves room for the polynomial error (below 1 ulp here), the reduction and the
/// final divisions of tan, tanh and sigmoid, while still catching a wrong coefficient, a sign
/// or quadrant slip, or a lost reduction bit (those cost thousands of ulps).
private let maxUlpError = 4.0

// MARK: Functions under test

/// One function under test: its two kernels and references computed in a wider type, where
/// Glibc is accurate to well under an ulp of the narrower one (Double for Float, Float80 for
/// Double; Glibc's Double `tanh` alone is allowed 2 ulp, Float80 keeps the reference honest).
private struct Function: Sendable, CustomTestStringConvertible {
    typealias FloatKernel = @Sendable (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
    typealias DoubleKernel = @Sendable (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void

    let name: String
    let float: FloatKernel
    let double: DoubleKernel
    let floatReference: @Sendable (Double) -> Double
    let doubleReference: @Sendable (Float80) -> Float80
    /// Magnitudes swept on a linear and a logarithmic grid (both signs unless `positiveOnly`).
    let floatSweep: Double
    let doubleSweep: Double
    let positiveOnly: Bool

    var testDescription: String { name }

    static let all: [Function] = [
        Function(
            name: "exp", float: { VectorMath.exp($0, $1, count: $2) }, double: { VectorMath.exp($0, $1, count: $2) },
            floatReference: { Glibc.exp($0) }, doubleReference: { Glibc.exp($0) },
            floatSweep: 110, doubleSweep: 750, positiveOnly: false),
        Function(
            name: "log", float: { VectorMath.log($0, $1, count: $2) }, double: { VectorMath.log($0, $1, count: $2) },
            floatReference: { Glibc.log($0) }, doubleReference: { Glibc.log($0) },
            floatSweep: 1e38, doubleSweep: 1e308, positiveOnly: true),
        Function(
            name: "sin", float: { VectorMath.sin($0, $1, count: $2) }, double: { VectorMath.sin($0, $1, count: $2) },
            floatReference: { Glibc.sin($0) }, doubleReference: { Glibc.sin($0) },
            floatSweep: 0x1p18, doubleSweep: 0x1p31, positiveOnly: false),
        Function(
            name: "cos", float: { VectorMath.cos($0, $1, count: $2) }, double: { VectorMath.cos($0, $1, count: $2) },
            floatReference: { Glibc.cos($0) }, doubleReference: { Glibc.cos($0) },
            floatSweep: 0x1p18, doubleSweep: 0x1p31, positiveOnly: false),
        Function(
            name: "tan", float: { VectorMath.tan($0, $1, count: $2) }, double: { VectorMath.tan($0, $1, count: $2) },
            floatReference: { Glibc.tan($0) }, doubleReference: { Glibc.tan($0) },
            floatSweep: 0x1p18, doubleSweep: 0x1p31, positiveOnly: false),
        Function(
            name: "tanh", float: { VectorMath.tanh($0, $1, count: $2) }, double: { VectorMath.tanh($0, $1, count: $2) },
            floatReference: { Glibc.tanh($0) }, doubleReference: { Glibc.tanh($0) },
            floatSweep: 30, doubleSweep: 40, positiveOnly: false),
        Function(
            name: "sigmoid", float: { VectorMath.sigmoid($0, $1, count: $2) },
            double: { VectorMath.sigmoid($0, $1, count: $2) },
            floatReference: { 1 / (1 + Glibc.exp(-$0)) }, doubleReference: { 1 / (1 + Glibc.exp(-$0)) },
            floatSweep: 120, doubleSweep: 760, positiveOnly: false),
    ]
}

// MARK: Inputs

/// SplitMix64: a fixed seed makes every failure reproducible.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Values every function must get exactly as Glibc does, or within the bound.
private let specialDoubles: [Double] = [
    0, -0, 1, -1, 0.5, -0.5, 2, -2, .infinity, -.infinity, .nan,
    .pi / 2, -.pi / 2, .pi, -.pi, 3 * .pi / 2, 0.625, -0.625, 0.6249, 0.6251,
    88.72, 88.73, 89, -87.33, -87.34, -103.97, -103.98, -104, -150,
    709.78, 709.79, -708.39, -745.13, -745.14, -800,
    1e-30, -1e-30, 1e-300, 0x1p-126, 0x1p-149, 0x1p-1022, 0x1p-1074, 0x1.ffffep-127,
    0x1p17, -0x1p17, 0x1.000002p17, 0x1p30, 0x1.0000000000001p30, 1e10, 1e22, 1e300,
]

/// About 200,000 points: a linear and a logarithmic grid up to `sweep`, uniform random values
/// in the same range, random bit patterns (every finite and non-finite value is possible) and
/// the special values.
private func floatInputs(_ function: Function) -> [Float] {
    var rng = SplitMix64(state: 0x5eed)
    let count = 50_000
    let sweep = function.floatSweep
    let low = function.positiveOnly ? 0 : -sweep
    var xs: [Float] = []
    xs.reserveCapacity(4 * count + specialDoubles.count)
    for i in 0..<count { xs.append(Float(low + (sweep - low) * Double(i) / Double(count - 1))) }
    for i in 0..<count {
        let magnitude = Double(Float.leastNonzeroMagnitude) * Glibc.pow(sweep / Double(Float.leastNonzeroMagnitude), Double(i) / Double(count - 1))
        xs.append(Float(function.positiveOnly || i % 2 == 0 ? magnitude : -magnitude))
    }
    for _ in 0..<count { xs.append(Float(Double.random(in: low...sweep, using: &rng))) }
    for _ in 0..<count { xs.append(Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))) }
    xs += specialDoubles.map { Float($0) }
    return xs
}

private func doubleInputs(_ function: Function) -> [Double] {
    var rng = SplitMix64(state: 0x5eed)
    let count = 50_000
    let sweep = function.doubleSweep
    let low = function.positiveOnly ? 0 : -sweep
    var xs: [Double] = []
    xs.reserveCapacity(4 * count + specialDoubles.count)
    for i in 0..<count { xs.append(low + (sweep - low) * Double(i) / Double(count - 1)) }
    for i in 0..<count {
        let logLow = Glibc.log(Double.leastNonzeroMagnitude)
        let magnitude = Glibc.exp(logLow + (Glibc.log(sweep) - logLow) * Double(i) / Double(count - 1))
        xs.append(function.positiveOnly || i % 2 == 0 ? magnitude : -magnitude)
    }
    for _ in 0..<count { xs.append(Double.random(in: low...sweep, using: &rng)) }
    for _ in 0..<count { xs.append(Double(bitPattern: rng.next())) }
    xs += specialDoubles
    return xs
}

// MARK: Tests

@Suite("VectorMath", .timeLimit(.minutes(10)))
struct VectorMathTests {
    @Test("Float accuracy against Glibc in Double", arguments: Function.all)
    fileprivate func floatAccuracy(_ function: Function) {
        let xs = floatInputs(function)
        var ys = [Float](repeating: 0, count: xs.count)
        function.float(xs, &ys, xs.count)
        var worst = (error: 0.0, x: Float(0), got: Float(0))
        for (x, y) in zip(xs, ys) {
            let error = ulpError(y, function.floatReference(Double(x)))
            if !(error <= worst.error) { worst = (error, x, y) }
        }
        #expect(worst.error <= maxUlpError,
                "\(function.name)(\(worst.x)) = \(worst.got) is \(worst.error) ulp off; reference \(function.floatReference(Double(worst.x)))")
    }

    @Test("Double accuracy against Glibc in Float80", arguments: Function.all)
    fileprivate func doubleAccuracy(_ function: Function) {
        let xs = doubleInputs(function)
        var ys = [Double](repeating: 0, count: xs.count)
        function.double(xs, &ys, xs.count)
        var worst = (error: 0.0, x: 0.0, got: 0.0)
        for (x, y) in zip(xs, ys) {
            let error = ulpError(y, function.doubleReference(Float80(x)))
            if !(error <= worst.error) { worst = (error, x, y) }
        }
        #expect(worst.error <= maxUlpError,
                "\(function.name)(\(worst.x)) = \(worst.got) is \(worst.error) ulp off; reference \(function.doubleReference(Float80(worst.x)))")
    }

    @Test("Special values match Glibc exactly")
    func specialValues() {
        let cases: [(String, Double, Double)] = [
            ("exp", .infinity, .infinity), ("exp", -.infinity, 0), ("exp", 1000, .infinity), ("exp", -1000, 0),
            ("exp", 0, 1), ("exp", -0.0, 1),
            ("log", 0, -.infinity), ("log", -0.0, -.infinity), ("log", -1, .nan), ("log", -.infinity, .nan),
            ("log", .infinity, .infinity), ("log", 1, 0),
            ("sin", .infinity, .nan), ("sin", -.infinity, .nan), ("sin", 0, 0), ("sin", -0.0, -0.0),
            ("cos", .infinity, .nan), ("cos", -.infinity, .nan), ("cos", 0, 1), ("cos", -0.0, 1),
            ("tan", .infinity, .nan), ("tan", 0, 0), ("tan", -0.0, -0.0),
            ("tanh", .infinity, 1), ("tanh", -.infinity, -1), ("tanh", 0, 0), ("tanh", -0.0, -0.0),
            ("tanh", 1000, 1), ("tanh", -1000, -1),
            ("sigmoid", .infinity, 1), ("sigmoid", -.infinity, 0), ("sigmoid", 0, 0.5), ("sigmoid", -1000, 0),
            ("sigmoid", 1000, 1),
        ]
        let functions = Dictionary(uniqueKeysWithValues: Function.all.map { ($0.name, $0) })
        func same(_ a: Double, _ b: Double) -> Bool { a.isNaN ? b.isNaN : a == b && a.sign == b.sign }
        for (name, x, expected) in cases {
            let function = functions[name]!
            for x in [x, .nan] {
                let expected = x.isNaN ? Double.nan : expected
                var outFloat: Float = 42
                function.float([Float(x)], &outFloat, 1)
                #expect(same(Double(outFloat), expected), "Float \(name)(\(x)) = \(outFloat), expected \(expected)")
                var outDouble = 42.0
                function.double([x], &outDouble, 1)
                #expect(same(outDouble, expected), "Double \(name)(\(x)) = \(outDouble), expected \(expected)")
            }
        }
    }

    @Test("Large negative sigmoid gives exp(x) down to subnormals, never NaN")
    func sigmoidUnderflow() {
        let xs: [Float] = [-80, -88, -90, -95, -100, -103, -110]
        var ys = [Float](repeating: .nan, count: xs.count)
        VectorMath.sigmoid(xs, &ys, count: xs.count)
        for (x, y) in zip(xs, ys) {
            #expect(ulpError(y, Glibc.exp(Double(x))) <= maxUlpError, "sigmoid(\(x)) = \(y)")
        }
    }

    @Test("Tails: any count works and nothing past it is written", arguments: [0, 1, 7, 1023, 1025])
    func tails(_ count: Int) {
        var rng = SplitMix64(state: UInt64(count) + 1)
        let sentinel = 4
        let xsFloat = (0..<count).map { _ in Float.random(in: -20...20, using: &rng) }
        let xsDouble = (0..<count).map { _ in Double.random(in: -20...20, using: &rng) }
        for function in Function.all {
            var outFloat = [Float](repeating: 1234, count: count + sentinel)
            function.float(xsFloat, &outFloat, count)
            #expect(outFloat[count...].allSatisfy { $0 == 1234 }, "\(function.name) Float wrote past count \(count)")
            var outDouble = [Double](repeating: 1234, count: count + sentinel)
            function.double(xsDouble, &outDouble, count)
            #expect(outDouble[count...].allSatisfy { $0 == 1234 }, "\(function.name) Double wrote past count \(count)")
            // Each element alone (the tail path) must give the same bits as in the block.
            for i in 0..<count {
                var single: Float = 0
                function.float([xsFloat[i]], &single, 1)
                #expect(single.bitPattern == outFloat[i].bitPattern, "\(function.name) Float element \(i) of \(count)")
                var singleDouble = 0.0
                function.double([xsDouble[i]], &singleDouble, 1)
                #expect(singleDouble.bitPattern == outDouble[i].bitPattern, "\(function.name) Double element \(i) of \(count)")
            }
        }
    }

    @Test("In place: out may equal x", arguments: Function.all)
    fileprivate func inPlace(_ function: Function) {
        var rng = SplitMix64(state: 7)
        // Include out-of-range trigonometric arguments so the scalar fallback runs in place too.
        let xsFloat = (0..<1030).map { i in Float.random(in: -20...20, using: &rng) * (i % 97 == 0 ? 1e9 : 1) }
        let xsDouble = (0..<1030).map { i in Double.random(in: -20...20, using: &rng) * (i % 97 == 0 ? 1e12 : 1) }
        var expectedFloat = [Float](repeating: 0, count: xsFloat.count)
        function.float(xsFloat, &expectedFloat, xsFloat.count)
        var bufferFloat = xsFloat
        bufferFloat.withUnsafeMutableBufferPointer { function.float(UnsafePointer($0.baseAddress!), $0.baseAddress!, $0.count) }
        #expect(bufferFloat.map(\.bitPattern) == expectedFloat.map(\.bitPattern))
        var expectedDouble = [Double](repeating: 0, count: xsDouble.count)
        function.double(xsDouble, &expectedDouble, xsDouble.count)
        var bufferDouble = xsDouble
        bufferDouble.withUnsafeMutableBufferPointer { function.double(UnsafePointer($0.baseAddress!), $0.baseAddress!, $0.count) }
        #expect(bufferDouble.map(\.bitPattern) == expectedDouble.map(\.bitPattern))
    }
}
