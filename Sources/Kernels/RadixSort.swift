/// Least-significant-digit radix sort of `RadixItem`s, stable, over raw pointers, on several
/// workers: the items are cut into one contiguous chunk per worker; each pass every worker
/// counts its chunk's digits, the counts become each (digit, worker)'s first output position
/// (digits in order, workers in order within a digit), and every worker moves its chunk's
/// items there in order. So the result is stable, and the same for any worker count (it is
/// the sorted order, ties kept in input order).
///
/// A pass whose digit is the same for every item moves nothing and is skipped (the high digits
/// of small integers, of floats of one sign and range).
enum RadixSort {
    /// Digit width: 8 bits, a 256-entry count table per worker whose write positions stay in
    /// L1 and the TLB; 11 bits (three passes over a 32-bit key instead of four) was slower at
    /// 1e6 and 1e7 float32 (docs/performance.md, "Issue 21: sort").
    static let digitBits = 8

    /// Sorts `count` items from `data` by key bits `0..<keyBits`, using `scratch` (room for
    /// `count` items) as the other buffer of each pass; returns whichever of the two holds the
    /// sorted items.
    static func sort<T: RadixItem>(_ data: UnsafeMutablePointer<T>, scratch: UnsafeMutablePointer<T>, count: Int,
                                   keyBits: Int, workers requested: Int) -> UnsafeMutablePointer<T> {
        let digitBits = Self.digitBits
        let buckets = 1 << digitBits
        let mask = UInt(buckets - 1)
        // Below a few thousand items per worker, handing chunks to helpers costs more than it saves.
        let workers = max(1, min(requested, count / 16_384))
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: workers * buckets)
        defer { counts.deallocate() }
        var source = data, destination = scratch
        func chunk(_ worker: Int) -> Range<Int> { (count * worker / workers)..<(count * (worker + 1) / workers) }
        func parallel(_ body: @escaping (Int) -> Void) {
            SharedWork.forEachRange(count: workers, workers: workers, piecesPerWorker: 1) { range in
                for worker in range { body(worker) }
            }
        }
        for shift in stride(from: 0, to: keyBits, by: digitBits) {
            let from = source, to = destination
            parallel { worker in
                let table = counts + worker * buckets
                table.initialize(repeating: 0, count: buckets)
                for i in chunk(worker) { table[Int(from[i].key(shiftedBy: shift) & mask)] += 1 }
            }
            // Each count becomes its (digit, worker)'s first output position.
            var position = 0
            var skip = false
            for digit in 0..<buckets {
                var total = 0
                for worker in 0..<workers {
                    let slot = counts + worker * buckets + digit
                    let n = slot.pointee
                    slot.pointee = position + total
                    total += n
                }
                if total == count { skip = true }
                position += total
            }
            if skip { continue }
            parallel { worker in
                let table = counts + worker * buckets
                for i in chunk(worker) {
                    let item = from[i]
                    let digit = Int(item.key(shiftedBy: shift) & mask)
                    to[table[digit]] = item
                    table[digit] += 1
                }
            }
            swap(&source, &destination)
        }
        return source
    }
}
