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

    /// An evaluated array over `buffer`, which holds `shape` elements of `dtype` row-major:
    /// what a collective received, wrapped without a copy.
    init(packed buffer: Buffer, shape: [Int], dtype: DType) {
        self.init(node: Node(value: Materialized(buffer: buffer, view: View(contiguous: shape)), dtype: dtype))
    }
}
