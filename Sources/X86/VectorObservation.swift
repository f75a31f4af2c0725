/// Decides whether a case must read the vector registers back from the CPU. Reading them costs a
/// vCPU ioctl (about a tenth of a case here), and an integer instruction cannot change them.
public enum VectorObservation {
    /// Instructions outside the x87 escape opcodes (D8-DF, which `isNeeded` takes whole) that
    /// read or change vector or x87 state without naming such a register. (FXSAVE run in a batch
    /// without it stored the harness's registers, where the single-step path stores the case's.)
    static let implicitUsers = PackedNameSet([
        "fxrstor", "fxrstor64", "xrstor", "xrstor64", "xrstors", "xrstors64", "ldmxcsr", "vldmxcsr",
        "fxsave", "fxsave64", "xsave", "xsave64", "xsavec", "xsavec64", "xsaveopt", "xsaveopt64", "xsaves", "xsaves64",
        "stmxcsr", "vstmxcsr", "vzeroupper", "vzeroall", "emms", "femms", "finit", "fwait", "wait",
    ])

    private static let vectorRegisterPrefixes = ["xmm", "ymm", "zmm", "mm", "st", "mxcsr", "fp"]

    /// True for Capstone register names with one of those prefixes. Their first letters alone rule
    /// out every GPR, flag and segment name (`rax`, `eflags`, `ds` ...), so most names cost one
    /// byte compare.
    public static func isVectorStateName(_ name: String) -> Bool {
        switch name.utf8.first {
        case UInt8(ascii: "x"), UInt8(ascii: "y"), UInt8(ascii: "z"), UInt8(ascii: "m"), UInt8(ascii: "s"), UInt8(ascii: "f"):
            return vectorRegisterPrefixes.contains(where: name.hasPrefix)
        default:
            return false
        }
    }

    /// True when the instruction may read or write vector, MMX or x87 state (or nobody knows).
    public static func isNeeded(for instruction: Instruction) -> Bool {
        // Bytes Capstone cannot decode may be an SSE or AVX form it does not know.
        if instruction.isUndecodable { return true }
        if !instruction.groups.isDisjoint(with: [.vector, .fpu, .avx512, .vectorStateRegister]) { return true }
        if instruction.prefixes.vex != nil || instruction.prefixes.evex { return true }
        if implicitUsers.contains(instruction.mnemonicKey) { return true }
        // Every x87 escape opcode (D8-DF) reads or writes the x87 state, also where Capstone 4
        // puts the instruction in no FPU group and names no x87 register (FNSTCW, FNSTSW m16):
        // a batch that did not load the case's state stored the previous case's FCW.
        if instruction.map == .oneByte, instruction.prefixes.vex == nil, (0xD8...0xDF).contains(instruction.opcode) { return true }
        for case .register(let register) in instruction.operands {
            switch register.kind {
            case .vector, .mmx: return true
            // Only these carry a name worth reading (x87 `st(i)`); building it costs a string.
            case .other: if isVectorStateName(register.name) { return true }
            case .gpr, .segment: continue
            }
        }
        return false
    }
}
