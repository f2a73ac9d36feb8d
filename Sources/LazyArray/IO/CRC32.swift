/// The CRC-32 checksum zip archives store for every member (IEEE polynomial, reflected).
///
/// NumPy equivalent: `zlib.crc32`, which `zipfile` checks when `np.load` reads an `.npz` member.
enum CRC32 {
    /// One entry per byte value: the CRC of that byte, for byte-at-a-time updates.
    static let table: [UInt32] = (0..<256).map { byte in
        var crc = UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        return crc
    }

    static func checksum<C: Collection<UInt8>>(_ bytes: C) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        let table = CRC32.table
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }
}
