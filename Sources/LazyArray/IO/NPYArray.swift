import Kernels

/// The contents of a `.npy` file, normalized: row-major (C) order, this machine's byte order,
/// booleans as 0 or 1. This is the layer between the file bytes and `NDArray`.
///
/// NumPy equivalent: what `np.lib.format.read_array` returns, made C-contiguous and native.
struct NPYArray: Equatable, Sendable {
    var dtype: DType
    var shape: [Int]
    /// `shape.product * dtype.byteSize` bytes, row-major, native byte order.
    var bytes: [UInt8]

    init(dtype: DType, shape: [Int], bytes: [UInt8]) {
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// The magic string every `.npy` file starts with: `\x93NUMPY`.
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// NumPy aligns the data to this many bytes (`np.lib.format.ARRAY_ALIGN`).
    static let alignment = 64

    /// The element count of `shape`, or nil when the product overflows `Int`.
    static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for dim in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            if overflow { return nil }
            count = product
        }
        return count
    }

    /// Decodes a whole `.npy` file (versions 1.0, 2.0 and 3.0).
    ///
    /// Every size the header claims is checked against the bytes present before anything is
    /// allocated, so a hostile header cannot make this reserve memory the file does not hold.
    init(decoding file: [UInt8], context: IOContext) throws {
        let headerRange = try NPYArray.layout(of: file, fileSize: file.count, context: context)
        let header = try NPYHeader(parsing: file[headerRange], context: context)
        try NPYArray.checkDataSize(of: header, available: file.count - headerRange.upperBound, context: context)
        self.init(dtype: header.dtype, shape: header.shape, bytes: Array(file[headerRange.upperBound...]))
        normalize(from: header)
    }

    /// Where the header dict lies in a `.npy` file (its end is where the data starts), read
    /// from the magic string, the version and the header length at the start of `prefix` (the
    /// first bytes of a file of `fileSize` bytes).
    static func layout(of prefix: [UInt8], fileSize: Int, context: IOContext) throws -> Range<Int> {
        guard prefix.count >= 8 else {
            throw context.error("truncated: \(fileSize) bytes is too short for a .npy file")
        }
        guard prefix.starts(with: NPYArray.magic) else {
            if prefix.starts(with: ZipArchive.localHeaderMagic) {
                throw context.error("not a .npy file but a zip (.npz) archive; read it with NDArray.loadArchive")
            }
            throw context.error("not a .npy file (wrong magic bytes; expected \\x93NUMPY)")
        }
        let major = prefix[6], minor = prefix[7]
        let lengthBytes: Int
        switch (major, minor) {
        case (1, 0): lengthBytes = 2
        case (2, 0), (3, 0): lengthBytes = 4
        default: throw context.error("unsupported .npy format version \(major).\(minor); versions 1.0, 2.0 and 3.0 are supported")
        }
        guard prefix.count >= 8 + lengthBytes else {
            throw context.error("truncated: the file ends inside the header length")
        }
        var headerLength = 0
        for i in (0..<lengthBytes).reversed() { headerLength = headerLength << 8 | Int(prefix[8 + i]) }
        let headerStart = 8 + lengthBytes
        guard headerLength <= fileSize - headerStart else {
            throw context.error("truncated header: it claims \(headerLength) bytes but the file has \(fileSize - headerStart) after the header length")
        }
        return headerStart..<(headerStart + headerLength)
    }

    /// Throws unless the `available` data bytes are exactly what the header's shape and dtype need.
    /// The shape must also have a byte size that fits `Int` with its zero dimensions left out (as
    /// NumPy requires): an empty array of shape (0, 2^62, 4) holds no bytes, but its strides do
    /// not fit.
    static func checkDataSize(of header: NPYHeader, available: Int, context: IOContext) throws {
        guard let count = NPYArray.elementCount(header.shape),
              case let (byteCount, overflow) = count.multipliedReportingOverflow(by: header.dtype.byteSize),
              !overflow else {
            throw context.error("absurd shape \(header.shape): the element count overflows")
        }
        guard let extent = NPYArray.elementCount(header.shape.map { Swift.max($0, 1) }),
              !extent.multipliedReportingOverflow(by: header.dtype.byteSize).overflow else {
            throw context.error("absurd shape \(header.shape): the product of its nonzero dimensions overflows")
        }
        guard byteCount == available else {
            let what = byteCount > available ? "truncated data" : "the data is longer than the header says"
            throw context.error("\(what): shape \(header.shape) of \(header.dtype) needs \(byteCount) bytes, the file holds \(available)")
        }
    }

    /// Brings data read as the file stores it to this type's form: native byte order, row-major,
    /// booleans 0 or 1.
    mutating func normalize(from header: NPYHeader) {
        if header.bigEndian != !isLittleEndianHost { NPYArray.reverseBytes(of: &bytes, elementSize: dtype.byteSize) }
        if header.fortranOrder && shape.count > 1 { bytes = NPYArray.fortranToC(bytes, shape: shape, elementSize: dtype.byteSize) }
        if dtype == .bool {
            // NumPy itself may hold any nonzero byte as True (e.g. after a view cast); the
            // kernels assume 0 or 1.
            for i in bytes.indices where bytes[i] > 1 { bytes[i] = 1 }
        }
    }

    /// Encodes as NumPy's `np.save` does: format 1.0, little-endian, C order, data aligned to
    /// 64 bytes. Format 2.0 exists for headers over 64 KiB, which only structured dtypes reach:
    /// with at most ``NPYHeader/maxDimensions`` dimensions this header stays under 2 KiB.
    func encoded() -> [UInt8] {
        let header = NPYHeader(dtype: dtype, bigEndian: false, fortranOrder: false, shape: shape)
        let dict = Array(header.dictText.utf8)
        // magic + version + 2-byte length + dict + newline, padded with spaces to the alignment.
        let unpadded = NPYArray.magic.count + 4 + dict.count + 1
        let total = (unpadded + NPYArray.alignment - 1) / NPYArray.alignment * NPYArray.alignment
        let headerLength = total - NPYArray.magic.count - 4
        var out = NPYArray.magic
        out.reserveCapacity(total + bytes.count)
        out += [1, 0, UInt8(truncatingIfNeeded: headerLength), UInt8(truncatingIfNeeded: headerLength >> 8)]
        out += dict
        out += [UInt8](repeating: 0x20, count: headerLength - dict.count - 1)
        out.append(0x0A)
        var data = bytes
        if !isLittleEndianHost { NPYArray.reverseBytes(of: &data, elementSize: dtype.byteSize) }
        out += data
        return out
    }

    /// Swaps the byte order of every element in place.
    static func reverseBytes(of bytes: inout [UInt8], elementSize: Int) {
        guard elementSize > 1 else { return }
        bytes.withUnsafeMutableBufferPointer { buffer in
            var start = 0
            while start + elementSize <= buffer.count {
                var lo = start, hi = start + elementSize - 1
                while lo < hi {
                    buffer.swapAt(lo, hi)
                    lo += 1
                    hi -= 1
                }
                start += elementSize
            }
        }
    }

    /// Reorders column-major data into row-major order. Walks the output in row-major order
    /// with an odometer over the indices, moving the source offset by Fortran strides.
    static func fortranToC(_ source: [UInt8], shape: [Int], elementSize: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: source.count)
        let count = source.count / elementSize
        guard count > 0 else { return result }
        let ndim = shape.count
        var fortranStrides = [Int](repeating: 1, count: ndim)
        for axis in 1..<ndim { fortranStrides[axis] = fortranStrides[axis - 1] * shape[axis - 1] }
        var index = [Int](repeating: 0, count: ndim)
        var sourceElement = 0
        source.withUnsafeBufferPointer { src in
            result.withUnsafeMutableBufferPointer { dst in
                for element in 0..<count {
                    let from = sourceElement * elementSize, to = element * elementSize
                    for b in 0..<elementSize { dst[to + b] = src[from + b] }
                    var axis = ndim - 1
                    while axis >= 0 {
                        index[axis] += 1
                        sourceElement += fortranStrides[axis]
                        if index[axis] < shape[axis] { break }
                        sourceElement -= fortranStrides[axis] * shape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
        return result
    }
}
