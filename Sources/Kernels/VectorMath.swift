/// Vectorized transcendental functions for the block VM: each function maps `count` elements of
/// `x` to `out` (which may be `x` itself) with SIMD polynomial approximations.
///
/// Why not Glibc: `expf`/`sinf` cost 4-6 ns per element from a Swift loop and never vectorize;
/// with AVX2 and FMA these take 0.5-1.2 ns per float and 1.5-3.4 ns per double on one core.
/// Every function is within 4 ulp of the correctly rounded result for every input, with Glibc's
/// special values (NaN, ±inf, ±0, overflow, underflow, subnormals); where the fast path would
/// not be accurate (huge trigonometric arguments, non-finite values) the whole vector falls
/// back to Glibc.
///
/// Only `.addingProduct`, arithmetic, bit operations, floating-point comparisons feeding
/// `replacing(with:where:)` and `.max()` appear in the kernels: with AVX2 these lower to single
/// instructions, while `pointwiseMin`/`pointwiseMax`, `clamped`, `any(_:)`, integer comparisons
/// and masks bit-cast to integers lower to per-lane scalar code.
enum VectorMath {
    /// Eight floats fill one AVX2 register.
    typealias FloatVector = SIMD8<Float>
    /// Four doubles fill one AVX2 register.
    typealias DoubleVector = SIMD4<Double>
}

/// A one-argument function on one vector of either precision, run over arrays by `forEachVector`.
///
/// Why a type and not a closure: the optimizer did not inline the larger closures (tanh,
/// sigmoid, tan, asin, ...) passed to `forEachVector` and called them once per vector, which
/// serialized the divisions' latency (sigmoid at 1e6 float32 on 1 thread, AMD EPYC: 994 µs
/// called, 805 µs inlined). A kernel's `apply` is `@inline(__always)`, so the driver, once
/// specialized for it, inlines the body into its vector loop whatever the body's size (the
/// zero-padded tail, once per call, may stay a call).
///
/// The larger helpers a body calls do not get that far by themselves: the SIL inliner drops
/// `@inline(__always)` when the caller and the callee both have more than 64 blocks (SIMD code
/// has many before LLVM), and a specialized driver receives a kernel's body before the helpers
/// in it are inlined. With them `@inline(__always)`, tanh (float32) called `expKernel` once per
/// vector (1e6 on 1 thread: 1269 µs, 920 µs inlined), log1p (float64) `logKernel`, log1p
/// (float32) `logSpecialValues` and atan2 (float32) `arctangentKernel`; those four are
/// `@_transparent`, which is always inlined.
protocol VectorKernel {
    static func apply(_ v: VectorMath.FloatVector) -> VectorMath.FloatVector
    static func apply(_ v: VectorMath.DoubleVector) -> VectorMath.DoubleVector
}

extension VectorMath {
    /// Runs `kernel` over `count` elements, one vector at a time. The tail is padded with zeros
    /// (in range for every function) and goes through the same kernel, so an element's result
    /// does not depend on its position in the block.
    @inline(__always)
    static func forEachVector<Kernel: VectorKernel>(
        _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int, _ kernel: Kernel.Type
    ) {
        let width = FloatVector.scalarCount
        var i = 0
        while i + width <= count {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: FloatVector.self)
            UnsafeMutableRawPointer(out + i).storeBytes(of: kernel.apply(v), as: FloatVector.self)
            i += width
        }
        if i < count {
            var v = FloatVector()
            for lane in 0..<(count - i) { v[lane] = x[i + lane] }
            let r = kernel.apply(v)
            for lane in 0..<(count - i) { out[i + lane] = r[lane] }
        }
    }

    /// Double version of `forEachVector`.
    @inline(__always)
    static func forEachVector<Kernel: VectorKernel>(
        _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int, _ kernel: Kernel.Type
    ) {
        let width = DoubleVector.scalarCount
        var i = 0
        while i + width <= count {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: DoubleVector.self)
            UnsafeMutableRawPointer(out + i).storeBytes(of: kernel.apply(v), as: DoubleVector.self)
            i += width
        }
        if i < count {
            var v = DoubleVector()
            for lane in 0..<(count - i) { v[lane] = x[i + lane] }
            let r = kernel.apply(v)
            for lane in 0..<(count - i) { out[i + lane] = r[lane] }
        }
    }

    /// Applies a scalar function lane by lane: the fallback for chunks the fast path cannot do.
    @inline(__always)
    static func scalarMap(_ v: FloatVector, _ f: (Float) -> Float) -> FloatVector {
        var r = v
        for lane in v.indices { r[lane] = f(v[lane]) }
        return r
    }

    @inline(__always)
    static func scalarMap(_ v: DoubleVector, _ f: (Double) -> Double) -> DoubleVector {
        var r = v
        for lane in v.indices { r[lane] = f(v[lane]) }
        return r
    }

    /// `a * b + c` with one rounding: the Horner step of every polynomial here.
    @inline(__always)
    static func multiplyAdd(_ a: FloatVector, _ b: FloatVector, _ c: Float) -> FloatVector {
        FloatVector(repeating: c).addingProduct(a, b)
    }

    @inline(__always)
    static func multiplyAdd(_ a: DoubleVector, _ b: DoubleVector, _ c: Double) -> DoubleVector {
        DoubleVector(repeating: c).addingProduct(a, b)
    }

    // MARK: Bit views

    @inline(__always)
    static func bits(_ v: FloatVector) -> SIMD8<Int32> { unsafeBitCast(v, to: SIMD8<Int32>.self) }

    @inline(__always)
    static func float(bits b: SIMD8<Int32>) -> FloatVector { unsafeBitCast(b, to: FloatVector.self) }

    @inline(__always)
    static func bits(_ v: DoubleVector) -> SIMD4<Int64> { unsafeBitCast(v, to: SIMD4<Int64>.self) }

    @inline(__always)
    static func double(bits b: SIMD4<Int64>) -> DoubleVector { unsafeBitCast(b, to: DoubleVector.self) }

    /// True when every lane satisfies `|v| <= limit`; false for NaN and ±inf lanes. Compares the
    /// magnitudes' bit patterns with a horizontal integer maximum (one `vpmaxud` chain).
    @inline(__always)
    static func allMagnitudes(_ v: FloatVector, atMost limit: Float) -> Bool {
        let magnitude = unsafeBitCast(v, to: SIMD8<UInt32>.self) & 0x7fff_ffff
        return magnitude.max() <= limit.bitPattern
    }

    @inline(__always)
    static func allMagnitudes(_ v: DoubleVector, atMost limit: Double) -> Bool {
        let magnitude = unsafeBitCast(v, to: SIMD4<UInt64>.self) & 0x7fff_ffff_ffff_ffff
        return magnitude.max() <= limit.bitPattern
    }

    /// `a` in the lanes where `mask` is all ones, `b` where it is zero. Integer comparisons
    /// (`.!=` on `SIMD8<Int32>`) lower to per-lane loops, so integer masks are built with
    /// arithmetic and applied with bit operations.
    @inline(__always)
    static func select(_ mask: SIMD8<Int32>, _ a: FloatVector, _ b: FloatVector) -> FloatVector {
        float(bits: (bits(a) & mask) | (bits(b) & ~mask))
    }

    @inline(__always)
    static func select(_ mask: SIMD4<Int64>, _ a: DoubleVector, _ b: DoubleVector) -> DoubleVector {
        double(bits: (bits(a) & mask) | (bits(b) & ~mask))
    }

    /// All ones in the lanes holding ±0, zeros elsewhere, from integer arithmetic: a SIMD
    /// comparison mask converted to integers compiles to per-lane code.
    @inline(__always)
    static func zeroMask(_ v: FloatVector) -> SIMD8<Int32> {
        let magnitude = unsafeBitCast(v, to: SIMD8<UInt32>.self) & 0x7fff_ffff
        return SIMD8<Int32>(truncatingIfNeeded: 0 &- ((magnitude &- 1) &>> 31))
    }

    @inline(__always)
    static func zeroMask(_ v: DoubleVector) -> SIMD4<Int64> {
        let magnitude = unsafeBitCast(v, to: SIMD4<UInt64>.self) & 0x7fff_ffff_ffff_ffff
        return SIMD4<Int64>(truncatingIfNeeded: 0 &- ((magnitude &- 1) &>> 63))
    }

    /// `x` where `x` is NaN, else `y`: the kernels' clamps and bit tricks turn NaN into
    /// arbitrary numbers, and Glibc returns a NaN input unchanged.
    @inline(__always)
    static func propagatingNaN(_ x: FloatVector, _ y: FloatVector) -> FloatVector {
        y.replacing(with: x, where: x .!= x)
    }

    @inline(__always)
    static func propagatingNaN(_ x: DoubleVector, _ y: DoubleVector) -> DoubleVector {
        y.replacing(with: x, where: x .!= x)
    }
}
