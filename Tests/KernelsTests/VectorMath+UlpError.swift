#if canImport(Glibc)
import Glibc
#endif

// The error measure both VectorMath accuracy suites assert their bounds in.

/// Error of `got` in ulps of the correctly rounded `reference`: the ulp is that of the
/// reference's binade, clamped to the subnormal and overflow limits of Float.
func ulpError(_ got: Float, _ reference: Double) -> Double {
    if reference.isNaN { return got.isNaN ? 0 : .infinity }
    if reference == 0 || got.isInfinite || reference.isInfinite {
        let rounded = Float(reference)
        return got == rounded && got.sign == rounded.sign ? 0 : .infinity
    }
    if got.isNaN { return .infinity }
    let exponent = min(max(Int(reference.exponent), -126), 127)
    return abs(Double(got) - reference) / Double(sign: .plus, exponent: exponent - 23, significand: 1)
}

func ulpError(_ got: Double, _ reference: Float80) -> Double {
    if reference.isNaN { return got.isNaN ? 0 : .infinity }
    if reference == 0 || got.isInfinite || reference.isInfinite {
        let rounded = Double(reference)
        return got == rounded && got.sign == rounded.sign ? 0 : .infinity
    }
    if got.isNaN { return .infinity }
    let exponent = min(max(Int(reference.exponent), -1022), 1023)
    let ulp = Float80(sign: .plus, exponent: exponent - 52, significand: 1)
    return Double(abs(Float80(got) - reference) / ulp)
}
