import Kernels

extension Plan {
    /// The `explain()` lines of a matmul kernel: the product's shapes, how each operand is read,
    /// the epilogue's operations and extra inputs, the output written once, the bytes moved.
    /// `title` is "kernel 0", with its passes when labelled.
    func explainMatmul(_ title: String, _ kernel: PlannedKernel, _ matmul: MatrixProduct) -> [String] {
        let batch = matmul.batchShape.isEmpty ? "" : "batch \(describeShape(matmul.batchShape)) of "
        let fused = kernel.operations.dropFirst()
        let epilogue = fused.isEmpty ? "" : ", epilogue: " + fused.joined(separator: " ")
        var lines = ["\(title): matmul \(batch)(\(matmul.m), \(matmul.k)) @ (\(matmul.k), \(matmul.n)) \(matmul.dtype)\(epilogue)"]
        for (name, operand) in [("a", matmul.a), ("b", matmul.b)] {
            let strides = operand.view.strides.suffix(2)
            let access = strides.last == 1 ? "row-major, read in place"
                : strides.first == 1 ? "transposed, read in place" : "strided, read in place"
            lines.append("  \(name)   slot \(operand.slot) shape \(describeShape(operand.view.shape)) strides \(describeShape(operand.view.strides)) offset \(operand.view.offset): \(access)")
        }
        for input in matmul.epilogue?.program.inputs ?? [] where input.slot != matmul.outputSlot {
            let access: String = switch input.access {
            case .contiguous: "in place"
            case .scalar: "broadcast scalar"
            case .strided: input.view.strides.contains(0) ? "broadcast, gathered per tile row" : "strided, gathered per tile row"
            }
            lines.append("  in  slot \(input.slot) \(input.dtype) shape \(describeShape(input.view.shape)) strides \(describeShape(input.view.strides)) offset \(input.view.offset): \(access)")
        }
        let shape = describeShape(matmul.batchShape + [matmul.m, matmul.n])
        lines.append("  out slot \(matmul.outputSlot) \(matmul.dtype) shape \(shape) contiguous, written once\(fused.isEmpty ? "" : " (epilogue in each tile while in cache)")\(keptNote(matmul.outputSlot))")
        lines.append("  moves \(kernel.bytesMoved) bytes")
        return lines
    }
}
