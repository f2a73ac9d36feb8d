import Kernels

extension Plan {
    /// A readable account of the kernels: for each, its operations and iteration shape, its
    /// inputs (buffer slot, dtype, shape, strides, how they are read), its outputs, and the
    /// bytes it reads and writes.
    package func explain() -> String {
        var lines = ["\(kernels.count) kernel\(kernels.count == 1 ? "" : "s")"]
        for (number, kernel) in kernels.enumerated() {
            switch kernel.kind {
            case .program(let programKernel): lines += explainProgram(number, kernel, programKernel)
            case .matrixProduct(let matmul): lines += explainMatmul(number, kernel, matmul)
            case .rowSoftmax(let rows): lines += explainRowSoftmax(number, kernel, rows)
            }
        }
        for (index, output) in outputs.enumerated() where output.slot < sourceCount {
            lines.append("output \(index): a view of input slot \(output.slot), no kernel")
        }
        return lines.joined(separator: "\n")
    }

    /// The `explain()` lines of a program kernel: its inputs and outputs, layout, tiles,
    /// reduction and finishing phase.
    private func explainProgram(_ number: Int, _ kernel: PlannedKernel, _ programKernel: ProgramKernel) -> [String] {
        let program = programKernel.program
        let operations = kernel.operations.isEmpty ? "copy" : kernel.operations.joined(separator: " ")
        var lines = ["kernel \(number): \(operations) over \(describeShape(program.shape)), \(program.instructions.count) instructions"]
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
            lines.append("  out slot \(output.slot) \(output.dtype) shape \(describeShape(program.shape)) \(placement)")
        }
        if let order = programKernel.memoryOrder {
            lines.append("  results in the inputs' memory order: axes \(describeShape(order)), slowest first")
        }
        if let regions = programKernel.prepared.tiledRegionShapes {
            lines.append("  runs in tiles: " + regions.map(describeShape).joined(separator: ", "))
        }
        if let reduction = program.reduction {
            lines.append("  reduces \(reduction.extent) elements into each of \(reduction.outer * reduction.inner): " +
                         reduction.outputs.map { "\($0.op.rawValue) -> slot \($0.slot) \($0.resultType)" }.joined(separator: ", "))
        }
        if let finisher = programKernel.finisher {
            lines.append("  then over \(describeShape(finisher.program.shape)): \(finisher.operations.joined(separator: " "))" +
                         finisher.program.outputs.map { " -> slot \($0.slot)" }.joined())
        }
        lines.append("  moves \(kernel.bytesMoved) bytes")
        return lines
    }

    /// The `explain()` lines of a row softmax kernel.
    private func explainRowSoftmax(_ number: Int, _ kernel: PlannedKernel, _ rows: RowSoftmax) -> [String] {
        let input = rows.input
        return [
            "kernel \(number): \(kernel.operations.joined(separator: " ")) of \(rows.rows) rows of \(rows.width), each read once and written once",
            "  in  slot \(input.slot) \(input.dtype) shape \(describeShape(input.view.shape)) strides \(describeShape(input.view.strides)) offset \(input.view.offset): " +
                (rows.rowView != nil ? "rows in place" : "rows gathered"),
            "  out slot \(rows.outputSlot) \(input.dtype) shape \(describeShape(input.view.shape)) contiguous",
            "  moves \(kernel.bytesMoved) bytes",
        ]
    }

    func describeShape(_ values: [Int]) -> String {
        values.count == 1 ? "(\(values[0]),)" : "(" + values.map(String.init).joined(separator: ", ") + ")"
    }
}
