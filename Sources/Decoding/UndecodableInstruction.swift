import X86

extension Instruction {
    /// Bytes Capstone cannot decode, as an instruction the judge can run: all of them (the CPU
    /// decides how many it takes), with the prefixes, map and opcode read from the bytes and the
    /// byte after the opcode as ModRM, so that the forms table can be asked whether it knows the form.
    public static func undecodable(_ bytes: [UInt8]) -> Instruction {
        let layout = bytes.withUnsafeBufferPointer { EncodingLayout(bytes: $0) }
        let modrmOffset = (layout?.opcodeOffset ?? 0) + 1
        return Instruction(bytes: bytes, mnemonic: undecodableMnemonic, text: undecodableMnemonic,
                           prefixes: layout?.prefixes ?? Prefixes(), map: layout?.map ?? .oneByte,
                           opcode: layout?.opcode ?? bytes.first ?? 0,
                           modrm: modrmOffset < bytes.count ? bytes[modrmOffset] : nil,
                           operandSize: 0, addressSize: 8, operands: [], groups: [],
                           flagsTested: 0, flagsModified: 0, flagsUndefined: 0)
    }
}
