import Kernels

extension NDArray {
    /// Reads a `.npy` file written by NumPy (`np.save`) or by ``save(to:)``.
    ///
    /// Format versions 1.0, 2.0 and 3.0; dtypes bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32 and float64 in
    /// either byte order; C or Fortran order. The result is row-major in this machine's byte
    /// order, whatever the file held. A truncated, corrupt or hostile file (wrong magic, a shape
    /// the data does not match, an object or unsupported dtype) throws a ``LazyArrayError`` that
    /// names the file and the problem; nothing is allocated for sizes the file does not hold.
    ///
    /// NumPy equivalent: `np.load(path)` for a `.npy` file (`allow_pickle=False`).
    ///
    /// ```swift
    /// let x = try NDArray.load("features.npy")   // np.load("features.npy")
    /// ```
    public static func load(_ path: String) throws -> NDArray {
        let context = IOContext(operation: "load", source: path)
        return NDArray(npy: try NPYArray(decoding: context.readFile(), context: context))
    }

    /// Writes the array to a `.npy` file (format 1.0, little-endian, C order) that `np.load`
    /// reads, byte for byte what `np.save` writes. Evaluates the array first.
    ///
    /// NumPy equivalent: `np.save(path, a)`, except that `path` is used as given: no `.npy`
    /// suffix is added.
    ///
    /// ```swift
    /// try y.save(to: "y.npy")   // Python: torch.from_numpy(np.load("y.npy"))
    /// ```
    public func save(to path: String) throws {
        let context = IOContext(operation: "save", source: path)
        try context.writeFile(npyArray(context: context).encoded())
    }

    /// An array holding decoded `.npy` data: its bytes are the elements' storage (the decoder
    /// has put them in native order and checked that booleans are 0 or 1).
    init(npy: NPYArray) {
        self.init(packedBytes: npy.bytes, shape: npy.shape, dtype: npy.dtype)
    }

    /// The evaluated array as `.npy` data, or an error when the file format cannot hold it.
    func npyArray(context: IOContext) throws -> NPYArray {
        guard ndim <= NPYHeader.maxDimensions else {
            throw context.error("\(ndim) dimensions; .npy files hold at most \(NPYHeader.maxDimensions)")
        }
        let bytes = packedBytes()
        return NPYArray(dtype: dtype, shape: shape, bytes: bytes)
    }
}

extension NPYArray {
    /// The data as Swift values; `T` must be the plain Swift type of `dtype` (`Bool` is one
    /// byte holding 0 or 1, as the decoder guarantees).
    func elements<T: BitwiseCopyable>(as type: T.Type) -> [T] {
        let count = bytes.count / MemoryLayout<T>.stride
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: $0) }
            initialized = count
        }
    }
}
