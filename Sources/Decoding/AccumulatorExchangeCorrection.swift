import X86

extension Capstone4Corrections {
    /// Capstone 4 misreads XCHG with the accumulator (90+r) when another prefix sits between 66
    /// and the opcode: `66 36 93` comes out as `xchg eax, bx`, `66 36 41 90` as `nop` and
    /// `66 F3 41 90` as `pause`, and with REX.W too (`66 3E 49 90` comes out as `nop`). The CPU
    /// exchanges AX with the 16-bit register, or RAX with the 64-bit one under REX.W (measured;
    /// REX.W wins over 66). Plain 90 without REX.B stays NOP (or PAUSE after F3).
    static func correctAccumulatorExchange(_ instruction: inout Instruction) {
        let prefixes = instruction.prefixes
        guard instruction.map == .oneByte, (0x90...0x97).contains(instruction.opcode), prefixes.operandSizeOverride,
              prefixes.vex == nil, !prefixes.evex,
              let register = GPR(rawValue: Int(instruction.opcode & 7) | Int((prefixes.rex ?? 0) & 1) << 3),
              register != .rax else { return }
        let bytes = prefixes.rexW ? 8 : 2
        let operands = [GPR.rax, register].map { gpr in
            Operand.register(RegisterOperand(name: gpr.name(bytes: bytes), kind: .gpr(gpr, highByte: false), size: bytes,
                                             access: [.read, .write]))
        }
        instruction.mnemonic = "xchg"
        instruction.text = "xchg \(GPR.rax.name(bytes: bytes)), \(register.name(bytes: bytes))"
        instruction.operands = operands
        instruction.operandSize = bytes * 8
    }
}
