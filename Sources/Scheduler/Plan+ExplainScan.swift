import Kernels

extension Plan {
    /// The `explain()` lines of a scan kernel: the scan as `(outer, length, inner)`, the
    /// producers it computes and the inputs they read (or the operand read in place), the output
    /// written once, the bytes moved. `title` is "kernel 0", with its passes when labelled.
    func explainAxisScan(_ title: String, _ kernel: PlannedKernel, _ scan: AxisScan) -> [String] {
        let producers = kernel.operations.dropLast()
        let fused = producers.isEmpty ? "" : ", producers: " + producers.joined(separator: " ")
        var lines = ["\(title): \(scan.op.rawValue) along the middle axis of (\(scan.outer), \(scan.length), \(scan.inner)) \(scan.dtype)\(fused)"]
        switch scan.operand {
        case .buffer(let slot, let offset):
            lines.append("  in  slot \(slot) \(scan.dtype) contiguous from offset \(offset): in place")
        case .program(let program):
            for input in program.program.inputs {
                let access: String = switch input.access {
                case .contiguous: "in place"
                case .scalar: "broadcast scalar"
                case .strided: input.view.strides.contains(0) ? "broadcast, gathered" : "strided, gathered"
                }
                lines.append("  in  slot \(input.slot) \(input.dtype) shape \(describeShape(input.view.shape)) strides \(describeShape(input.view.strides)) offset \(input.view.offset): \(access)")
            }
        }
        let producedNote = producers.isEmpty ? "" : " (producers computed into it unit by unit, scanned in place)"
        lines.append("  out slot \(scan.outputSlot) \(scan.dtype) shape (\(scan.outer * scan.length * scan.inner),) contiguous, written once\(producedNote)\(keptNote(scan.outputSlot))")
        lines.append("  moves \(kernel.bytesMoved) bytes")
        return lines
    }
}
