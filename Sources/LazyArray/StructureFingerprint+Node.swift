import Kernels
import Scheduler

/// The fingerprints of LazyArray's nodes (`Node.fingerprint`), from which its lowering cache
/// finds a graph lowered before.
extension StructureFingerprint {
    /// The fingerprint of a computed node's own part: its operation, dtype and shape (the
    /// caller mixes in its inputs' fingerprints).
    @inline(__always)
    static func node(_ operation: Operation, dtype: DType, shape: [Int]) -> Int {
        var hash = mix(operation.fingerprintCode, dtypeCode(dtype))
        for length in shape { hash = mix(hash, length) }
        return hash
    }

    /// Mixed into the fingerprint of a node a backward pass built (`Node.isBackward`), so that
    /// the same operations built by the user and by a backward pass differ.
    static let backwardCode = 0x6261_636B

    /// The fingerprint of an array that has memory: its layout and dtype (not its buffer).
    @inline(__always)
    static func source(_ view: View, dtype: DType) -> Int {
        var hash = mix(-1, dtypeCode(dtype))
        for length in view.shape { hash = mix(hash, length) }
        for stride in view.strides { hash = mix(hash, stride) }
        return mix(hash, view.offset)
    }

    @inline(__always)
    static func dtypeCode(_ dtype: DType) -> Int {
        switch dtype {
        case .bool: 1
        case .int32: 2
        case .int64: 3
        case .float32: 4
        case .float64: 5
        case .int8: 6
        case .int16: 7
        case .float16: 8
        case .bfloat16: 9
        case .uint8: 10
        case .uint16: 11
        case .uint32: 12
        case .uint64: 13
        }
    }
}

extension Operation {
    /// The operation's kind and its main payload as one integer (payloads left out, such as a
    /// constant's value, only make collisions, which the verification catches).
    var fingerprintCode: Int {
        switch self {
        case .source: 1
        case .constant: 2
        // A payload-free enum is one byte: its case number.
        case .elementwise(let op): 3 &+ 16 &* Int(unsafeBitCast(op, to: UInt8.self))
        case .cast: 4
        case .view(let transform):
            switch transform {
            case .reshape: 5
            case .permute(let axes): axes.reduce(6) { StructureFingerprint.mix($0, $1) }
            case .broadcast: 7
            case .slice(let slices): slices.reduce(8) { StructureFingerprint.mix(StructureFingerprint.mix($0, $1.start), $1.step) }
            }
        case .reduce(let op, let axes): axes.reduce(9 &+ 16 &* Int(unsafeBitCast(op, to: UInt8.self))) { StructureFingerprint.mix($0, $1) }
        case .random: 10
        case .matmul: 11
        case .softmax(let logarithmic): logarithmic ? 12 : 13
        case .concatenate(let axis): StructureFingerprint.mix(14, axis)
        case .indexed(let direction, let axis): StructureFingerprint.mix(direction == .gather ? 15 : 16, axis)
        case .scan(let op, let axis): StructureFingerprint.mix(op == .sum ? 17 : 18, axis)
        }
    }
}
