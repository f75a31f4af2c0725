/// The control-transfer, string and system families.
extension InstructionFamily {
    /// Jumps, conditional jumps, calls, returns and loops.
    static let control = InstructionFamily(
        name: "control",
        forms: OpcodeForm.legacy("jmp", [0xEB, 0xE9]) + OpcodeForm.legacy("jmp", [0xFF], reg: 4)
            + OpcodeForm.legacy("ljmp", [0xFF], reg: 5, modrm: .memory)
            + OpcodeForm.series(OpcodeForm.conditions.map { "j" + $0 }, from: 0x70)
            + OpcodeForm.series(OpcodeForm.conditions.map { "j" + $0 }, from: 0x80, map: .map0F)
            + OpcodeForm.legacy("call", [0xE8]) + OpcodeForm.legacy("call", [0xFF], reg: 2)
            + OpcodeForm.legacy("lcall", [0xFF], reg: 3, modrm: .memory)
            + OpcodeForm.legacy("ret", [0xC3, 0xC2]) + OpcodeForm.legacy("retf", [0xCB, 0xCA], w: false)
            + OpcodeForm.legacy("loopne", [0xE0]) + OpcodeForm.legacy("loope", [0xE1])
            + OpcodeForm.legacy("loop", [0xE2]) + OpcodeForm.legacy("jrcxz", [0xE3]))

    /// MOVS, CMPS, STOS, LODS and SCAS in every width; the generator's prefix mix adds REP/REPNE.
    static let string = InstructionFamily(
        name: "string",
        forms: strings("movs", 0xA4) + strings("cmps", 0xA6) + strings("stos", 0xAA) + strings("lods", 0xAC)
            + strings("scas", 0xAE))

    /// Privileged and system instructions (their #GP at CPL3 is semantics too), interrupts,
    /// port I/O, FS/GS base access, descriptor checks and the undefined-opcode instructions.
    static let system = InstructionFamily(
        name: "system",
        forms: OpcodeForm.legacy("hlt", [0xF4]) + OpcodeForm.legacy("cli", [0xFA]) + OpcodeForm.legacy("sti", [0xFB])
            + OpcodeForm.legacy("clts", [0x06], map: .map0F) + OpcodeForm.legacy("invd", [0x08], map: .map0F)
            + OpcodeForm.legacy("wbinvd", [0x09], map: .map0F) + OpcodeForm.legacy("wrmsr", [0x30], map: .map0F)
            + OpcodeForm.legacy("rdmsr", [0x32], map: .map0F) + OpcodeForm.legacy("rsm", [0xAA], map: .map0F)
            + OpcodeForm.legacy("mov", [0x20, 0x21, 0x22, 0x23], map: .map0F, modrm: .register)
            + OpcodeForm.group([nil, nil, "lldt", "ltr", "verr", "verw"], opcodes: [0x00], map: .map0F)
            + OpcodeForm.group([nil, nil, "lgdt", "lidt", nil, nil, nil, "invlpg"], opcodes: [0x01], map: .map0F, modrm: .memory)
            + OpcodeForm.legacy("lmsw", [0x01], map: .map0F, reg: 6)
            + OpcodeForm.legacy("invpcid", [0x82], map: .map0F38, modrm: .memory, prefix: 0x66)
            + fixed0F01([("monitor", 0xC8), ("mwait", 0xC9), ("clac", 0xCA), ("stac", 0xCB), ("xgetbv", 0xD0),
                         ("xsetbv", 0xD1), ("swapgs", 0xF8)])
            + OpcodeForm.legacy("syscall", [0x05], map: .map0F) + OpcodeForm.legacy("sysret", [0x07], map: .map0F)
            + OpcodeForm.legacy("sysenter", [0x34], map: .map0F) + OpcodeForm.legacy("sysexit", [0x35], map: .map0F)
            + OpcodeForm.legacy("iretd", [0xCF], w: false) + OpcodeForm.legacy("iretq", [0xCF], w: true)
            + OpcodeForm.legacy("int3", [0xCC]) + OpcodeForm.legacy("int", [0xCD]) + OpcodeForm.legacy("int1", [0xF1])
            + OpcodeForm.legacy("in", [0xE4, 0xE5, 0xEC, 0xED]) + OpcodeForm.legacy("out", [0xE6, 0xE7, 0xEE, 0xEF])
            + OpcodeForm.legacy("insb", [0x6C]) + OpcodeForm.legacy("insd", [0x6D])
            + OpcodeForm.legacy("insw", [0x6D], prefix: 0x66) + OpcodeForm.legacy("outsb", [0x6E])
            + OpcodeForm.legacy("outsd", [0x6F]) + OpcodeForm.legacy("outsw", [0x6F], prefix: 0x66)
            + OpcodeForm.group(["rdfsbase", "rdgsbase", "wrfsbase", "wrgsbase"], opcodes: [0xAE], map: .map0F,
                               modrm: .register, prefix: 0xF3)
            + OpcodeForm.legacy("lar", [0x02], map: .map0F) + OpcodeForm.legacy("lsl", [0x03], map: .map0F)
            + OpcodeForm.legacy("ud2", [0x0B], map: .map0F) + OpcodeForm.legacy("ud0", [0xFF], map: .map0F, modrm: OpcodeForm.ModRMUse.none))

    /// The byte, doubleword, word and quadword forms of a string instruction whose byte opcode
    /// is `opcode` (the next opcode, with 66 or REX.W, gives the other widths).
    private static func strings(_ stem: String, _ opcode: UInt8) -> [OpcodeForm] {
        OpcodeForm.legacy(stem + "b", [opcode]) + OpcodeForm.legacy(stem + "d", [opcode + 1], w: false)
            + OpcodeForm.legacy(stem + "w", [opcode + 1], prefix: 0x66, w: false) + OpcodeForm.legacy(stem + "q", [opcode + 1], w: true)
    }

    /// 0F 01 instructions selected by a whole ModRM byte.
    private static func fixed0F01(_ entries: [(String, UInt8)]) -> [OpcodeForm] {
        entries.map { OpcodeForm(mnemonic: $0.0, map: .map0F, opcode: 0x01, modrm: .fixed($0.1)) }
    }
}
