/// The integer arithmetic, logic, shift and bit families.
extension InstructionFamily {
    /// Addition, subtraction, comparison, increment, negation, multiplication and division.
    static let binary = InstructionFamily(
        name: "binary",
        forms: alu("add", base: 0x00, reg: 0) + alu("adc", base: 0x10, reg: 2) + alu("sbb", base: 0x18, reg: 3)
            + alu("sub", base: 0x28, reg: 5) + alu("cmp", base: 0x38, reg: 7)
            + OpcodeForm.group(["inc", "dec"], opcodes: [0xFE, 0xFF])
            + OpcodeForm.group([nil, nil, nil, "neg", "mul", "imul", "div", "idiv"], opcodes: [0xF6, 0xF7])
            + OpcodeForm.legacy("imul", [0xAF], map: .map0F) + OpcodeForm.legacy("imul", [0x69, 0x6B]))

    /// Bitwise logic and TEST.
    static let logical = InstructionFamily(
        name: "logical",
        forms: alu("or", base: 0x08, reg: 1) + alu("and", base: 0x20, reg: 4) + alu("xor", base: 0x30, reg: 6)
            + OpcodeForm.group([nil, nil, "not"], opcodes: [0xF6, 0xF7])
            + OpcodeForm.legacy("test", [0x84, 0x85, 0xA8, 0xA9])
            + OpcodeForm.group(["test", "test"], opcodes: [0xF6, 0xF7]))

    /// Shifts and rotates by 1, CL and an immediate, and the double shifts.
    static let shift = InstructionFamily(
        name: "shift",
        forms: OpcodeForm.group(["rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"],
                                opcodes: [0xC0, 0xC1, 0xD0, 0xD1, 0xD2, 0xD3])
            + OpcodeForm.legacy("shld", [0xA4, 0xA5], map: .map0F) + OpcodeForm.legacy("shrd", [0xAC, 0xAD], map: .map0F))

    /// Bit tests, scans and counts, and byte swap.
    static let bitops = InstructionFamily(
        name: "bitops",
        forms: OpcodeForm.legacy("bt", [0xA3], map: .map0F) + OpcodeForm.legacy("bts", [0xAB], map: .map0F)
            + OpcodeForm.legacy("btr", [0xB3], map: .map0F) + OpcodeForm.legacy("btc", [0xBB], map: .map0F)
            + OpcodeForm.group([nil, nil, nil, nil, "bt", "bts", "btr", "btc"], opcodes: [0xBA], map: .map0F)
            + OpcodeForm.legacy("bsf", [0xBC], map: .map0F) + OpcodeForm.legacy("bsr", [0xBD], map: .map0F)
            + OpcodeForm.legacy("popcnt", [0xB8], map: .map0F, prefix: 0xF3)
            + OpcodeForm.legacy("tzcnt", [0xBC], map: .map0F, prefix: 0xF3)
            + OpcodeForm.legacy("lzcnt", [0xBD], map: .map0F, prefix: 0xF3)
            + OpcodeForm.legacy("bswap", Array(0xC8...0xCF), map: .map0F))

    /// BMI1, BMI2 (VEX-encoded general-purpose instructions, VEX.L = 0) and ADX.
    static let bmi = InstructionFamily(
        name: "bmi",
        forms: [
            .vex("andn", map: .map0F38, 0xF2, prefix: nil, l: 0),
            .vex("blsr", map: .map0F38, 0xF3, prefix: nil, reg: 1, l: 0),
            .vex("blsmsk", map: .map0F38, 0xF3, prefix: nil, reg: 2, l: 0),
            .vex("blsi", map: .map0F38, 0xF3, prefix: nil, reg: 3, l: 0),
            .vex("bzhi", map: .map0F38, 0xF5, prefix: nil, l: 0),
            .vex("pext", map: .map0F38, 0xF5, prefix: 0xF3, l: 0),
            .vex("pdep", map: .map0F38, 0xF5, prefix: 0xF2, l: 0),
            .vex("mulx", map: .map0F38, 0xF6, prefix: 0xF2, l: 0),
            .vex("bextr", map: .map0F38, 0xF7, prefix: nil, l: 0),
            .vex("shlx", map: .map0F38, 0xF7, prefix: 0x66, l: 0),
            .vex("sarx", map: .map0F38, 0xF7, prefix: 0xF3, l: 0),
            .vex("shrx", map: .map0F38, 0xF7, prefix: 0xF2, l: 0),
            .vex("rorx", map: .map0F3A, 0xF0, prefix: 0xF2, l: 0, usesVVVV: false),
        ] + OpcodeForm.legacy("adcx", [0xF6], map: .map0F38, prefix: 0x66)
            + OpcodeForm.legacy("adox", [0xF6], map: .map0F38, prefix: 0xF3))

    /// The six forms of a classic ALU operation: r/m,r and r,r/m in 8 bits and full size,
    /// AL/eAX with an immediate, and the 80/81/83 immediate group with its `/digit`.
    private static func alu(_ mnemonic: String, base: UInt8, reg: UInt8) -> [OpcodeForm] {
        OpcodeForm.legacy(mnemonic, Array(base...(base + 5))) + OpcodeForm.legacy(mnemonic, [0x80, 0x81, 0x83], reg: reg)
    }
}
