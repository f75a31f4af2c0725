import X86

extension Capstone4Corrections {
    /// Capstone 4 loses the mandatory F2 of CRC32 when another prefix follows it: `F2 66 0F 38
    /// F1 /m` comes out as `movbe word ptr [..], r16`, `F2 2E 0F 38 F0 /m` as `movbe r32, [..]`.
    /// The CPU takes the last of F2/F3 wherever the other prefixes sit (measured: the CRC lands
    /// in the register, memory is not written), so these are `crc32 r32/r64, r/m8` (F0) and
    /// `crc32 r32/r64, r/m16/32/64` (F1), the destination 64-bit with REX.W.
    static func correctMandatoryF2(_ instruction: inout Instruction) {
        guard instruction.map == .map0F38, instruction.mnemonic == "movbe", instruction.prefixes.repne,
              instruction.operands.count == 2 else { return }
        let (registerIndex, memoryIndex) = instruction.opcode == 0xF0 ? (0, 1) : (1, 0)
        guard case .register(let register) = instruction.operands[registerIndex], case .gpr(let gpr, _) = register.kind,
              case .memory(var source) = instruction.operands[memoryIndex] else { return }
        let wide = instruction.prefixes.rexW
        source.size = instruction.opcode == 0xF0 ? 1 : wide ? 8 : instruction.prefixes.operandSizeOverride ? 2 : 4
        source.access = .read
        let destination = RegisterOperand(name: gpr.name(bytes: wide ? 8 : 4), kind: .gpr(gpr, highByte: false),
                                          size: wide ? 8 : 4, access: [.read, .write])
        instruction.mnemonic = "crc32"
        instruction.text = "crc32 \(destination.name), \(Self.sizeName(source.size)) ptr \(Self.memoryText(instruction.text))"
        instruction.operands = [.register(destination), .memory(source)]
        instruction.operandSize = wide ? 64 : 32
    }

    private static func sizeName(_ bytes: Int) -> String { [1: "byte", 2: "word", 4: "dword"][bytes] ?? "qword" }

    /// The memory operand as Capstone printed it, segment included (`gs:[rdx + 8]`).
    private static func memoryText(_ text: String) -> String {
        guard let open = text.firstIndex(of: "["), let close = text.firstIndex(of: "]") else { return text }
        let start = text[..<open].lastIndex(of: " ").map { text.index(after: $0) } ?? open
        return String(text[start...close])
    }
}
