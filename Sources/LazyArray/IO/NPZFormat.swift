/// `.npz` archives: a zip file with one `.npy` member per array, named `<key>.npy`.
///
/// NumPy equivalent: `np.load` of an `.npz` (an `NpzFile`) and `np.savez`.
enum NPZFormat {
    /// Every `.npy` member of the archive, keyed by its name without the `.npy` suffix. Members
    /// with other names (a README, a directory entry) are skipped, as NumPy never writes them.
    static func decode(_ bytes: [UInt8], context: IOContext) throws -> [String: NPYArray] {
        let archive = try ZipArchive(bytes: bytes, context: context)
        var arrays: [String: NPYArray] = [:]
        for entry in archive.entries where entry.name.hasSuffix(".npy") {
            let key = String(entry.name.dropLast(4))
            guard arrays[key] == nil else { throw context.error("malformed archive: two members are named '\(entry.name)'") }
            let data = try archive.contents(of: entry)
            arrays[key] = try NPYArray(decoding: data, context: context.member(entry.name))
        }
        return arrays
    }

    /// An uncompressed archive of `arrays`, members sorted by key so output is reproducible.
    static func encode(_ arrays: [String: NPYArray], context: IOContext) throws -> [UInt8] {
        let members = arrays.keys.sorted().map { key in (name: key + ".npy", data: arrays[key]!.encoded()) }
        return try ZipArchive.encode(members, context: context)
    }
}
