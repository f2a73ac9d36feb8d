/// A minimal zip reader and writer: enough for `.npz` archives, which are zip files of `.npy`
/// members, stored (`np.savez`) or deflated (`np.savez_compressed`).
///
/// Reading takes names and sizes from the central directory (NumPy writes its local headers with
/// zip64 placeholder sizes) and refuses a local header that disagrees with it, checks every
/// offset and size against the file, refuses a deflated size the data cannot expand to (over
/// 1032:1, see ``Inflate/maxRatio``) before taking memory, refuses unsafe member names (`../x`,
/// `/x`), and verifies each member's CRC-32. Zip64 archives (over 4 GiB or 65,535 members), encryption, multi-disk
/// archives and compression methods other than stored and deflate are rejected by name.
/// NumPy equivalent: the `zipfile.ZipFile` that `np.load` and `np.savez` use.
struct ZipArchive {
    /// One member as the central directory describes it.
    struct Entry: Sendable {
        var name: String
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    let bytes: [UInt8]
    let context: IOContext
    private(set) var entries: [Entry] = []

    static let localHeaderSignature: UInt32 = 0x0403_4B50
    /// The bytes every zip file starts with: a local header signature, `PK\u{3}\u{4}`.
    static let localHeaderMagic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    static let centralHeaderSignature: UInt32 = 0x0201_4B50
    static let endSignature: UInt32 = 0x0605_4B50
    static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    static let stored: UInt16 = 0
    static let deflated: UInt16 = 8

    /// Parses the central directory of the archive in `bytes`.
    init(bytes: [UInt8], context: IOContext) throws {
        self.bytes = bytes
        self.context = context
        let end = try findEndRecord()
        guard read16(end + 4) == 0, read16(end + 6) == 0 else {
            throw context.error("multi-disk zip archives are not supported")
        }
        let count = read16(end + 10)
        let directorySize = read32(end + 12), directoryOffset = read32(end + 16)
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF
            || (end >= 20 && read32(end - 20) == ZipArchive.zip64LocatorSignature) {
            throw context.error("zip64 archives (over 4 GiB or 65535 members) are not supported")
        }
        guard read16(end + 8) == count else { throw context.error("malformed zip: inconsistent member counts") }
        let directoryStart = Int(directoryOffset)
        guard Int(directorySize) <= end, directoryStart <= end - Int(directorySize) else {
            throw context.error("malformed zip: the central directory lies outside the file")
        }
        var offset = directoryStart
        let directoryEnd = directoryStart + Int(directorySize)
        for _ in 0..<count {
            guard directoryEnd - offset >= 46, read32(offset) == ZipArchive.centralHeaderSignature else {
                throw context.error("malformed zip: bad central directory entry at byte \(offset)")
            }
            let flags = read16(offset + 8)
            let nameLength = Int(read16(offset + 28))
            let variableLength = nameLength + Int(read16(offset + 30)) + Int(read16(offset + 32))
            guard directoryEnd - offset - 46 >= variableLength else {
                throw context.error("malformed zip: central directory entry at byte \(offset) is truncated")
            }
            let name = String(decoding: bytes[offset + 46..<offset + 46 + nameLength], as: UTF8.self)
            let entry = Entry(
                name: name, method: read16(offset + 10), crc: read32(offset + 16),
                compressedSize: Int(read32(offset + 20)), uncompressedSize: Int(read32(offset + 24)),
                localHeaderOffset: Int(read32(offset + 42)))
            if entry.compressedSize == 0xFFFF_FFFF || entry.uncompressedSize == 0xFFFF_FFFF
                || entry.localHeaderOffset == 0xFFFF_FFFF {
                throw context.error("zip64 member '\(name)' is not supported (members over 4 GiB)")
            }
            guard flags & 1 == 0 else { throw context.error("member '\(name)' is encrypted") }
            guard ZipArchive.isSafe(name) else {
                throw context.error("unsafe member name '\(name)': an absolute path, a '..' component, a backslash or a NUL")
            }
            entries.append(entry)
            offset += 46 + variableLength
        }
    }

    /// The end-of-central-directory record is the last thing in the file, followed only by a
    /// comment of up to 65,535 bytes, so it is searched for backwards from the end.
    private func findEndRecord() throws -> Int {
        guard bytes.count >= 22 else {
            throw context.error("not a zip archive (\(bytes.count) bytes is too short)")
        }
        var candidate = bytes.count - 22
        let lowest = max(0, candidate - Int(UInt16.max))
        while candidate >= lowest {
            if read32(candidate) == ZipArchive.endSignature, candidate + 22 + Int(read16(candidate + 20)) <= bytes.count {
                return candidate
            }
            candidate -= 1
        }
        if bytes.starts(with: NPYArray.magic) {
            throw context.error("not a zip archive but a .npy file; read it with NDArray.load")
        }
        if bytes.starts(with: ZipArchive.localHeaderMagic) {
            throw context.error("malformed zip: no end of central directory record (truncated archive?)")
        }
        throw context.error("not a zip archive (no end of central directory record)")
    }

    /// The uncompressed contents of `entry`, checked against its size and CRC-32.
    func contents(of entry: Entry) throws -> [UInt8] {
        let member = context.member(entry.name)
        let header = entry.localHeaderOffset
        guard header <= bytes.count - 30, read32(header) == ZipArchive.localHeaderSignature else {
            throw member.error("malformed zip: no local header at byte \(header)")
        }
        let nameLength = Int(read16(header + 26))
        let dataStart = header + 30 + nameLength + Int(read16(header + 28))
        guard dataStart <= bytes.count, entry.compressedSize <= bytes.count - dataStart else {
            throw member.error("malformed zip: the member data runs past the end of the file")
        }
        try checkLocalHeader(at: header, nameLength: nameLength, against: entry, context: member)
        let raw = bytes[dataStart..<dataStart + entry.compressedSize]
        let data: [UInt8]
        switch entry.method {
        case ZipArchive.stored:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw member.error("malformed zip: stored member sizes differ")
            }
            data = Array(raw)
        case ZipArchive.deflated:
            do {
                data = try Inflate.decompress(raw, expectedSize: entry.uncompressedSize)
            } catch {
                throw member.error("bad deflate stream: \(error.reason)")
            }
        default:
            throw member.error("unsupported compression method \(entry.method); only stored (0) and deflate (8) are supported")
        }
        let crc = CRC32.checksum(data)
        guard crc == entry.crc else {
            throw member.error("CRC mismatch: the archive says \(hex(entry.crc)), the data gives \(hex(crc))")
        }
        return data
    }

    /// Throws unless the local header at `header` agrees with the central directory's `entry`:
    /// same name, method and flags for encryption, and the same CRC-32 and sizes unless the local
    /// header defers them (bit 3: a data descriptor follows the data; 0xFFFFFFFF: the zip64
    /// placeholders NumPy writes). Readers that trust different headers would read different data.
    private func checkLocalHeader(at header: Int, nameLength: Int, against entry: Entry, context: IOContext) throws {
        let name = String(decoding: bytes[header + 30..<header + 30 + nameLength], as: UTF8.self)
        guard name == entry.name else {
            throw context.error("malformed zip: the local header names the member '\(name)'")
        }
        guard read16(header + 8) == entry.method else {
            throw context.error("malformed zip: the local header says compression method \(read16(header + 8)), the central directory \(entry.method)")
        }
        guard read16(header + 6) & 1 == 0 else { throw context.error("member is encrypted (local header)") }
        guard read16(header + 6) & 8 == 0 else { return }
        let crc = read32(header + 14), compressed = read32(header + 18), uncompressed = read32(header + 22)
        guard crc == entry.crc else {
            throw context.error("malformed zip: the local header says CRC \(hex(crc)), the central directory \(hex(entry.crc))")
        }
        for (local, central, what) in [(compressed, entry.compressedSize, "compressed"), (uncompressed, entry.uncompressedSize, "uncompressed")]
        where local != 0xFFFF_FFFF && Int(local) != central {
            throw context.error("malformed zip: the local header says \(what) size \(local), the central directory \(central)")
        }
    }

    /// Whether a member name is a plain relative path: not absolute, no `..` component, no
    /// backslash (a Windows separator) and no NUL. Nothing is extracted to disk here, but the keys
    /// become names a program may later use as paths.
    static func isSafe(_ name: String) -> Bool {
        !name.hasPrefix("/") && !name.contains("\\") && !name.contains("\u{0}")
            && !name.split(separator: "/", omittingEmptySubsequences: false).contains("..")
    }

    /// Builds an uncompressed archive, as `np.savez` does, with members in the given order and a
    /// fixed timestamp (1980-01-01) so the same arrays always give the same bytes.
    static func encode(_ members: [(name: String, data: [UInt8])], context: IOContext) throws -> [UInt8] {
        guard members.count < 0xFFFF else {
            throw context.error("\(members.count) members need a zip64 archive, which is not supported")
        }
        var out: [UInt8] = []
        var directory: [UInt8] = []
        let dosDate: UInt16 = 1 << 5 | 1  // 1980-01-01
        for member in members {
            let name = Array(member.name.utf8)
            let offset = out.count
            guard member.data.count < 0xFFFF_FFFF, offset < 0xFFFF_FFFF, name.count <= Int(UInt16.max) else {
                throw context.error("member '\(member.name)' needs a zip64 archive (over 4 GiB), which is not supported")
            }
            let utf8Flag: UInt16 = name.allSatisfy { $0 < 0x80 } ? 0 : 1 << 11
            let crc = CRC32.checksum(member.data)
            let size = UInt32(member.data.count)

            append32(&out, localHeaderSignature)
            append16(&out, 20)  // version needed: 2.0
            append16(&out, utf8Flag)
            append16(&out, stored)
            append16(&out, 0)  // time 00:00
            append16(&out, dosDate)
            append32(&out, crc)
            append32(&out, size)
            append32(&out, size)
            append16(&out, UInt16(name.count))
            append16(&out, 0)  // extra field length
            out += name
            out += member.data

            append32(&directory, centralHeaderSignature)
            append16(&directory, 20)  // made by: version 2.0, MS-DOS attributes
            append16(&directory, 20)
            append16(&directory, utf8Flag)
            append16(&directory, stored)
            append16(&directory, 0)
            append16(&directory, dosDate)
            append32(&directory, crc)
            append32(&directory, size)
            append32(&directory, size)
            append16(&directory, UInt16(name.count))
            append16(&directory, 0)  // extra field length
            append16(&directory, 0)  // comment length
            append16(&directory, 0)  // disk number
            append16(&directory, 0)  // internal attributes
            append32(&directory, 0)  // external attributes
            append32(&directory, UInt32(offset))
            directory += name
        }
        guard out.count < 0xFFFF_FFFF, directory.count < 0xFFFF_FFFF else {
            throw context.error("the archive needs zip64 (over 4 GiB), which is not supported")
        }
        let directoryOffset = UInt32(out.count)
        out += directory
        append32(&out, endSignature)
        append16(&out, 0)  // this disk
        append16(&out, 0)  // disk with the central directory
        append16(&out, UInt16(members.count))
        append16(&out, UInt16(members.count))
        append32(&out, UInt32(directory.count))
        append32(&out, directoryOffset)
        append16(&out, 0)  // comment length
        return out
    }

    private func read16(_ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private func read32(_ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    private static func append16(_ out: inout [UInt8], _ value: UInt16) {
        out += [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)]
    }

    private static func append32(_ out: inout [UInt8], _ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
