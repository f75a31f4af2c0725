/// The CRC-32C (Castagnoli) step of the CRC32 instruction: polynomial 0x11EDC6F41, bit-reflected,
/// no initial or final inversion (Intel SDM Vol. 2A, CRC32), one table lookup per source byte.
enum CRC32C {
    /// The reflected polynomial.
    static let polynomial: UInt32 = 0x82F6_3B78

    /// The CRC of each byte value on its own.
    static let table: [UInt32] = (0..<256).map { byte in
        var crc = UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 0 ? crc >> 1 : (crc >> 1) ^ polynomial }
        return crc
    }

    /// `crc` advanced over the low `bytes` bytes of `data`, least significant byte first.
    static func update(_ crc: UInt32, with data: UInt64, bytes: Int) -> UInt32 {
        var crc = crc
        var data = data
        for _ in 0..<bytes {
            crc = table[Int((crc ^ UInt32(truncatingIfNeeded: data)) & 0xFF)] ^ (crc >> 8)
            data >>= 8
        }
        return crc
    }
}
