import Kernels
import Scheduler

extension NDArray {
    /// The elements evaluated into a fresh contiguous row-major buffer (pooled), whatever the
    /// strides of the array: what a collective sends.
    func packed() -> Buffer {
        let value = materialized
        let out = Buffer(byteCount: Swift.max(value.view.count * dtype.byteSize, 1))
        EagerCast.run(from: dtype, to: dtype, operand: StridedOperand(base: UnsafeRawPointer(value.buffer.base), view: value.view), out: out.base)
        return out
    }

    /// The elements' storage bytes, row-major, whatever the strides. NumPy: `a.tobytes()`.
    func packedBytes() -> [UInt8] {
        let buffer = packed()
        return withExtendedLifetime(buffer) { Array(UnsafeRawBufferPointer(start: buffer.base, count: size * dtype.byteSize)) }
    }

    /// An evaluated array holding a copy of `bytes`: `shape` elements of `dtype`, row-major, in
    /// native order. NumPy: `np.frombuffer(bytes, dtype).reshape(shape)`.
    init(packedBytes bytes: [UInt8], shape: [Int], dtype: DType) {
        let buffer = Buffer(byteCount: Swift.max(bytes.count, 1))
        bytes.withUnsafeBytes { if let base = $0.baseAddress { buffer.base.copyMemory(from: base, byteCount: $0.count) } }
        self.init(packed: buffer, shape: shape, dtype: dtype)
    }

    /// An evaluated array over `buffer`, which holds `shape` elements of `dtype` row-major:
    /// what a collective received, wrapped without a copy.
    init(packed buffer: Buffer, shape: [Int], dtype: DType) {
        self.init(node: Node(value: Materialized(buffer: buffer, view: View(contiguous: shape)), dtype: dtype))
    }
}
