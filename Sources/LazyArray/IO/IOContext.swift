import Foundation

/// Names what is being read or written, so every error says which file (and which archive
/// member) was at fault and what the operation was, e.g. `[loadNPZ] data.npz, member 'w.npy': ...`.
struct IOContext: Sendable {
    /// The public operation, e.g. `load`, `loadNPZ`, `loadCSV`, `save`.
    let operation: String
    /// The file path, possibly followed by the archive member.
    let source: String

    /// An error for this operation and file saying `reason`.
    func error(_ reason: String) -> LazyArrayError {
        LazyArrayError(operation, "\(source): \(reason)")
    }

    /// The same operation on one member of the archive this context names.
    func member(_ name: String) -> IOContext {
        IOContext(operation: operation, source: "\(source), member '\(name)'")
    }

    /// Reads the whole file. np.load also reads whole files; one read keeps the parsers simple
    /// and lets every size claimed by a header be checked against the bytes actually present.
    func readFile() throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
            throw error("no such file")
        }
        guard !isDirectory.boolValue else { throw error("is a directory, not a file") }
        guard let data = FileManager.default.contents(atPath: source) else {
            throw error("cannot read the file (permission denied or I/O error)")
        }
        return [UInt8](data)
    }

    /// Writes `bytes` to the file atomically, so a failed save never leaves half a file behind.
    func writeFile(_ bytes: [UInt8]) throws {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: source), options: .atomic)
        } catch {
            throw self.error("cannot write the file: \(error.localizedDescription)")
        }
    }
}
