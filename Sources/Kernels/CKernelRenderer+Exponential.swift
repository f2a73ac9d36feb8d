/// The C of `exp` and `sigmoid`: on float32 the block VM's own algorithm (`VectorMath.expKernel`
/// and `VectorMath.Sigmoid`) transcribed lane by lane, with the same constants
/// (`VectorMath.expFloatReduction`, `expFloatPolynomial`) and the same fused multiply-adds, so a
/// compiled kernel computes the VM's (and eager's) bits: the Dispatch backend may then promote
/// it (`HotKernel`), and the OpenMP backend's `exp` and `sigmoid` of float32 agree with the
/// VM's. clang vectorizes it like any arithmetic (AVX-512 where the CPU has it). float64 keeps
/// libm's `exp` (the VM's float64 polynomial is not transcribed).
extension CHelper {
    /// Whether the C of `op` on operands of `dtype` computes the block VM's bits: every exactly
    /// rounded operation (the templates mirror `ScalarSemantics.swift`), and the transcendentals
    /// whose helper transcribes the VM's algorithm; not the others, nor float `power` (libm and
    /// libmvec in C, the VM's polynomials in Swift).
    static func rendersBlockVMBits(_ op: ElementwiseOp, _ dtype: DType) -> Bool {
        if dtype == .float32 && (op == .exp || op == .sigmoid) { return true }
        return !op.isTranscendental && !(op == .power && dtype.isFloatingPoint)
    }

    /// `exp` of `dtype`.
    func exponentialDefinition(_ dtype: DType) -> String {
        guard dtype == .float32 else {
            return "static inline \(dtype.cType) \(name)(\(dtype.cType) x) { return exp\(dtype.cMathSuffix)(x); }"
        }
        let (log2e, ln2High, ln2Low) = VectorMath.expFloatReduction
        let c = VectorMath.expFloatPolynomial
        let f = CLiteral.float
        // expKernel: clamp (NaN passes both), Cody-Waite reduction, the polynomial, 2^n as two
        // factors, NaN propagated.
        return """
        static inline float \(name)(float x) {
            float xc = x > 89.0f ? 89.0f : x;
            xc = xc < -104.0f ? -104.0f : xc;
            const float shifter = 0x1.8p23f;
            float k = fmaf(xc, \(f(log2e)), shifter);
            float n = k - shifter;
            float r = fmaf(n, \(f(ln2High)), xc);
            r = fmaf(n, \(f(ln2Low)), r);
            float p = fmaf(\(f(c.0)), r, \(f(c.1)));
            p = fmaf(p, r, \(f(c.2)));
            p = fmaf(p, r, \(f(c.3)));
            p = fmaf(p, r, \(f(c.4)));
            p = fmaf(p, r, \(f(c.5)));
            float y = fmaf(p, r * r, r) + 1.0f;
            uint32_t kb, sb;
            __builtin_memcpy(&kb, &k, 4);
            __builtin_memcpy(&sb, &shifter, 4);
            int32_t all = (int32_t)(kb - sb), first = all >> 1, second = all - first;
            float e = y * la_f32_bits((uint32_t)(first + 127) << 23) * la_f32_bits((uint32_t)(second + 127) << 23);
            return x != x ? x : e;
        }
        """
    }

    /// `sigmoid` of `dtype`: on float32 the VM's `e = exp(-|x|)`, `(x >= 0 ? 1 : e) / (e + 1)`.
    func logisticDefinition(_ dtype: DType) -> String {
        let exponential = CHelper(kind: .exponential, dtype: dtype).name
        guard dtype == .float32 else {
            let t = dtype.cType
            return "static inline \(t) \(name)(\(t) x) { return (\(t))1 / ((\(t))1 + \(exponential)(-x)); }"
        }
        return """
        static inline float \(name)(float x) {
            uint32_t b;
            __builtin_memcpy(&b, &x, 4);
            float e = \(exponential)(la_f32_bits(b | 0x80000000u));
            return (x >= 0.0f ? 1.0f : e) / (e + 1.0f);
        }
        """
    }
}
