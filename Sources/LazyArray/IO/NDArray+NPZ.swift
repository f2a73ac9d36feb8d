import Kernels

extension NDArray {
    /// Reads every array of a `.npz` archive written by `np.savez`, `np.savez_compressed` or
    /// ``saveArchive(_:to:)``, keyed by name (the member name without `.npy`).
    ///
    /// Stored and deflated members are read (the decompressor is built in; no zlib needed) and
    /// each member's CRC-32 is checked. Zip64 archives (over 4 GiB or 65,535 members) and
    /// encrypted members are rejected with a ``LazyArrayError`` naming the file and the problem,
    /// as are malformed archives and bad members: a local header that disagrees with the central
    /// directory, a member name that is absolute or has a `..` component, and a deflated member
    /// that declares more than 1,032 times its compressed size (DEFLATE's largest expansion, so
    /// a zip bomb is refused before its memory is taken). Members not named `*.npy` are skipped.
    ///
    /// NumPy equivalent: `dict(np.load(path))` for an `.npz` file.
    ///
    /// ```swift
    /// let data = try NDArray.loadArchive("mnist_small.npz")
    /// let images = data["x_train"]!
    /// ```
    public static func loadArchive(_ path: String) throws -> [String: NDArray] {
        let context = IOContext(operation: "loadArchive", source: path)
        return try NPZFormat.decode(context.readFile(), context: context).mapValues(NDArray.init(npy:))
    }

    /// Writes `arrays` to an uncompressed `.npz` archive, one `<name>.npy` member per array,
    /// in name order. Evaluates the arrays first.
    ///
    /// NumPy equivalent: `np.savez(path, **arrays)`, except that `path` is used as given: no
    /// `.npz` suffix is added.
    ///
    /// ```swift
    /// try NDArray.saveArchive(["weights": w, "bias": b], to: "model.npz")
    /// ```
    public static func saveArchive(_ arrays: [String: NDArray], to path: String) throws {
        let context = IOContext(operation: "saveArchive", source: path)
        let data = try arrays.mapValues { try $0.npyArray(context: context) }
        try context.writeFile(NPZFormat.encode(data, context: context))
    }
}
