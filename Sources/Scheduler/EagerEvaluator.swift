import Kernels

/// Evaluation mode `.eager`: every node materialized on its own, one plain strided loop per
/// operation (`StridedLoops`), sharing only the scalar definitions with the fused kernels. It
/// is the reference that fused results are tested against, so it stays simple.
package enum EagerEvaluator {
    /// Computes `graph.outputs` from the source buffers `sources`.
    package static func evaluate(_ graph: Graph, sources: [Buffer]) -> [Materialized] {
        var values = [Materialized?](repeating: nil, count: graph.nodes.count)
        var remainingReaders = graph.consumerCounts()
        for (index, node) in graph.nodes.enumerated() {
            values[index] = compute(node, inputs: node.inputs.map { values[$0]! },
                                    inputTypes: node.inputs.map { graph.nodes[$0].dtype }, sources: sources)
            // Free what no later node reads, so long chains do not hold every intermediate.
            for input in node.inputs {
                remainingReaders[input] -= 1
                if remainingReaders[input] == 0 { values[input] = nil }
            }
        }
        return graph.outputs.map { values[$0]! }
    }

    static func compute(_ node: GraphNode, inputs: [Materialized], inputTypes: [DType], sources: [Buffer]) -> Materialized {
        switch node.operation {
        case .source(let slot, let view):
            return Materialized(buffer: sources[slot], view: view)
        case .constant(let value):
            return Materialized(buffer: Buffer(scalar: value, dtype: node.dtype),
                                view: View(shape: node.shape, strides: node.shape.map { _ in 0 }, offset: 0))
        case .view(let transform):
            if let view = inputs[0].view.applying(transform) {
                return Materialized(buffer: inputs[0].buffer, view: view)
            }
            let copy = contiguousCopy(inputs[0], dtype: node.dtype)
            return Materialized(buffer: copy.buffer, view: copy.view.applying(transform)!)
        case .cast:
            let out = Buffer(byteCount: node.count * node.dtype.byteSize)
            EagerCast.run(from: inputTypes[0], to: node.dtype, operand: operand(inputs[0]), out: out.base)
            return Materialized(buffer: out, view: View(contiguous: node.shape))
        case .random(let distribution):
            let out = Buffer(byteCount: node.count * node.dtype.byteSize)
            let (key, counter) = RandomDistribution.parameters(inputs[0].buffer.base + inputs[0].view.offset)
            distribution.fill(out.base, dtype: node.dtype, count: node.count, start: counter, key: key)
            return Materialized(buffer: out, view: View(contiguous: node.shape))
        case .reduce(let op, let axes):
            return reduce(op, axes: axes, input: inputs[0], inputType: inputTypes[0], resultType: node.dtype)
        case .elementwise(let op):
            let out = Buffer(byteCount: node.count * node.dtype.byteSize)
            op.runEager(operandType: inputTypes[op == .select ? 1 : 0],
                        operands: inputs.map(operand), out: out.base)
            return Materialized(buffer: out, view: View(contiguous: node.shape))
        case .matmul:
            let out = Buffer(byteCount: node.count * node.dtype.byteSize)
            MatrixProduct.reference(dtype: node.dtype, a: operand(inputs[0]), b: operand(inputs[1]), out: out.base)
            return Materialized(buffer: out, view: View(contiguous: node.shape))
        case .softmax(let logarithmic):
            let out = Buffer(byteCount: node.count * node.dtype.byteSize)
            // Rows of the last axis from a contiguous copy: the reference stays a plain loop.
            let rows = contiguousCopy(inputs[0], dtype: node.dtype)
            let width = node.shape.last ?? 1
            RowSoftmax.reference(dtype: node.dtype, input: operand(rows), rows: node.count / max(width, 1), width: width,
                                 out: out.base, logarithmic: logarithmic)
            return Materialized(buffer: out, view: View(contiguous: node.shape))
        case .scan(let op, let axis):
            let values = contiguousCopy(inputs[0], dtype: node.dtype)
            let out = Buffer(byteCount: node.count * node.dtype.byteSize)
            AxisScan.reference(op, dtype: node.dtype, input: UnsafeRawPointer(values.buffer.base), out: out.base,
                               outer: node.shape[..<axis].reduce(1, *), length: node.shape[axis],
                               inner: node.shape[(axis + 1)...].reduce(1, *))
            return Materialized(buffer: out, view: View(contiguous: node.shape))
        case .concatenate(let axis):
            return concatenate(inputs, axis: axis, shape: node.shape, byteSize: node.dtype.byteSize)
        case .indexed(let direction, let axis):
            let values = contiguousCopy(inputs[0], dtype: node.dtype)
            let indices = contiguousCopy(inputs[1], dtype: .int64)
            let positions = UnsafeBufferPointer(start: indices.buffer.base.assumingMemoryBound(to: Int64.self), count: indices.view.count)
            let source = inputs[0].view.shape
            let out = Buffer(byteCount: node.count * node.dtype.byteSize)
            IndexedAxisCopy.reference(direction, dtype: node.dtype, input: UnsafeRawPointer(values.buffer.base), positions: positions.map { Int($0) },
                                      outer: source[..<axis].reduce(1, *), inputLength: source[axis],
                                      inner: source[(axis + 1)...].reduce(1, *), outputLength: node.shape[axis], out: out.base)
            return Materialized(buffer: out, view: View(contiguous: node.shape))
        }
    }

    /// The inputs copied one after the other along `axis` into a new row-major buffer: every
    /// element of each part to its place, one at a time.
    static func concatenate(_ parts: [Materialized], axis: Int, shape: [Int], byteSize: Int) -> Materialized {
        let out = Buffer(byteCount: shape.reduce(1, *) * byteSize)
        let outStrides = View.rowMajorStrides(shape)
        var start = 0
        for part in parts {
            let partShape = part.view.shape
            var index = [Int](repeating: 0, count: partShape.count)
            for _ in 0..<part.view.count {
                var source = part.view.offset, target = start * outStrides[axis]
                for dimension in index.indices {
                    source += index[dimension] * part.view.strides[dimension]
                    target += index[dimension] * outStrides[dimension]
                }
                (out.base + target * byteSize).copyMemory(from: part.buffer.base + source * byteSize, byteCount: byteSize)
                // The next multi-index in row-major order.
                var dimension = partShape.count - 1
                while dimension >= 0 {
                    index[dimension] += 1
                    if index[dimension] < partShape[dimension] { break }
                    index[dimension] = 0
                    dimension -= 1
                }
            }
            start += partShape[axis]
        }
        return Materialized(buffer: out, view: View(contiguous: shape))
    }

    /// A reduction one output element at a time, folding values in order with the reduction's
    /// scalar definition (`Reducer.fold`), from a contiguous copy ordered `[kept, reduced]`.
    static func reduce(_ op: ReduceOp, axes: [Int], input: Materialized, inputType: DType, resultType: DType) -> Materialized {
        let shape = input.view.shape
        let kept = shape.indices.filter { !axes.contains($0) }
        let ordered = input.view.applying(.permute(kept + axes))!
        let values = contiguousCopy(Materialized(buffer: input.buffer, view: ordered), dtype: inputType)
        let outputs = kept.reduce(1) { $0 * shape[$1] }
        let extent = axes.reduce(1) { $0 * shape[$1] }
        let folder = reductionFolder(op, dtype: inputType)
        let out = Buffer(byteCount: outputs * resultType.byteSize)
        let state = UnsafeMutableRawPointer.allocate(byteCount: folder.stateSize, alignment: 16)
        defer { state.deallocate() }
        for index in 0..<outputs {
            folder.initialize(state, 1)
            for position in 0..<extent {
                folder.foldRows(state, values.buffer.base + (index * extent + position) * inputType.byteSize, 1, 1, position)
            }
            folder.finish(state, 1, out.base + index * resultType.byteSize)
        }
        return Materialized(buffer: out, view: View(contiguous: kept.map { shape[$0] }))
    }

    static func operand(_ value: Materialized) -> StridedOperand {
        StridedOperand(base: UnsafeRawPointer(value.buffer.base), view: value.view)
    }

    static func contiguousCopy(_ value: Materialized, dtype: DType) -> Materialized {
        let out = Buffer(byteCount: value.view.count * dtype.byteSize)
        ElementwiseOp.identity.runEager(operandType: dtype, operands: [operand(value)], out: out.base)
        return Materialized(buffer: out, view: View(contiguous: value.view.shape))
    }
}
