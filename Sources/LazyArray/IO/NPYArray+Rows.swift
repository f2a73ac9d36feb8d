import Foundation

extension NPYArray {
    /// Reads only some rows (axis 0) of a `.npy` file: the header first, then `select(shape)`
    /// (the rows wanted, given the file's shape), then just those bytes. Memory and I/O follow
    /// the rows read, not the file, which is what lets each rank of a distributed program load
    /// its block of a file larger than one machine's memory.
    ///
    /// The same checks as a whole read: a bad magic, version, header, or a data size that does
    /// not match the header throws an error naming the file; so does a 0-d array or a row range
    /// outside the file. A Fortran-order file with 2 or more dimensions has no contiguous rows,
    /// so it is read whole and sliced. NumPy equivalent: `np.load(path, mmap_mode="r")[rows]`.
    static func readRows(context: IOContext, select: ([Int]) throws -> Range<Int>) throws -> NPYArray {
        let path = context.source
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw context.error(isDirectory.boolValue ? "is a directory, not a file" : "no such file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw context.error("cannot read the file (permission denied or I/O error)")
        }
        defer { try? handle.close() }
        func read(at offset: Int, count: Int) throws -> [UInt8] {
            do {
                try handle.seek(toOffset: UInt64(offset))
                return [UInt8](try handle.read(upToCount: count) ?? Data())
            } catch {
                throw context.error("cannot read \(count) bytes at offset \(offset): \(error.localizedDescription)")
            }
        }
        let fileSize: Int
        do { fileSize = Int(try handle.seekToEnd()) } catch { throw context.error("cannot find the file size: \(error.localizedDescription)") }

        // The fixed part before the header dict is at most 12 bytes (magic, version, length).
        let headerRange = try layout(of: try read(at: 0, count: Swift.min(fileSize, 12)), fileSize: fileSize, context: context)
        let header = try NPYHeader(parsing: try read(at: 0, count: headerRange.upperBound)[headerRange], context: context)
        try checkDataSize(of: header, available: fileSize - headerRange.upperBound, context: context)
        guard let rowCount = header.shape.first else {
            throw context.error("a 0-d array has no rows to read")
        }
        let rows = try select(header.shape)
        guard rows.lowerBound >= 0, rows.upperBound <= rowCount else {
            throw context.error("rows \(rows.lowerBound)..<\(rows.upperBound) are outside the \(rowCount) rows of shape \(header.shape)")
        }
        let rowShape = [rows.count] + header.shape.dropFirst()
        let rowBytes = header.shape.dropFirst().reduce(header.dtype.byteSize, *)
        if header.fortranOrder && header.shape.count > 1 {
            let whole = try NPYArray(decoding: try read(at: 0, count: fileSize), context: context)
            return NPYArray(dtype: whole.dtype, shape: rowShape, bytes: Array(whole.bytes[(rows.lowerBound * rowBytes)..<(rows.upperBound * rowBytes)]))
        }
        let bytes = try read(at: headerRange.upperBound + rows.lowerBound * rowBytes, count: rows.count * rowBytes)
        guard bytes.count == rows.count * rowBytes else {
            throw context.error("truncated while reading: got \(bytes.count) of \(rows.count * rowBytes) bytes")
        }
        var block = NPYArray(dtype: header.dtype, shape: rowShape, bytes: bytes)
        block.normalize(from: header)
        return block
    }
}
