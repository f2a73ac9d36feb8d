@testable import LazyArray
@testable import Kernels

/// One table of expected reduction results (`ReductionExpectations.generated.swift`, written by
/// `Fixtures/make_reduction_expectations.py`), against which the block VM, the eager evaluator
/// and the C target are each checked. This file holds the table's types and rebuilds its
/// inputs exactly as the script does.
enum ReductionExpectations {
    /// An input: its shape, the axes reduced (nil: all), and how its elements are made.
    struct Case {
        let name: String
        let shape: [Int]
        let axes: [Int]?
        let seed: UInt64
        let kind: ValueKind
        /// Elements replaced after generation: (flat position, "nan", "inf", "-inf", "-0",
        /// "+0", "max" or "min" of the dtype).
        let specials: [(Int, String)]

        init(_ name: String, shape: [Int], axes: [Int]?, seed: UInt64, kind: ValueKind, specials: [(Int, String)]) {
            (self.name, self.shape, self.axes, self.seed, self.kind, self.specials) = (name, shape, axes, seed, kind, specials)
        }
    }

    /// How a case's elements are made from the hash of their position.
    enum ValueKind {
        /// Full-width integers (the hash's low bits: two's complement for signed dtypes, as
        /// they are for unsigned ones), floats with full mantissas (|x| < 128 or 256).
        case wide
        /// Floats within 2^-7 of 1 (so long products stay finite); integers as `wide`.
        case nearOne
        /// Every element 1.
        case ones
    }

    /// The expected result of one row.
    enum Expected {
        /// Each output element's bits (bool 0/1, int32 as UInt32, unsigned integers as they
        /// are, floats' bit patterns); any NaN matches a NaN (NumPy defines no payloads).
        case bits([UInt64])
        /// More outputs than the table spells out: their count and an FNV-1a hash of the bits
        /// (NaN hashed as the quiet NaN).
        case digest(count: Int, UInt64)
        /// Log-sum-exp: the exact values (math.fsum) of the first outputs, and their count when
        /// there are more; held to `closeTolerance`.
        case close([Double], count: Int? = nil)
        /// An empty axis for a reduction without identity: an error.
        case noIdentity
    }

    /// The expected result of `op` over case number `caseIndex` made of `dtype`.
    struct Row {
        let caseIndex: Int
        let dtype: DType
        let op: ReduceOp
        /// NumPy's result dtype (the specification's, for log-sum-exp).
        let result: DType
        /// The block VM's and the C target's result.
        let fused: Expected
        /// The eager evaluator's where it differs (float sums fold one value at a time).
        let eager: Expected?
        /// NumPy's float sum and the tolerance all paths are held to: 64 epsilons of the sum
        /// of magnitudes, above both NumPy's pairwise error (log2(n) + 1 epsilons) and ours
        /// (32 float lanes of up to 32 terms each before float64).
        let numpy: [Double]?
        let tolerance: [Double]?

        init(_ caseIndex: Int, _ dtype: DType, _ op: ReduceOp, _ result: DType, fused: Expected, eager: Expected? = nil,
             numpy: [Double]? = nil, tolerance: [Double]? = nil) {
            (self.caseIndex, self.dtype, self.op, self.result) = (caseIndex, dtype, op, result)
            (self.fused, self.eager, self.numpy, self.tolerance) = (fused, eager, numpy, tolerance)
        }
    }

    /// SplitMix64 of the state `seed * 2^32 + i`.
    static func hash(_ seed: UInt64, _ i: Int) -> UInt64 {
        var z = (seed << 32) &+ UInt64(i) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The input of `c` as `dtype`, element for element the script's.
    static func input(_ c: Case, _ dtype: LazyArray.DType) -> NDArray {
        let n = c.shape.reduce(1, *)
        let hashes = (0..<n).map { hash(c.seed, $0) }
        let specials = Dictionary(c.specials, uniquingKeysWith: { _, last in last })
        func floating<T: BinaryFloatingPoint>(_: T.Type, wide: (UInt64) -> T) -> [T] {
            hashes.indices.map { i -> T in
                switch specials[i] {
                case "nan": return .nan
                case "inf": return .infinity
                case "-inf": return -.infinity
                case "-0": return -0.0
                case "+0": return 0
                case "max": return .greatestFiniteMagnitude
                case "min": return -.greatestFiniteMagnitude
                default:
                    switch c.kind {
                    case .ones: return 1
                    case .nearOne: return T(1 + Double(Int64(hashes[i] >> 40) - (1 << 23)) * 0x1p-30)
                    case .wide: return wide(hashes[i])
                    }
                }
            }
        }
        func integers<T: FixedWidthInteger>(_: T.Type) -> [T] {
            hashes.indices.map { i -> T in
                switch specials[i] {
                case "max": return .max
                case "min": return .min
                case .some: return 0
                case nil: return c.kind == .ones ? 1 : T(truncatingIfNeeded: hashes[i])
                }
            }
        }
        switch dtype {
        case .bool:
            let values = hashes.indices.map { i -> Bool in
                switch specials[i] {
                case "inf", "-inf", "max": true
                case .some: false
                case nil: c.kind == .ones || hashes[i] % 3 != 0
                }
            }
            return NDArray(values, shape: c.shape)
        case .int8: return NDArray(integers(Int8.self), shape: c.shape)
        case .int16: return NDArray(integers(Int16.self), shape: c.shape)
        case .int32: return NDArray(integers(Int32.self), shape: c.shape)
        case .int64: return NDArray(integers(Int64.self), shape: c.shape)
        case .uint8: return NDArray(integers(UInt8.self), shape: c.shape)
        case .uint16: return NDArray(integers(UInt16.self), shape: c.shape)
        case .uint32: return NDArray(integers(UInt32.self), shape: c.shape)
        case .uint64: return NDArray(integers(UInt64.self), shape: c.shape)
        case .float32:
            return NDArray(floating(Float.self) { Float(Int64($0 >> 40) - (1 << 23)) * 0x1p-16 }, shape: c.shape)
        case .float64:
            return NDArray(floating(Double.self) { Double(Int64($0 >> 11) - (1 << 52)) * 0x1p-44 }, shape: c.shape)
        case .float16, .bfloat16:
            // float32's input rounded once to the type (the script's `make_input`).
            return input(c, .float32).astype(dtype).evaluate()
        }
    }

    /// The bits of every element of `x` (of dtype `x.dtype`), as the table spells them.
    static func bits(_ x: NDArray) -> [UInt64] {
        switch x.dtype {
        case .bool: x.toArray(Bool.self).map { $0 ? 1 : 0 }
        case .int8: x.toArray(Int8.self).map { UInt64(UInt8(bitPattern: $0)) }
        case .int16: x.toArray(Int16.self).map { UInt64(UInt16(bitPattern: $0)) }
        case .int32: x.toArray(Int32.self).map { UInt64(UInt32(bitPattern: $0)) }
        case .int64: x.toArray(Int64.self).map { UInt64(bitPattern: $0) }
        case .uint8: x.toArray(UInt8.self).map { UInt64($0) }
        case .uint16: x.toArray(UInt16.self).map { UInt64($0) }
        case .uint32: x.toArray(UInt32.self).map { UInt64($0) }
        case .uint64: x.toArray(UInt64.self)
        case .float32: x.toArray(Float.self).map { UInt64($0.bitPattern) }
        case .float64: x.toArray(Double.self).map(\.bitPattern)
        case .float16, .bfloat16:
            // The stored bits, which no Swift element type reads on every platform.
            { bytes in (0..<x.size).map { UInt64(bytes[2 * $0]) | UInt64(bytes[2 * $0 + 1]) << 8 } }(x.packedBytes())
        }
    }

    /// Whether `bits` of `dtype` is a NaN.
    static func isNaN(_ bits: UInt64, _ dtype: LazyArray.DType) -> Bool {
        switch dtype {
        case .float32: Float(bitPattern: UInt32(truncatingIfNeeded: bits)).isNaN
        case .float64: Double(bitPattern: bits).isNaN
        case .float16: bits & 0x7C00 == 0x7C00 && bits & 0x3FF != 0
        case .bfloat16: bits & 0x7F80 == 0x7F80 && bits & 0x7F != 0
        case .bool, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: false
        }
    }

    /// FNV-1a of `bits`, NaNs hashed as the quiet NaN (the script's digest).
    static func digest(_ bits: [UInt64], _ dtype: LazyArray.DType) -> UInt64 {
        var digest: UInt64 = 0xCBF2_9CE4_8422_2325
        for word in bits {
            let quietNaN: UInt64 = switch dtype {
            case .float16: 0x7E00
            case .bfloat16: 0x7FC0
            case .float32: 0x7FC0_0000
            default: 0x7FF8_0000_0000_0000
            }
            let canonical = isNaN(word, dtype) ? quietNaN : word
            digest = (digest ^ canonical) &* 0x100_0000_01B3
        }
        return digest
    }

    /// How far a log-sum-exp may be from its exact value: float32 through VectorMath's exp (4
    /// ulp) and float32 lane sums, 16 float32 epsilons; float64 through glibc's or libmvec's exp
    /// (4 ulp) and a float64 sum of up to 140001 terms in order, whose rounding is at most
    /// n epsilons and in practice about sqrt(n): 1e-11. Both relative to max(1, |value|),
    /// since the result is `max + log(sum)` and the error is the log's, absolute. float16 and
    /// bfloat16 compute as float32 and round once: half an ulp (2^-11, 2^-8) plus float32's.
    static func closeTolerance(_ expected: Double, _ dtype: LazyArray.DType) -> Double {
        let relative: Double = switch dtype {
        case .float16: 0x1p-11 + 16 * 0x1p-24
        case .bfloat16: 0x1p-8 + 16 * 0x1p-24
        case .float32: 16 * 0x1p-24
        default: 1e-11
        }
        return relative * Swift.max(1, Swift.abs(expected))
    }

    /// The difference between `got` and `expected`, or nil if it matches.
    static func mismatch(_ got: [UInt64], _ expected: Expected, dtype: LazyArray.DType) -> String? {
        switch expected {
        case .bits(let want):
            let same = got.count == want.count
                && zip(got, want).allSatisfy { $0 == $1 || isNaN($0, dtype) && isNaN($1, dtype) }
            return same ? nil : "bits \(hex(got)) instead of \(hex(want))"
        case .digest(let count, let want):
            let have = digest(got, dtype)
            return got.count == count && have == want ? nil : "\(got.count) results, digest \(hex([have])) instead of \(count), \(hex([want]))"
        case .close(let want, let count):
            guard got.count == (count ?? want.count) else { return "\(got.count) results instead of \(count ?? want.count)" }
            for (word, value) in zip(got, want) {
                let have: Double = switch dtype {
                case .float16: Float16Element(bits: UInt16(truncatingIfNeeded: word)).doubleValue
                case .bfloat16: BFloat16Element(bits: UInt16(truncatingIfNeeded: word)).doubleValue
                case .float32: Double(Float(bitPattern: UInt32(truncatingIfNeeded: word)))
                default: Double(bitPattern: word)
                }
                let close = have.isNaN && value.isNaN || have == value || Swift.abs(have - value) <= closeTolerance(value, dtype)
                if !close { return "\(have) instead of \(value)" }
            }
            return nil
        case .noIdentity:
            return "a result instead of the no-identity error"
        }
    }

    private static func hex(_ words: [UInt64]) -> String {
        "[" + words.prefix(8).map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: ", ") + (words.count > 8 ? ", ..." : "") + "]"
    }
}
