import Foundation

/// The on-disk kernel cache. Each kernel is three files named by the 64-bit FNV-1a hash of its
/// full source (which starts with the compiler version, the flags and what `-march=native` means
/// on this machine, so a new compiler, new flags or another CPU never reuse an old library):
/// - `<hash>.c`: the source, compared in full on load (a hash collision is then a miss);
/// - `<hash>.so`: the library;
/// - `<hash>.meta`: the library's size and FNV-1a checksum, so a truncated or damaged library
///   is detected before it is loaded, and rebuilt.
///
/// Every file is written under a temporary name and renamed into place (rename is atomic), so
/// two processes compiling the same kernel never see a half-written file; the metadata goes
/// last, and an entry without it is a miss.
struct KernelDiskCache {
    let folder: String

    /// `LAZYARRAY_CACHE_DIR`, else `$XDG_CACHE_HOME/lazyarray`, else `~/.cache/lazyarray`.
    static func folder(environment: (String) -> String?) -> String {
        if let explicit = environment("LAZYARRAY_CACHE_DIR"), !explicit.isEmpty { return explicit }
        if let xdg = environment("XDG_CACHE_HOME"), !xdg.isEmpty { return xdg + "/lazyarray" }
        let home = environment("HOME").flatMap { $0.isEmpty ? nil : $0 } ?? NSTemporaryDirectory()
        return home + "/.cache/lazyarray"
    }

    /// What a lookup found.
    enum Lookup {
        /// A valid library for this source.
        case hit(path: String)
        /// No complete entry (or another source under the same hash).
        case miss
        /// An entry whose library does not match its metadata.
        case corrupt
    }

    func paths(_ key: String) -> (source: String, library: String, meta: String) {
        ("\(folder)/\(key).c", "\(folder)/\(key).so", "\(folder)/\(key).meta")
    }

    func lookup(key: String, source: String) -> Lookup {
        let files = paths(key)
        guard let meta = try? String(contentsOfFile: files.meta, encoding: .utf8),
              let stored = try? String(contentsOfFile: files.source, encoding: .utf8), stored == source else { return .miss }
        guard let library = FileManager.default.contents(atPath: files.library),
              meta == Self.metadata(of: library) else { return .corrupt }
        return .hit(path: files.library)
    }

    /// Moves a freshly compiled library (and its source) into the cache under `key`.
    func store(key: String, source: String, compiledLibrary: String) throws {
        let files = paths(key)
        let library = try Data(contentsOf: URL(fileURLWithPath: compiledLibrary))
        let unique = "\(getpid()).\(UInt64.random(in: 0...UInt64.max))"
        try write(Data(source.utf8), to: files.source, unique: unique)
        try FileManager.default.moveItemReplacing(from: compiledLibrary, to: files.library)
        try write(Data(Self.metadata(of: library).utf8), to: files.meta, unique: unique)
    }

    /// A temporary path in the cache folder for a compile's output.
    func temporaryPath(key: String, suffix: String) -> String {
        "\(folder)/\(key).\(getpid()).\(UInt64.random(in: 0...UInt64.max)).tmp\(suffix)"
    }

    private func write(_ data: Data, to path: String, unique: String) throws {
        let temporary = "\(path).\(unique).tmp"
        try data.write(to: URL(fileURLWithPath: temporary))
        try FileManager.default.moveItemReplacing(from: temporary, to: path)
    }

    static func metadata(of library: Data) -> String {
        "lazyarray-kernel 1\nsize \(library.count)\nfnv1a \(String(fnv1a(library), radix: 16))\n"
    }
}

extension FileManager {
    /// `rename(2)`: atomically replaces `destination`.
    func moveItemReplacing(from source: String, to destination: String) throws {
        guard rename(source, destination) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination, "errno": errno])
        }
    }
}

/// 64-bit FNV-1a: a small, dependency-free hash for cache keys and checksums (not for security).
func fnv1a<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
}
