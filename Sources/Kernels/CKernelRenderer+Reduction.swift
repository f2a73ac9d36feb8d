/// Reduction kernels in C: the block VM's work units and folds, transcribed.
///
/// The iteration space `[outer, extent, inner]` is cut by `ReductionLayout`, the VM's own
/// geometry: a unit is an outer index, a stretch of kept columns and a piece of the reduced
/// axis; it computes its values block by block (`la_values`, the fused producers) and folds
/// each block into its own states exactly as `ReductionFolder` does (float32 sums over 32 float
/// lanes then float64, float64 sums over 8 lanes then Neumaier, the rest value by value in
/// order); the pieces of one reduced axis are merged in order at the end. Threads run whole
/// units, so a result never depends on the thread count, and every reduction but
/// log-sum-exp (whose exponentials are libm's/libmvec's here, `VectorMath`'s in the VM) gives
/// the VM's bits.
extension CKernelRenderer {
    /// The C of a reduction kernel: the folds, one unit's work (`la_unit`), the entry points.
    mutating func reductionDriver(_ reduction: KernelReduction) throws(Unsupported) -> [String] {
        let layout = ReductionLayout(reduction)
        let outputs = reduction.outputs.enumerated()
        let algorithms = try reduction.outputs.map { output throws(Unsupported) -> ReductionAlgorithm in
            guard let algorithm = output.op.specification.algorithm(output.dtype) else {
                throw Unsupported(reason: "\(output.op.rawValue) of a \(output.dtype) register")
            }
            return algorithm
        }
        // The vectorized extreme of a run, for float32 max/min and log-sum-exp.
        let extremes = Set(algorithms.compactMap { algorithm -> ExtremeRun? in
            switch algorithm {
            case .extreme(let largest, .float32): ExtremeRun(largest: largest, dtype: .float32)
            case .logSumExp(_, let type): ExtremeRun(largest: true, dtype: type.dtype)
            case .float32Sum, .float64Sum, .wrappingSum, .floatProduct, .wrappingProduct, .any, .all, .extreme, .argExtreme: nil
            }
        })
        var lines = extremes.sorted { $0.name < $1.name }.map(\.definition)
        for (k, output) in outputs { lines += folder(output, algorithms[k], k) }
        guard layout.units > 0 else {
            return lines + [
                "void *\(Self.beginSymbol)(void) { return 0; }",
                "void \(Self.runSymbol)(char *const *buffers, void *states, long first, long last) { (void)buffers; (void)states; (void)first; (void)last; }",
                "void \(Self.endSymbol)(char *const *buffers, void *states) { (void)buffers; (void)states; }",
                "",
            ]
        }
        let block = BlockVM.blockSize
        let states = outputs.map { k, _ in ", la_state\(k) *st\(k)" }.joined()
        let reduced = outputs.map { k, _ in ", red\(k)" }.joined()
        lines += [
            "static void la_unit(char *const *buffers, long unit\(states)) {",
            "    const long o = unit / \(layout.columnBlocks * layout.pieces)L, c = (unit / \(layout.pieces)L) % \(layout.columnBlocks)L;",
            "    const long firstColumn = c * \(layout.columnBlock)L;",
            "    const long width = \(layout.inner)L - firstColumn < \(layout.columnBlock)L ? \(layout.inner)L - firstColumn : \(layout.columnBlock)L;",
            "    const long firstRow = (unit % \(layout.pieces)L) * \(layout.rowsPerPiece)L;",
            "    const long lastRow = firstRow + \(layout.rowsPerPiece)L < \(layout.extent)L ? firstRow + \(layout.rowsPerPiece)L : \(layout.extent)L;",
        ]
        for (k, output) in outputs {
            lines.append("    la_state\(k) *s\(k) = st\(k) + unit * \(layout.columnBlock)L;")
            lines.append("    \(output.dtype.cType) red\(k)[\(block)];")
        }
        if layout.inner == 1 {
            // Along consecutive positions: runs of up to a block from the piece's first row.
            lines += [
                "    (void)width;",
                "    for (long row = firstRow; row < lastRow;) {",
                "        const long n = lastRow - row < \(block)L ? lastRow - row : \(block)L;",
                "        la_values(buffers, o * \(layout.extent)L + row, o * \(layout.extent)L + row + n\(reduced));",
            ]
            lines += outputs.map { k, _ in "        la_run\(k)(s\(k), red\(k), n, row);" }
        } else {
            // Whole rows, as many per block as fit when a row is narrow; each column's state
            // folds its rows in order.
            lines += [
                "    const long rowsPerBlock = width == \(layout.inner)L && \(block)L / width > 1 ? \(block)L / width : 1;",
                "    for (long row = firstRow; row < lastRow;) {",
                "        const long n = lastRow - row < rowsPerBlock ? lastRow - row : rowsPerBlock;",
                "        const long start = (o * \(layout.extent)L + row) * \(layout.inner)L + firstColumn;",
                "        la_values(buffers, start, start + n * width\(reduced));",
                "        for (long r = 0; r < n; r++) {",
            ]
            for (k, _) in outputs {
                lines += [
                    "            #pragma omp simd",
                    "            for (long column = 0; column < width; column++) la_fold\(k)(&s\(k)[column], red\(k)[r * width + column], row + r);",
                ]
            }
            lines.append("        }")
        }
        lines += ["        row += n;", "    }", "}", ""]
        lines += entryPoints(layout, reduction)
        return lines
    }

    /// `lazyarray_begin` allocates and initializes the states of every unit, `lazyarray_run`
    /// runs units, `lazyarray_end` merges each reduced axis's pieces in order, writes the
    /// results and frees the states.
    private func entryPoints(_ layout: ReductionLayout, _ reduction: KernelReduction) -> [String] {
        let outputs = reduction.outputs.enumerated()
        let stateCount = layout.units * layout.columnBlock
        let states = outputs.map { k, _ in ", s->st\(k)" }.joined()
        var lines = ["typedef struct {"] + outputs.map { k, _ in "    la_state\(k) *st\(k);" } + ["} la_states;", ""]
        lines += ["void *\(Self.beginSymbol)(void) {", "    la_states *s = (la_states *)malloc(sizeof(la_states));"]
        // As a failed allocation in the VM: stop rather than return a wrong result.
        lines.append("    if (!s) abort();")
        for (k, _) in outputs {
            lines += [
                "    s->st\(k) = (la_state\(k) *)malloc(sizeof(la_state\(k)) * \(stateCount)L);",
                "    if (!s->st\(k)) abort();",
                "    for (long i = 0; i < \(stateCount)L; i++) s->st\(k)[i] = la_identity\(k);",
            ]
        }
        lines += [
            "    return s;",
            "}",
            "",
            "void \(Self.runSymbol)(char *const *buffers, void *states, long first, long last) {",
            "    la_states *s = (la_states *)states;",
            "    for (long unit = first; unit < last; unit++) la_unit(buffers, unit\(states));",
            "}",
            "",
            "void \(Self.endSymbol)(char *const *buffers, void *states) {",
            "    la_states *s = (la_states *)states;",
            "    for (long o = 0; o < \(layout.outer)L; o++) {",
            "        for (long c = 0; c < \(layout.columnBlocks)L; c++) {",
            "            const long first = ((o * \(layout.columnBlocks)L + c) * \(layout.pieces)L) * \(layout.columnBlock)L;",
            "            const long width = \(layout.inner)L - c * \(layout.columnBlock)L < \(layout.columnBlock)L ? \(layout.inner)L - c * \(layout.columnBlock)L : \(layout.columnBlock)L;",
        ]
        for (k, output) in outputs {
            let r = output.resultType.cType
            lines += [
                "            for (long piece = 1; piece < \(layout.pieces)L; piece++)",
                "                for (long i = 0; i < width; i++) la_merge\(k)(&s->st\(k)[first + i], s->st\(k)[first + piece * \(layout.columnBlock)L + i]);",
                "            \(r) *out\(k) = (\(r) *)buffers[\(output.slot)] + o * \(layout.inner)L + c * \(layout.columnBlock)L;",
                "            for (long i = 0; i < width; i++) out\(k)[i] = la_finish\(k)(s->st\(k)[first + i]);",
            ]
        }
        lines += ["        }", "    }"]
        lines += outputs.map { k, _ in "    free(s->st\(k));" }
        lines += ["    free(s);", "}", ""]
        return lines
    }

    /// The C of reduction `k`, which runs `algorithm`: its state type and identity, `la_fold`
    /// (one value at its index), `la_run` (a run of consecutive positions), `la_merge` (a later
    /// piece) and `la_finish`.
    private func folder(_ output: ReductionOutput, _ algorithm: ReductionAlgorithm, _ k: Int) -> [String] {
        let t = output.dtype.cType, r = output.resultType.cType
        let state = "la_state\(k)"
        let parts: FolderParts
        switch algorithm {
        case .float32Sum:
            parts = FolderParts(
                state: "double", identity: "0", fold: "*s += (double)v;", merge: "*s += later;", finish: "return (float)s;",
                // SumFloat.foldRun: lane l of 32 accumulates positions l, l + 32, ...; the four
                // groups of eight lanes combine as (0 + 1) + (2 + 3), then into float64 in order.
                run: """
                    float lanes[32] = {0};
                    long i = 0;
                    for (; i + 32 <= n; i += 32)
                        for (int l = 0; l < 32; l++) lanes[l] += v[i + l];
                    double total = 0;
                    for (int l = 0; l < 8; l++) total += (double)((lanes[l] + lanes[l + 8]) + (lanes[l + 16] + lanes[l + 24]));
                    for (; i < n; i++) total += (double)v[i];
                    *s += total;
                """)
        case .float64Sum:
            // SumDouble: Neumaier's compensated sum of eight-lane run totals.
            parts = FolderParts(
                state: "struct { double sum, compensation; }", identity: "{0, 0}",
                fold: "la_neumaier\(k)(s, v);",
                merge: "la_neumaier\(k)(s, later.sum);\n    s->compensation += later.compensation;",
                finish: "return __builtin_isfinite(s.sum) ? s.sum + s.compensation : s.sum;",
                run: """
                    double lanes[8] = {0};
                    long i = 0;
                    for (; i + 8 <= n; i += 8)
                        for (int l = 0; l < 8; l++) lanes[l] += v[i + l];
                    double total = ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5])) + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]));
                    for (; i < n; i++) total += v[i];
                    la_neumaier\(k)(s, total);
                """,
                helper: """
                    static inline void la_neumaier\(k)(\(state) *s, double v) {
                        const double sum = s->sum + v;
                        s->compensation += fabs(s->sum) >= fabs(v) ? (s->sum - sum) + v : (v - sum) + s->sum;
                        s->sum = sum;
                    }
                    """)
        case .wrappingSum, .wrappingProduct:
            // Wrapping in int64 through unsigned arithmetic, as `&+` and `&*`.
            let symbol = algorithm == .wrappingSum ? "+" : "*"
            parts = FolderParts(state: "int64_t", identity: algorithm == .wrappingSum ? "0" : "1",
                          fold: "*s = (int64_t)((uint64_t)*s \(symbol) (uint64_t)v);",
                          merge: "*s = (int64_t)((uint64_t)*s \(symbol) (uint64_t)later);", finish: "return s;")
        case .floatProduct:
            parts = FolderParts(state: "double", identity: "1", fold: "*s *= (double)v;", merge: "*s *= later;",
                          finish: "return (\(r))s;")
        case .any:
            parts = FolderParts(state: "uint8_t", identity: "0", fold: "*s |= v;", merge: "*s |= later;", finish: "return s;")
        case .all:
            parts = FolderParts(state: "uint8_t", identity: "1", fold: "*s &= v;", merge: "*s &= later;", finish: "return s;")
        case .extreme(let largest, let type):
            let pick = extremePick(largest: largest, floating: type.dtype.isFloatingPoint)
            var extreme = FolderParts(
                state: "struct { \(t) value; uint8_t seen; }", identity: "{0, 0}",
                fold: "if (!s->seen) { s->value = v; s->seen = 1; } else s->value = \(pick("s->value", "v"));",
                merge: "if (later.seen) la_fold\(k)(s, later.value, 0);", finish: "return s.seen ? s.value : (\(t))0;")
            if type == .float32 {
                // Extreme.foldRun: the run's extreme (vectorized) or NaN, folded as one value; a
                // zero takes the tie rule's sign from the run (+0 for max if any, -0 for min).
                extreme.run = """
                    if (n == 0) return;
                    int nan;
                    float best = \(ExtremeRun(largest: largest, dtype: .float32).name)(v, n, &nan);
                    if (nan) best = la_f32_bits(0x\(String(Float.nan.bitPattern, radix: 16))u);
                    else if (best == 0) {
                        int found = 0;
                        for (long i = 0; i < n; i++) found |= v[i] == 0 && \(largest ? "!" : "")__builtin_signbit(v[i]);
                        best = found == \(largest ? 1 : 0) ? 0.0f : -0.0f;
                    }
                    la_fold\(k)(s, best, first);
                """
            }
            parts = extreme
        case .argExtreme(let largest, let type):
            let pick = extremePick(largest: largest, floating: type.dtype.isFloatingPoint)
            // ArgExtreme: the first index of a strictly better value, or of the first NaN.
            parts = FolderParts(
                state: "struct { \(t) value; int64_t index; uint8_t seen, nan; }", identity: "{0, 0, 0, 0}",
                fold: """
                    if (s->nan) return;
                    if (v != v) { s->value = v; s->index = index; s->seen = 1; s->nan = 1; return; }
                    if (!s->seen) { s->value = v; s->index = index; s->seen = 1; return; }
                    if (\(pick("s->value", "v")) != s->value) { s->value = v; s->index = index; }
                """,
                merge: """
                    if (s->nan) return;
                    if (later.nan) { *s = later; return; }
                    if (!later.seen) return;
                    if (!s->seen || \(pick("s->value", "later.value")) != s->value) *s = later;
                """,
                finish: "return s.index;")
        case .logSumExp(let aboveMaximum, _):
            parts = logSumExp(output, aboveMaximum: aboveMaximum, k)
        }
        var lines = ["typedef \(parts.state) \(state);", "static const \(state) la_identity\(k) = \(parts.identity);"]
        if let helper = parts.helper { lines.append(helper) }
        // Declared first: some folds merge, some merges fold.
        lines += [
            "static inline void la_fold\(k)(\(state) *s, \(t) v, long index);",
            "static inline void la_merge\(k)(\(state) *s, \(state) later);",
        ]
        lines += [
            "static inline void la_merge\(k)(\(state) *s, \(state) later) {\n    \(parts.merge)\n}",
            "static inline void la_fold\(k)(\(state) *s, \(t) v, long index) {\n    (void)index;\n    \(parts.fold)\n}",
            "static inline \(r) la_finish\(k)(\(state) s) {\n    \(parts.finish)\n}",
            "static inline void la_run\(k)(\(state) *s, const \(t) *v, long n, long first) {",
            parts.run ?? "    for (long i = 0; i < n; i++) la_fold\(k)(s, v[i], first + i);",
            "}",
        ]
        return lines
    }

    /// `Largest.pick`/`Smallest.pick` of two C expressions: NaN propagating for floats, and of
    /// two zeros the maximum +0 and the minimum -0.
    private func extremePick(largest: Bool, floating: Bool) -> (String, String) -> String {
        let symbol = largest ? ">" : "<"
        guard floating else { return { a, b in "(\(a) \(symbol) \(b) ? \(a) : \(b))" } }
        // On a tie `a` is kept unless the zeros differ: the max keeps +0, the min -0.
        let tie = { (a: String, b: String) in largest ? "(__builtin_signbit(\(a)) ? \(b) : \(a))" : "(__builtin_signbit(\(a)) ? \(a) : \(b))" }
        return { a, b in "(\(a) == \(b) ? \(tie(a, b)) : ((\(a) \(symbol) \(b) || \(a) != \(a)) ? \(a) : \(b)))" }
    }

    /// `LogSumExp`: a running maximum and the sum of `exp(x - maximum)`, rescaled when the
    /// maximum grows; a run takes its maximum first (NaN ends everything), then one sum.
    private func logSumExp(_ output: ReductionOutput, aboveMaximum: Bool, _ k: Int) -> FolderParts {
        let t = output.dtype.cType, f = output.dtype.cMathSuffix
        let result = aboveMaximum ? "log(s.sum)" : "s.maximum + log(s.sum)"
        return FolderParts(
            state: "struct { double maximum, sum; }", identity: "{-__builtin_inf(), 0}",
            fold: "la_merge\(k)(s, (la_state\(k)){(double)v, 1});",
            merge: """
                const double m1 = s->maximum, s1 = s->sum, m2 = later.maximum, s2 = later.sum;
                    if (m1 != m1 || m2 != m2) { s->maximum = __builtin_nan(""); s->sum = __builtin_nan(""); return; }
                    if (m2 == -__builtin_inf()) return;
                    if (m1 == -__builtin_inf()) { *s = later; return; }
                    if (m1 == __builtin_inf() || m2 == __builtin_inf()) { s->maximum = __builtin_inf(); s->sum = 1; return; }
                    if (m1 >= m2) s->sum = s1 + s2 * exp(m2 - m1);
                    else { s->maximum = m2; s->sum = s2 + s1 * exp(m1 - m2); }
                """,
            finish: "if (s.sum == 0) return -__builtin_inf\(f)();\n    return (\(t))(\(result));",
            run: """
                    if (n == 0) return;
                    int nan;
                    const \(t) maximum = \(ExtremeRun(largest: true, dtype: output.dtype).name)(v, n, &nan);
                    if (nan) { s->maximum = __builtin_nan(""); s->sum = __builtin_nan(""); return; }
                    if (maximum == -__builtin_inf\(f)() || maximum == __builtin_inf\(f)()) { la_merge\(k)(s, (la_state\(k)){(double)maximum, 1}); return; }
                    double sum = 0;
                    #pragma omp simd reduction(+:sum)
                    for (long i = 0; i < n; i++) sum += (double)exp\(f)(v[i] - maximum);
                    la_merge\(k)(s, (la_state\(k)){(double)maximum, sum});
                """)
    }
}

/// The parts of one reduction's C that differ between reductions.
private struct FolderParts {
    var state, identity, fold, merge, finish: String
    /// The body of `la_run`; by default the values are folded one by one, in order.
    var run: String? = nil
    /// A function the fold calls, defined before it.
    var helper: String? = nil
}

/// `FloatRuns.extreme` in C: the largest (or smallest) of a run of `n > 0` values and whether
/// any is NaN, over eight independent lanes (a NaN-propagating maximum is a chain of compares
/// that the loop vectorizer refuses without fast-math; eight lanes it vectorizes as one vector,
/// measured 2.5x faster on softmax's rows).
private struct ExtremeRun: Hashable {
    let largest: Bool
    let dtype: DType

    var name: String { "la_\(largest ? "max" : "min")_\(dtype.rawValue)" }

    var definition: String {
        let t = dtype.cType, better = largest ? ">" : "<"
        return """
            static inline \(t) \(name)(const \(t) *v, long n, int *nan) {
                \(t) lanes[8];
                int lanesNaN[8] = {0};
                for (int l = 0; l < 8; l++) lanes[l] = v[0];
                long i = 0;
                for (; i + 8 <= n; i += 8)
                    for (int l = 0; l < 8; l++) {
                        lanes[l] = v[i + l] \(better) lanes[l] ? v[i + l] : lanes[l];
                        lanesNaN[l] |= v[i + l] != v[i + l];
                    }
                \(t) best = lanes[0];
                int sawNaN = lanesNaN[0];
                for (int l = 1; l < 8; l++) { best = lanes[l] \(better) best ? lanes[l] : best; sawNaN |= lanesNaN[l]; }
                for (; i < n; i++) { best = v[i] \(better) best ? v[i] : best; sawNaN |= v[i] != v[i]; }
                *nan = sawNaN;
                return best;
            }
            """
    }
}
