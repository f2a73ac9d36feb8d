/// Where the rows of a sort are in memory: row `r`'s element `j` at element offset
/// `rows[r] + j * stride`.
package struct SortRows: Sendable {
    package var rows: [Int]
    package var stride: Int

    package init(rows: [Int], stride: Int) {
        self.rows = rows
        self.stride = stride
    }
}

/// NumPy's stable sort along an axis (`np.sort(a, axis, kind="stable")`, and `np.argsort`),
/// NaNs last, on the engine's threads. Every row (the elements along the axis, at
/// `SortRows`' offsets) is turned into `SortItem`s, sorted, and written out as elements or as
/// int64 positions.
///
/// A row of many elements is radix sorted by all the threads together (`RadixSort`); many
/// rows are shared among the threads, each row sorted by one (radix sort, or a comparison
/// sort of its items below 256 elements, where the items' order is the stable one). The
/// result never depends on the thread count: it is the one stable order.
package enum ArraySort {
    /// Rows from this length are radix sorted; shorter ones by comparison.
    static let radixLength = 256
    /// Rows from this length are each sorted by every thread, one after another.
    static let sharedRowLength = 1 << 17

    /// Sorts `length`-element rows of `dtype` from `input` (laid out by `inputRows`) into
    /// `output` (by `outputRows`, same number of rows): the sorted elements, or with
    /// `positions` their int64 positions in the row (`argsort`).
    package static func run(dtype: DType, positions: Bool, length: Int,
                            input: UnsafeRawPointer, inputRows: SortRows,
                            output: UnsafeMutableRawPointer, outputRows: SortRows, threads: Int) {
        precondition(inputRows.rows.count == outputRows.rows.count, "[sort] input and output rows differ in number")
        let job = Job(length: length, input: input, inputRows: inputRows, output: output, outputRows: outputRows, threads: max(1, threads))
        switch dtype {
        case .float32: job.run(Float.self, positions: positions)
        case .float64: job.run(Double.self, positions: positions)
        case .int8: job.run(Int8.self, positions: positions)
        case .int16: job.run(Int16.self, positions: positions)
        case .int32: job.run(Int32.self, positions: positions)
        case .int64: job.run(Int64.self, positions: positions)
        case .uint8: job.run(UInt8.self, positions: positions)
        case .uint16: job.run(UInt16.self, positions: positions)
        case .uint32: job.run(UInt32.self, positions: positions)
        case .uint64: job.run(UInt64.self, positions: positions)
        case .bool: job.run(BoolByte.self, positions: positions)
        case .float16: job.run(Float16Element.self, positions: positions)
        case .bfloat16: job.run(BFloat16Element.self, positions: positions)
        }
    }

    /// One call's rows and pointers, which workers read and write only in their own rows.
    private struct Job: @unchecked Sendable {
        let length: Int
        let input: UnsafeRawPointer
        let inputRows: SortRows
        let output: UnsafeMutableRawPointer
        let outputRows: SortRows
        let threads: Int

        func run<E: SortKey>(_: E.Type, positions: Bool) {
            if !positions {
                run(SortedElement<E>.self)
            } else if E.keyBits <= 32 && length <= 1 << 32 {
                run(PackedPosition<E>.self)
            } else {
                run(WidePosition<E>.self)
            }
        }

        func run<T: SortItem>(_: T.Type) {
            let rowCount = inputRows.rows.count
            guard rowCount > 0, length > 0 else { return }
            if length >= ArraySort.sharedRowLength {
                let items = UnsafeMutablePointer<T>.allocate(capacity: 2 * length)
                defer { items.deallocate() }
                for row in 0..<rowCount { sort(row: row, T.self, items: items, workers: threads) }
                return
            }
            // About 32K elements of work per piece at least, as many pieces as threads at most.
            let workers = min(threads, rowCount, max(1, rowCount * length / 32_768))
            SharedWork.forEachRange(count: rowCount, workers: workers) { range in
                let items = UnsafeMutablePointer<T>.allocate(capacity: 2 * length)
                defer { items.deallocate() }
                for row in range { sort(row: row, T.self, items: items, workers: 1) }
            }
        }

        /// Sorts one row with `items` (room for `2 * length`) as its working memory.
        func sort<T: SortItem>(row: Int, _: T.Type, items: UnsafeMutablePointer<T>, workers: Int) {
            let source = input.assumingMemoryBound(to: T.Element.self) + inputRows.rows[row]
            let inputStride = inputRows.stride, outputStride = outputRows.stride
            let target = output + outputRows.rows[row] * (T.restoresElements ? MemoryLayout<T.Element>.stride : 8)
            let length = length
            forEachChunk(workers: workers) { range in
                for j in range { (items + j).initialize(to: T(source[j * inputStride], position: j)) }
            }
            let sorted: UnsafeMutablePointer<T>
            if length < ArraySort.radixLength {
                var row = UnsafeMutableBufferPointer(start: items, count: length)
                row.sort()
                sorted = items
            } else {
                sorted = RadixSort.sort(items, scratch: items + length, count: length, keyBits: T.Element.keyBits, workers: workers)
            }
            forEachChunk(workers: workers) { range in
                for j in range { sorted[j].write(to: target, at: j * outputStride) }
            }
            if T.restoresElements { restoreSharedKeys(T.Element.self, source: source, target: target) }
        }

        /// Puts the original elements (-0.0 among 0.0s, NaNs of any bits) back into the blocks
        /// of the keys they share, in input order: the order a stable sort gives them.
        func restoreSharedKeys<E: SortKey>(_: E.Type, source: UnsafePointer<E>, target: UnsafeMutableRawPointer) {
            let inputStride = inputRows.stride, outputStride = outputRows.stride
            guard !(0..<length).allSatisfy({ E.isExact(source[$0 * inputStride]) }) else { return }
            let sorted = target.assumingMemoryBound(to: E.self)
            for shared in E.sharedKeys {
                // The block's start: the first sorted element whose key is not below the shared key.
                var low = 0, high = length
                while low < high {
                    let middle = (low + high) / 2
                    if E.key(sorted[middle * outputStride]) < shared { low = middle + 1 } else { high = middle }
                }
                for j in 0..<length where E.key(source[j * inputStride]) == shared {
                    sorted[low * outputStride] = source[j * inputStride]
                    low += 1
                }
            }
        }

        /// `body` over `0..<length`, on `workers` threads when there is more than one.
        func forEachChunk(workers: Int, _ body: @escaping (Range<Int>) -> Void) {
            if workers > 1 {
                SharedWork.forEachRange(count: length, workers: workers, piecesPerWorker: 1, body)
            } else {
                body(0..<length)
            }
        }
    }
}
