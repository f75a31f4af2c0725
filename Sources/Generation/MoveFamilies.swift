/// The data-movement and stack families.
extension InstructionFamily {
    /// Moves, extensions, exchanges, conditional moves and sets, conversions, CRC32, MOVBE,
    /// flag moves and NOP. (`0F 1F /0` is memory-only here because Capstone 4 rejects its
    /// valid register form.)
    static let datatransfer = InstructionFamily(
        name: "datatransfer",
        forms: OpcodeForm.legacy("mov", [0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x8E])
            + OpcodeForm.legacy("mov", Array(0xB0...0xB7)) + OpcodeForm.legacy("mov", Array(0xB8...0xBF), w: false)
            + OpcodeForm.legacy("movabs", Array(0xB8...0xBF), w: true) + OpcodeForm.legacy("movabs", Array(0xA0...0xA3))
            + OpcodeForm.legacy("mov", [0xC6, 0xC7], reg: 0)
            + OpcodeForm.legacy("movzx", [0xB6, 0xB7], map: .map0F) + OpcodeForm.legacy("movsx", [0xBE, 0xBF], map: .map0F)
            + OpcodeForm.legacy("movsxd", [0x63]) + OpcodeForm.legacy("lea", [0x8D], modrm: .memory)
            + OpcodeForm.legacy("xchg", [0x86, 0x87] + Array(0x91...0x97))
            + OpcodeForm.legacy("cmpxchg", [0xB0, 0xB1], map: .map0F)
            + OpcodeForm.legacy("cmpxchg8b", [0xC7], map: .map0F, reg: 1, modrm: .memory, w: false)
            + OpcodeForm.legacy("cmpxchg16b", [0xC7], map: .map0F, reg: 1, modrm: .memory, w: true)
            + OpcodeForm.legacy("xadd", [0xC0, 0xC1], map: .map0F)
            + OpcodeForm.series(OpcodeForm.conditions.map { "cmov" + $0 }, from: 0x40, map: .map0F)
            + OpcodeForm.series(OpcodeForm.conditions.map { "set" + $0 }, from: 0x90, map: .map0F)
            + OpcodeForm.legacy("cbw", [0x98], prefix: 0x66) + OpcodeForm.legacy("cwde", [0x98], w: false)
            + OpcodeForm.legacy("cdqe", [0x98], w: true)
            + OpcodeForm.legacy("cwd", [0x99], prefix: 0x66) + OpcodeForm.legacy("cdq", [0x99], w: false)
            + OpcodeForm.legacy("cqo", [0x99], w: true)
            + OpcodeForm.legacy("crc32", [0xF0, 0xF1], map: .map0F38, prefix: 0xF2)
            + OpcodeForm.legacy("movbe", [0xF0, 0xF1], map: .map0F38, modrm: .memory)
            + OpcodeForm.legacy("lahf", [0x9F]) + OpcodeForm.legacy("sahf", [0x9E])
            + OpcodeForm.legacy("clc", [0xF8]) + OpcodeForm.legacy("stc", [0xF9]) + OpcodeForm.legacy("cmc", [0xF5])
            + OpcodeForm.legacy("cld", [0xFC]) + OpcodeForm.legacy("std", [0xFD])
            + OpcodeForm.legacy("nop", [0x90], w: false) + OpcodeForm.legacy("nop", [0x1F], map: .map0F, reg: 0, modrm: .memory))

    /// Pushes and pops of registers, memory, immediates, segment registers and flags; ENTER, LEAVE.
    static let stack = InstructionFamily(
        name: "stack",
        forms: OpcodeForm.legacy("push", Array(0x50...0x57) + [0x68, 0x6A])
            + OpcodeForm.legacy("push", [0xFF], reg: 6) + OpcodeForm.legacy("push", [0xA0, 0xA8], map: .map0F)
            + OpcodeForm.legacy("pop", Array(0x58...0x5F)) + OpcodeForm.legacy("pop", [0x8F], reg: 0)
            + OpcodeForm.legacy("pop", [0xA1, 0xA9], map: .map0F)
            + OpcodeForm.legacy("pushfq", [0x9C]) + OpcodeForm.legacy("pushf", [0x9C], prefix: 0x66)
            + OpcodeForm.legacy("popfq", [0x9D]) + OpcodeForm.legacy("popf", [0x9D], prefix: 0x66)
            + OpcodeForm.legacy("enter", [0xC8]) + OpcodeForm.legacy("leave", [0xC9]))
}
