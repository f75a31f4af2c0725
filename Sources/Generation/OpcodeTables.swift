import X86

/// Facts about the legacy opcode maps in 64-bit mode (Intel SDM Vol. 2, Appendix A) that the
/// generator needs to lay out an encoding: which opcodes take a ModRM byte, and which bytes
/// of the one-byte map are not opcodes at all.
enum OpcodeTables {
    /// True when `opcode` in `map` is followed by a ModRM byte. The 0F38, 0F3A and 3DNow! maps
    /// always have one; VEX and EVEX opcodes too, except `vzeroupper`/`vzeroall` (0F 77).
    static func hasModRM(map: OpcodeMap, opcode: UInt8) -> Bool {
        switch map {
        case .oneByte: oneByteModRM[Int(opcode)]
        case .map0F: map0FModRM[Int(opcode)]
        default: true
        }
    }

    /// One-byte opcodes with a ModRM byte: the ALU blocks (x0-x3, x8-xB of 00-3F), 62, 63, 69,
    /// 6B, 80-8F, C0, C1, C4-C7, D0-D3, the x87 escapes D8-DF, F6, F7, FE, FF.
    private static let oneByteModRM: [Bool] = (0...255).map { value in
        let opcode = UInt8(value)
        if opcode < 0x40 { return opcode & 0x04 == 0 }
        switch opcode {
        case 0x62, 0x63, 0x69, 0x6B, 0x80...0x8F, 0xC0, 0xC1, 0xC4...0xC7, 0xD0...0xD3, 0xD8...0xDF,
             0xF6, 0xF7, 0xFE, 0xFF: return true
        default: return false
        }
    }

    /// 0F-map opcodes without a ModRM byte: the system opcodes 04-0C and 0E, 30-37, EMMS (77),
    /// the rel32 Jcc (80-8F), A0-A2 and A8-AA, BSWAP (C8-CF). Everything else has one.
    private static let map0FModRM: [Bool] = (0...255).map { value in
        switch UInt8(value) {
        case 0x04...0x0C, 0x0E, 0x30...0x37, 0x77, 0x80...0x8F, 0xA0...0xA2, 0xA8...0xAA, 0xC8...0xCF: false
        default: true
        }
    }

    /// One-byte values that are prefixes or escapes rather than opcodes: legacy prefixes, REX,
    /// 0F, and the VEX/EVEX lead bytes C4, C5 and 62. The generator emits those on purpose only.
    static let oneByteNonOpcodes: Set<UInt8> = Set(legacyPrefixBytes).union(0x40...0x4F).union([0x0F, 0x62, 0xC4, 0xC5])

    /// Every legacy prefix byte: group 1 (LOCK, REPNE, REP), group 2 (segment overrides), 66, 67.
    static let legacyPrefixBytes: [UInt8] = [0xF0, 0xF2, 0xF3, 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67]

    /// The one-byte opcodes the generator draws from when it picks a random one.
    static let randomOneByteOpcodes: [UInt8] = (0...255).map(UInt8.init).filter { !oneByteNonOpcodes.contains($0) }

    /// The 0F-map opcodes it draws from: all but the escapes to 0F38, 0F3A and 3DNow! (0F 0F).
    static let randomMap0FOpcodes: [UInt8] = (0...255).map(UInt8.init).filter { ![0x0F, 0x38, 0x3A].contains($0) }

    /// The 3DNow! suffix opcodes AMD defined (AMD 3DNow! Technology Manual, table A-1); the
    /// instruction's last byte selects the operation.
    static let amd3DNowSuffixes: [UInt8] = [
        0x0C, 0x0D, 0x1C, 0x1D, 0x8A, 0x8E, 0x90, 0x94, 0x96, 0x97, 0x9A, 0x9E,
        0xA0, 0xA4, 0xA6, 0xA7, 0xAA, 0xAE, 0xB0, 0xB4, 0xB6, 0xB7, 0xBB, 0xBF,
    ]
}
