import Forms
import X86

/// Checks that depend on the encoding rather than on one instruction's semantics.
enum EncodingRules {
    /// Instructions that accept LOCK, with a memory destination (the forms table's `lock`).
    static let lockable: Set<String> = FormTable.lockableMnemonics

    /// Raises the #UD an encoding rule demands. `prefixes` are the instruction's, passed in
    /// because the execution context has fetched them already (each fetch is a copy).
    static func check(_ instruction: Instruction, prefixes: Prefixes, profile: CPUProfile) throws(Fault) {
        if prefixes.lock, try !isPrivilegeCheckedFirst(instruction, profile: profile) {
            let hintNop = isHintNopWithMemory(instruction)
            if hintNop && profile.lockedHintNopRuns == nil { throw .notModelled("LOCK on a hint NOP (a profile question)") }
            let lockedNop = profile.lockedHintNopRuns == true && hintNop
            guard lockable.contains(instruction.mnemonic) || lockedNop, prefixes.vex == nil, case .memory? = instruction.operands.first else {
                throw .invalidOpcode
            }
        }
        // A VEX prefix after 66, F2, F3 or REX raises #UD (Intel SDM Vol. 2A, 2.3.2); Capstone 4
        // decodes such encodings anyway.
        if prefixes.vex != nil, prefixes.operandSizeOverride || prefixes.rep || prefixes.repne || prefixes.rex != nil {
            throw .invalidOpcode
        }
    }

    /// Zen 4 raises SWAPGS's CPL #GP(0) before the #UD for LOCK (measured at CPL3; LOCK with
    /// every other privileged instruction is #UD). Where the profile does not know, LOCK SWAPGS is
    /// not predicted.
    private static func isPrivilegeCheckedFirst(_ instruction: Instruction, profile: CPUProfile) throws(Fault) -> Bool {
        guard instruction.mnemonic == "swapgs" else { return false }
        guard let first = profile.swapgsPrivilegeBeforeLock else { throw .notModelled("LOCK SWAPGS (a profile question)") }
        return first
    }

    /// Zen 4 runs LOCK with the hint NOPs 0F 19, 0F 1C, 0F 1D and 0F 1F on a memory operand as a
    /// NOP (measured, every /reg), where the manuals say #UD (AMD APM Vol. 3, 1.2.5), unless a SIB
    /// byte names an index register in its index field (REX.X aside: `[rax + r12]` runs, `[rax +
    /// r11]` does not). LOCK with 0F 18, 0F 1A, 0F 1B, 0F 1E or a register operand is #UD.
    /// Capstone 4 decodes only 0F 1F.
    private static func isHintNopWithMemory(_ instruction: Instruction) -> Bool {
        guard instruction.map == .map0F, instruction.mnemonic == "nop",
              case .memory(let operand)? = instruction.operands.first, operand.index == nil || operand.index == .r12 else {
            return false
        }
        switch instruction.opcode {
        case 0x19, 0x1C, 0x1D, 0x1F: return true
        default: return false
        }
    }
}
