/// Random sampling in C: the counter contract of `RandomKernels` (element `j` of a stream comes
/// from one Philox-4x32-10 block whose counter is a function of `j`: `j` itself, or for the
/// float32 normal `8 (j / 32) + j % 8`) and each sampler's
/// arithmetic, written element by element so that the C target draws bitwise the numbers the
/// block VM draws:
/// - the float32 normal's logarithm and cosine are `RandomKernels`' own polynomials (the same
///   coefficients, the same fused multiply-adds through `fmaf`, which `-ffp-contract=off`
///   leaves alone), not the C library's;
/// - the float64 normal calls glibc's scalar `log` and `sin`, as the VM does, through wrappers
///   the vectorizer cannot replace by libmvec's variants.
extension CKernelRenderer {
    /// The C expression of a sample of `distribution` as `dtype` at flat position `p`, reading
    /// the generator's key and counter from buffer `slot` (loaded once per chunk by
    /// `randomParameters`).
    mutating func randomSample(_ distribution: RandomDistribution, dtype: DType, slot: Int) -> String {
        randomSlots.insert(slot)
        let stream = "la_counter\(slot) + (uint64_t)p, la_key\(slot)_0, la_key\(slot)_1"
        switch (distribution, dtype) {
        case (.normal(let mean, let std), .float32):
            // Four elements share a Philox block: filled group by group before the element loop.
            let name = "la_normal\(normalFills.count)"
            normalFills.append("la_normal_fill_f32(\(name), la_counter\(slot) + (uint64_t)start, end - start, la_key\(slot)_0, la_key\(slot)_1, "
                               + "\(CLiteral.float(Float(mean))), \(CLiteral.float(Float(std))));")
            return "\(name)[p - start]"
        case (.normal(let mean, let std), _):
            return "la_normal_f64(\(stream), \(CLiteral.double(mean)), \(CLiteral.double(std)))"
        case (.uniform(let low, let high), .float32):
            // The VM converts both bounds to float, then subtracts in float.
            let scale = Float(high) - Float(low)
            return "la_uniform_f32(\(stream), \(CLiteral.float(Float(low))), \(CLiteral.float(scale)))"
        case (.uniform(let low, let high), _):
            return "la_uniform_f64(\(stream), \(CLiteral.double(low)), \(CLiteral.double(high - low)))"
        case (.integers(let low, let high), .int32):
            let range = UInt64(Int64(Int32(truncatingIfNeeded: high)) - Int64(Int32(truncatingIfNeeded: low)))
            return "((int32_t)(uint32_t)((uint64_t)(int64_t)\(Int32(truncatingIfNeeded: low)) + la_bounded(\(stream), \(range)ull)))"
        case (.integers(let low, let high), _):
            let range = UInt64(bitPattern: high &- low)
            return "((int64_t)((uint64_t)\(CLiteral.integer(low, dtype: .int64)) + la_bounded(\(stream), \(range)ull)))"
        case (.bernoulli(let p), _):
            // The integer test of `RandomKernels.bernoulli`: `w0 >> 8 < ceil(p * 2^24)`.
            let threshold: UInt32 = if !(p > 0) { 0 } else if p >= 1 { 1 << 24 } else { UInt32((p * 0x1p24).rounded(.up)) }
            return "((uint8_t)((la_philox(\(stream)).w0 >> 8) < \(threshold)u))"
        }
    }

    /// Statements that load the key and counter of every generator the kernel samples
    /// (`RandomDistribution.parameters`: two 32-bit key words, then the 64-bit counter),.
    /// and fill the float32 normal samples of the range (`normalFills`).
    var randomParameters: [String] {
        let parameters = randomSlots.sorted().flatMap { slot in [
            "const uint32_t la_key\(slot)_0 = ((const uint32_t *)buffers[\(slot)])[0];",
            "const uint32_t la_key\(slot)_1 = ((const uint32_t *)buffers[\(slot)])[1];",
            "const uint64_t la_counter\(slot) = *(const uint64_t *)(buffers[\(slot)] + 8);",
        ] }
        // A range is at most a chunk (elementwise) or a block (a reduction's `la_values`).
        let capacity = program.reduction == nil ? BlockVM.chunkSize : BlockVM.blockSize
        return parameters + normalFills.indices.flatMap { n in
            ["float la_normal\(n)[\(capacity)];", normalFills[n]]
        }
    }

    /// The Philox block and the samplers, present in a source when it samples.
    var randomDefinitions: [String] {
        guard !randomSlots.isEmpty else { return [] }
        let hex = { (value: UInt32) in "0x\(String(value, radix: 16))u" }
        let log = RandomKernels.logPolynomial, cos = RandomKernels.cosTurnsPolynomial
        let logTerms = [log.1, log.2, log.3, log.4, log.5, log.6].map { "    p = fmaf(p, f, \(CLiteral.float($0)));" }
        let cosTerms = [cos.1, cos.2, cos.3, cos.4].map { "    q = fmaf(q, b2, \(CLiteral.float($0)));" }
        return [
            """
            typedef struct { uint32_t w0, w1, w2, w3; } la_words;
            /* Philox4x32.block: ten rounds, the key bumped by the Weyl increments between rounds.
               The words live in the low halves of 64-bit values, as Philox4x32.Lanes keeps them:
               a round is then one 32x32->64 vector multiply per word pair with no packing between
               rounds (measured: 1.7x faster than 32-bit words for the float32 normal). */
            static inline la_words la_philox(uint64_t j, uint32_t k0, uint32_t k1) {
                uint64_t x0 = j & 0xFFFFFFFFu, x1 = j >> 32, x2 = 0, x3 = 0, key0 = k0, key1 = k1;
                for (int round = 0; round < \(Philox4x32.rounds); round++) {
                    const uint64_t p0 = (x0 & 0xFFFFFFFFu) * \(hex(Philox4x32.multiplier0)), p1 = (x2 & 0xFFFFFFFFu) * \(hex(Philox4x32.multiplier1));
                    x0 = (p1 >> 32) ^ x1 ^ key0; x1 = p1;
                    x2 = (p0 >> 32) ^ x3 ^ key1; x3 = p0;
                    key0 = (uint32_t)(key0 + \(hex(Philox4x32.keyIncrement0))); key1 = (uint32_t)(key1 + \(hex(Philox4x32.keyIncrement1)));
                }
                return (la_words){(uint32_t)x0, (uint32_t)x1, (uint32_t)x2, (uint32_t)x3};
            }
            /* RandomKernels.unitFloat: the top 24 bits times 2^-24. */
            static inline float la_unit_f32(uint32_t w) { return (float)(int32_t)(w >> 8) * 0x1p-24f; }
            /* RandomKernels.unitDouble: the top 53 bits times 2^-53. */
            static inline double la_unit_f64(uint32_t high, uint32_t low) {
                return (double)((((uint64_t)high << 32) | low) >> 11) * 0x1p-53;
            }
            static inline float la_uniform_f32(uint64_t j, uint32_t k0, uint32_t k1, float low, float scale) {
                return fmaf(scale, la_unit_f32(la_philox(j, k0, k1).w0), low);
            }
            static inline double la_uniform_f64(uint64_t j, uint32_t k0, uint32_t k1, double low, double scale) {
                const la_words w = la_philox(j, k0, k1);
                return fma(scale, la_unit_f64(w.w0, w.w1), low);
            }
            /* RandomKernels.logUnitInterval. */
            static inline float la_log_unit(float x) {
                int32_t bits; __builtin_memcpy(&bits, &x, 4);
                const int32_t shifted = bits - 0x3F3504F3;
                const float k = (float)(shifted >> 23);
                const int32_t mantissa = (shifted & 0x007FFFFF) + 0x3F3504F3;
                float m; __builtin_memcpy(&m, &mantissa, 4);
                const float f = m - 1.0f, f2 = f * f;
                float p = \(CLiteral.float(log.0));
            \(logTerms.joined(separator: "\n"))
                float y = fmaf(-0.5f, f2, p * f2 * f);
                y = fmaf(k, \(CLiteral.float(RandomKernels.ln2Low)), y);
                return fmaf(k, \(CLiteral.float(RandomKernels.ln2High)), f + y);
            }
            /* RandomKernels.cosTurns. */
            static inline float la_cos_turns(float t) {
                const float centered = t - 0.5f;
                uint32_t bits; __builtin_memcpy(&bits, &centered, 4);
                bits &= 0x7FFFFFFFu;
                float magnitude; __builtin_memcpy(&magnitude, &bits, 4);
                const float b = magnitude - 0.25f, b2 = b * b;
                float q = \(CLiteral.float(cos.0));
            \(cosTerms.joined(separator: "\n"))
                return b * q;
            }
            /* RandomKernels.normal (Float): four elements per block, filled group by group as the VM
               does. Element j is row k = (j % 32) / 8 of lane j % 8 of group j / 32, from block
               8 (j / 32) + j % 8: rows 0 and 1 are the cosine and sine branches of words (w0, w1),
               rows 2 and 3 of (w2, w3). The sine is sinTurns: the cosine of t - 1/4 (t + 3/4 below
               1/4). Writes elements first..first + count - 1 of the stream to out[0..count). */
            static inline float la_radius(uint32_t w) {
                const float square = -2.0f * la_log_unit(la_unit_f32(w) + 0x1p-24f);
                return sqrtf(square > 0 ? square : 0);
            }
            static inline float la_sine_turns(float t) { return t < 0.25f ? t + 0.75f : t - 0.25f; }
            static void la_normal_fill_f32(float *out, uint64_t first, long count, uint32_t k0, uint32_t k1, float mean, float std) {
                const uint64_t end = first + (uint64_t)count;
                for (uint64_t group = first & ~(uint64_t)31; group < end; group += 32) {
                    float rows[32];
                    #pragma omp simd
                    for (int l = 0; l < 8; l++) {
                        const la_words w = la_philox(group / 4 + (uint64_t)l, k0, k1);
                        const float radius0 = la_radius(w.w0), radius1 = la_radius(w.w2);
                        const float turns0 = la_unit_f32(w.w1), turns1 = la_unit_f32(w.w3);
                        rows[l] = fmaf(std, radius0 * la_cos_turns(turns0), mean);
                        rows[8 + l] = fmaf(std, radius0 * la_cos_turns(la_sine_turns(turns0)), mean);
                        rows[16 + l] = fmaf(std, radius1 * la_cos_turns(turns1), mean);
                        rows[24 + l] = fmaf(std, radius1 * la_cos_turns(la_sine_turns(turns1)), mean);
                    }
                    if (group >= first && group + 32 <= end) {
                        for (int k = 0; k < 32; k++) out[group - first + (uint64_t)k] = rows[k];
                    } else {
                        /* A group cut by the range's ends: computed whole, only its part in range stored. */
                        for (int k = 0; k < 32; k++)
                            if (group + (uint64_t)k >= first && group + (uint64_t)k < end) out[group + (uint64_t)k - first] = rows[k];
                    }
                }
            }
            /* glibc's scalar log and sin, as the VM calls them: not inlined, so a vectorized loop
               calls them lane by lane instead of libmvec's variants. */
            __attribute__((noinline)) static double la_libm_log(double x) { return log(x); }
            __attribute__((noinline)) static double la_libm_sin(double x) { return sin(x); }
            static inline double la_normal_f64(uint64_t j, uint32_t k0, uint32_t k1, double mean, double std) {
                const la_words w = la_philox(j, k0, k1);
                const double u1 = la_unit_f64(w.w0, w.w1) + 0x1p-53, u2 = la_unit_f64(w.w2, w.w3);
                const double z = sqrt(-2.0 * la_libm_log(u1)) * la_libm_sin(\(CLiteral.hex(2 * Double.pi)) * (fabs(u2 - 0.5) - 0.25));
                return fma(std, z, mean);
            }
            /* RandomKernels.bounded: Lemire's multiply-shift with one retry from words 2 and 3. */
            static inline uint64_t la_bounded(uint64_t j, uint32_t k0, uint32_t k1, uint64_t range) {
                const la_words w = la_philox(j, k0, k1);
                unsigned __int128 product = (unsigned __int128)((((uint64_t)w.w0) << 32) | w.w1) * range;
                if ((uint64_t)product < range && (uint64_t)product < (0 - range) % range)
                    product = (unsigned __int128)((((uint64_t)w.w2) << 32) | w.w3) * range;
                return (uint64_t)(product >> 64);
            }
            """,
        ]
    }
}
