import Kernels

extension Plan {
    /// A readable account of the kernels: for each, its operations and iteration shape, its
    /// inputs (buffer slot, dtype, shape, strides, how they are read), its outputs, and the
    /// bytes it reads and writes. In a graph with a gradient's backward pass, each kernel says
    /// which passes it computes (`kernel 2 (backward): ...`) and each stored forward value the
    /// backward pass reads says it is kept for it.
    package func explain() -> String {
        var lines = ["\(kernels.count) kernel\(kernels.count == 1 ? "" : "s")"]
        let labelsPasses = hasBackwardWork
        for (number, kernel) in kernels.enumerated() {
            let title = "kernel \(number)" + (labelsPasses ? " (\(kernel.passes.label))" : "")
            switch kernel.kind {
            case .program(let programKernel): lines += explainProgram(title, kernel, programKernel)
            case .matrixProduct(let matmul): lines += explainMatmul(title, kernel, matmul)
            case .rowSoftmax(let rows): lines += explainRowSoftmax(title, kernel, rows)
            case .indexedAxis(let copy): lines += explainIndexedAxis(title, kernel, copy)
            case .axisScan(let scan): lines += explainAxisScan(title, kernel, scan)
            }
        }
        for (index, output) in outputs.enumerated() where output.slot < sourceCount {
            lines.append("output \(index): a view of input slot \(output.slot), no kernel")
        }
        return lines.joined(separator: "\n")
    }

    /// The `explain()` lines of a program kernel: its inputs and outputs, layout, tiles,
    /// reduction and finishing phase. `title` is "kernel 0", with its passes when labelled.
    private func explainProgram(_ title: String, _ kernel: PlannedKernel, _ programKernel: ProgramKernel) -> [String] {
        let program = programKernel.program
        let operations = kernel.operations.isEmpty ? "copy" : kernel.operations.joined(separator: " ")
        var lines = ["\(title): \(operations) over \(describeShape(program.shape)), \(program.instructions.count) instructions"]
        for input in program.inputs {
            let access: String = switch input.access {
            case .contiguous: "in place"
            case .scalar: "broadcast scalar"
            case .strided: input.view.strides.contains(0) ? "broadcast, gathered" : "strided, gathered"
            }
            lines.append("  in  slot \(input.slot) \(input.dtype) shape \(describeShape(input.view.shape)) strides \(describeShape(input.view.strides)) offset \(input.view.offset): \(access)")
        }
        for output in program.outputs {
            let placement = switch (output.view, output.contiguousOffset) {
            case (nil, _): "contiguous"
            case (_, let offset?): "contiguous from offset \(offset)"
            case (let view?, nil): "strides \(describeShape(view.strides)) offset \(view.offset): scattered"
            }
            lines.append("  out slot \(output.slot) \(output.dtype) shape \(describeShape(program.shape)) \(placement)\(keptNote(output.slot))")
        }
        if let order = programKernel.memoryOrder {
            lines.append("  results in the inputs' memory order: axes \(describeShape(order)), slowest first")
        }
        if let regions = programKernel.prepared.tiledRegionShapes {
            lines.append("  runs in tiles: " + regions.map(describeShape).joined(separator: ", "))
        }
        if let reduction = program.reduction {
            lines.append("  reduces \(reduction.extent) elements into each of \(reduction.outer * reduction.inner): " +
                         reduction.outputs.map { "\($0.op.rawValue) -> slot \($0.slot) \($0.resultType)\(keptRemark($0.slot))" }.joined(separator: ", "))
        }
        if let finisher = programKernel.finisher {
            lines.append("  then over \(describeShape(finisher.program.shape)): \(finisher.operations.joined(separator: " "))" +
                         finisher.program.outputs.map { " -> slot \($0.slot)\(keptRemark($0.slot))" }.joined())
        }
        lines.append("  moves \(kernel.bytesMoved) bytes")
        return lines
    }

    /// The `explain()` lines of a row softmax kernel.
    private func explainRowSoftmax(_ title: String, _ kernel: PlannedKernel, _ rows: RowSoftmax) -> [String] {
        let input = rows.input
        return [
            "\(title): \(kernel.operations.joined(separator: " ")) of \(rows.rows) rows of \(rows.width), each read once and written once",
            "  in  slot \(input.slot) \(input.dtype) shape \(describeShape(input.view.shape)) strides \(describeShape(input.view.strides)) offset \(input.view.offset): " +
                (rows.rowView != nil ? "rows in place" : "rows gathered"),
            "  out slot \(rows.outputSlot) \(input.dtype) shape \(describeShape(input.view.shape)) contiguous\(keptNote(rows.outputSlot))",
            "  moves \(kernel.bytesMoved) bytes",
        ]
    }

    /// What an output line adds for a slot kept for the backward pass: ", kept for the backward
    /// pass", or nothing.
    func keptNote(_ slot: Int) -> String { keptForBackward.contains(slot) ? ", kept for the backward pass" : "" }

    /// The same within a list of slots (a reduction's results): " (kept for the backward pass)".
    func keptRemark(_ slot: Int) -> String { keptForBackward.contains(slot) ? " (kept for the backward pass)" : "" }

    func describeShape(_ values: [Int]) -> String {
        values.count == 1 ? "(\(values[0]),)" : "(" + values.map(String.init).joined(separator: ", ") + ")"
    }
}

extension Plan {
    /// The `explain()` lines of a gather or scatter-add kernel, its arrays as the kernel sees
    /// them: `(outer, axis, inner)`.
    func explainIndexedAxis(_ title: String, _ kernel: PlannedKernel, _ copy: IndexedAxisCopy) -> [String] {
        let input = copy.input, indices = copy.indices
        let what = switch copy.direction {
        case .gather: "of \(copy.count) rows of \(copy.inner) from the middle axis of \(describeShape(input.view.shape))"
        case .scatterAdd: "of \(copy.count) rows of \(copy.inner) into the middle axis of \(describeShape(copy.outputShape))"
        }
        return [
            "\(title): \(kernel.operations.joined(separator: " ")) \(what)",
            "  in  slot \(input.slot) \(input.dtype) shape \(describeShape(input.view.shape)) strides \(describeShape(input.view.strides)) offset \(input.view.offset)",
            "  positions slot \(indices.slot) int64 shape \(describeShape(indices.view.shape)) strides \(describeShape(indices.view.strides)) offset \(indices.view.offset)",
            "  out slot \(copy.outputSlot) \(input.dtype) shape \(describeShape(copy.outputShape)) contiguous\(keptNote(copy.outputSlot))",
            "  moves \(kernel.bytesMoved) bytes",
        ]
    }
}
