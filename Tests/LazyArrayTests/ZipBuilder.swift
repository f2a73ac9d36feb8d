@testable import LazyArray

/// Writes zip archives member by member, with every field the tests need to corrupt on its own:
/// the raw (possibly deflated) data, the CRC-32 and sizes the central directory declares, and a
/// local header that may say something else. Offsets and the end record are always right, so a
/// corruption reaches the code that reads the member instead of the end-record checks.
struct ZipBuilder {
    struct Member {
        var name: String
        var method: UInt16
        /// The bytes stored in the archive: deflated data for method 8.
        var raw: [UInt8]
        var crc: UInt32
        var uncompressedSize: Int
        /// What the local header says, when it disagrees with the central directory.
        var localName: String? = nil
        var localMethod: UInt16? = nil
        var localCRC: UInt32? = nil

        /// A stored member holding `data`, with its true CRC.
        static func stored(_ name: String, _ data: [UInt8]) -> Member {
            Member(name: name, method: ZipArchive.stored, raw: data, crc: CRC32.checksum(data), uncompressedSize: data.count)
        }
    }

    /// The members of an archive the reader accepts, raw data and all.
    static func members(of archive: [UInt8]) throws -> [Member] {
        let zip = try ZipArchive(bytes: archive, context: IOContext(operation: "test", source: "fixture"))
        return zip.entries.map { entry in
            let header = entry.localHeaderOffset
            let read16 = { (at: Int) in Int(archive[at]) | Int(archive[at + 1]) << 8 }
            let start = header + 30 + read16(header + 26) + read16(header + 28)
            return Member(name: entry.name, method: entry.method, raw: Array(archive[start..<start + entry.compressedSize]),
                          crc: entry.crc, uncompressedSize: entry.uncompressedSize)
        }
    }

    static func archive(_ members: [Member]) -> [UInt8] {
        var out: [UInt8] = [], directory: [UInt8] = []
        for member in members {
            let offset = out.count
            let localName = Array((member.localName ?? member.name).utf8), name = Array(member.name.utf8)
            out += le32(0x0403_4B50) + le16(20) + le16(0) + le16(member.localMethod ?? member.method) + le16(0) + le16(33)
                + le32(member.localCRC ?? member.crc) + le32(UInt32(member.raw.count)) + le32(UInt32(member.uncompressedSize))
                + le16(UInt16(localName.count)) + le16(0) + localName + member.raw
            directory += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(member.method) + le16(0) + le16(33)
                + le32(member.crc) + le32(UInt32(member.raw.count)) + le32(UInt32(member.uncompressedSize))
                + le16(UInt16(name.count)) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(UInt32(offset)) + name
        }
        let directoryOffset = out.count
        out += directory
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(members.count)) + le16(UInt16(members.count))
            + le32(UInt32(directory.count)) + le32(UInt32(directoryOffset)) + le16(0)
        return out
    }

    private static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }
}
