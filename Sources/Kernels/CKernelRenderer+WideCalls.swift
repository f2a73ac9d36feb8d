/// glibc's AVX-512 libmvec variants (`_ZGVeN8v_sin`, `_ZGVeN16v_expf`, ...) for the
/// transcendentals of a flat loop, on machines whose compiler targets AVX-512.
///
/// clang's `-fveclib=libmvec` table knows only the SSE and AVX2 variants (`_ZGVdN4v_sin`), so
/// a vectorized loop calls 4 doubles or 8 floats at a time even where AVX-512 is there, and the
/// AVX-512 variants are markedly faster on float64 trig (docs/performance.md, issue 7). So a flat loop whose program calls `sin`, `cos`, `exp` or `log` on one
/// float dtype walks its range in lines of one 512-bit vector (8 doubles or 16 floats): each
/// line runs its instructions as simd loops of one line, split where a value needs such a call,
/// and calls the AVX-512 variant on the whole line between two of them. Values a later part of
/// the line reads are kept in line-sized arrays (registers, once clang unrolls the loops).
///
/// The last elements of a range that do not fill a line run the plain loop (AVX2 variants,
/// scalar remainder). Lines start at the range's start, and ranges have fixed boundaries
/// (chunks, a reduction's blocks), so which variant computes an element never depends on the
/// thread count. Both variants are within glibc's documented 4 ulp. Without AVX-512 the
/// preprocessor keeps only the plain loop; the variants are declared weak, so where libmvec is
/// not linked (`OpenMPToolchain.usesLibmvec`) they are null and the plain loop does it all.
extension CKernelRenderer {
    /// The operations with an AVX-512 variant in every libmvec since glibc 2.22, by C name.
    private static let wideCalls: [ElementwiseOp: String] = [.sin: "sin", .cos: "cos", .exp: "exp", .log: "log"]

    /// The C function (`sin`, `expf`, ...) of each instruction (by number) that calls one with a
    /// wide variant.
    private var wideCallFunctions: [Int: String] {
        var functions: [Int: String] = [:]
        for (number, instruction) in program.instructions.enumerated() {
            // float32 exp is the VM's own polynomial in C, already vectorized with no call.
            if case .elementwise(let op) = instruction.kind, let name = Self.wideCalls[op], instruction.operandType.isFloatingPoint,
               !CHelper.rendersBlockVMBits(op, instruction.operandType) {
                functions[number] = name + instruction.operandType.cMathSuffix
            }
        }
        return functions
    }

    /// The float dtype of the wide calls of a flat loop, when they share one (a line holds one
    /// vector of it); nil for a strided loop, no call, or calls on both float dtypes.
    private var wideDType: DType? {
        guard !isStrided else { return nil }
        let dtypes = Set(wideCallFunctions.keys.map { program.instructions[$0].operandType })
        return dtypes.count == 1 ? dtypes.first : nil
    }

    /// Elements per line (one 512-bit vector), when the loop uses wide calls.
    var wideLineWidth: Int? { wideDType.map { 64 / $0.byteSize } }

    /// The vector type and the wide variants' prototypes (weak), for a source whose loop uses them.
    var wideCallDeclarations: [String] {
        guard let dtype = wideDType, let width = wideLineWidth else { return [] }
        let vector = "la_v\(width)\(dtype == .float32 ? "f" : "d")"
        let functions = Set(wideCallFunctions.values)
        return ["#if defined(__AVX512F__)", "typedef \(dtype.cType) \(vector) __attribute__((vector_size(64)));"]
            + functions.sorted().map { "\(vector) _ZGVeN\(width)v_\($0)(\(vector)) __attribute__((weak));" } + ["#endif"]
    }

    /// The loop over `start..<end` in lines of `width` elements, then the plain loop over what
    /// is left.
    ///
    /// An instruction's depth is the number of wide calls on its longest path from the inputs: a
    /// line computes the instructions of depth 0, stores the operands of the calls they feed,
    /// calls those, computes depth 1 with their results, and so on.
    func lineLoop(_ element: ElementCode, width: Int) -> [String] {
        let functions = wideCallFunctions, calls = Set(functions.keys)
        let instructions = program.instructions
        // depth[n]: the part of the line where value n is first available.
        var depth = [Int](repeating: 0, count: instructions.count)
        for number in instructions.indices {
            let operands = element.values[number].reads.map { depth[$0] }.max() ?? 0
            depth[number] = calls.contains(number) ? operands + 1 : operands
        }
        // A call's operand is stored in the part of the line before the call.
        let operandDepth = { (call: Int) in element.values[call].reads.map { depth[$0] }.max() ?? 0 }
        let parts = (depth.max() ?? 0) + 1
        // Values a later part reads: calls' results (in their vectors) and kept values.
        var readIn = [Set<Int>](repeating: [], count: parts)
        for number in instructions.indices where !calls.contains(number) {
            for value in element.values[number].reads { readIn[depth[number]].insert(value) }
        }
        for call in calls { for value in element.values[call].reads { readIn[operandDepth(call)].insert(value) } }
        for store in element.stores { readIn[depth[store.value]].insert(store.value) }
        let kept = Set(instructions.indices.filter { number in
            !calls.contains(number) && readIn.indices.contains { $0 > depth[number] && readIn[$0].contains(number) }
        })

        let dtype = instructions[calls.first!].operandType
        let vector = "la_v\(width)\(dtype == .float32 ? "f" : "d")"
        var line = calls.sorted().map { "\(vector) la_a\($0), la_r\($0);" }
            + kept.sorted().map { "\(instructions[$0].resultType.cType) la_k\($0)[\(width)];" }
        for part in 0..<parts {
            var body = element.loads
            for value in readIn[part].sorted() where depth[value] < part || calls.contains(value) {
                let source = calls.contains(value) ? "la_r\(value)" : "la_k\(value)"
                body.append("const \(instructions[value].resultType.cType) t\(value) = \(source)[p - q];")
            }
            for number in instructions.indices where depth[number] == part && !calls.contains(number) {
                body.append("const \(instructions[number].resultType.cType) t\(number) = \(element.values[number].expression);")
                if kept.contains(number) { body.append("la_k\(number)[p - q] = t\(number);") }
            }
            let called = calls.sorted().filter { operandDepth($0) == part }
            body += called.map { "la_a\($0)[p - q] = \(element.values[$0].operands[0]);" }
            body += element.stores.filter { depth[$0.value] == part }.map { "\($0.target) = t\($0.value);" }
            line += ["#pragma omp simd", "for (long p = q; p < q + \(width)L; p++) {"] + body.map { "    " + $0 } + ["}"]
            line += called.map { "la_r\($0) = _ZGVeN\(width)v_\(functions[$0]!)(la_a\($0));" }
        }
        let linked = Set(functions.values).sorted().map { "&_ZGVeN\(width)v_\($0)" }.joined(separator: " && ")
        return ["#if defined(__AVX512F__)", "long q = start;", "if (\(linked))",
                "for (; q + \(width)L <= end; q += \(width)L) {"]
            + line.map { "    " + $0 } + ["}", "#else", "const long q = start;", "#endif"]
            + flatLoop(element.statements(program), from: "q")
    }
}
