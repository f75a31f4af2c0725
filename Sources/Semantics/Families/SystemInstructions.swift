import X86

/// System instructions as a CPL3 program meets them: privileged ones and port I/O raise #GP(0),
/// invalid opcodes #UD, INT3/INT 3/INT 4 trap through the guest's DPL-3 gates. None of them reads
/// an operand first: the privilege check precedes every memory access (measured with
/// non-canonical, not-present and misaligned operands). Moves to and from control and debug
/// registers are `mov`, in DataTransfer.
enum SystemInstructions: SemanticFamily {
    static let semantics: [String: Semantic] = {
        var table: [String: Semantic] = [:]
        for mnemonic in privileged { table[mnemonic] = raising(.generalProtection()) }
        for mnemonic in invalid { table[mnemonic] = raising(.invalidOpcode) }
        for mnemonic in ["monitor", "mwait"] { table[mnemonic] = raising(answering: \.userLevelMonitorFault) }
        table["sysexit"] = raising(answering: \.longModeSysexitFault)
        table["int3"] = raising(.softwareTrap(.bp))
        table["int"] = Semantic(accepts: { userCallableVector(of: $0) != nil }) { context throws(Fault) in
            throw userCallableVector(of: context.instruction) == 3 ? .softwareTrap(.bp) : .softwareTrap(.of)
        }
        return table
    }()

    /// Every form: the outcome depends on no operand.
    static func accepts(_ instruction: Instruction) -> Bool { true }

    /// #GP(0) at CPL3 (Intel SDM Vol. 2, each instruction's protected-mode exceptions, "CPL is
    /// not 0"; for CLI, STI and port I/O, "CPL > IOPL", with IOPL 0 and no I/O permission bitmap).
    /// MONITOR, MWAIT and SYSEXIT are profile questions (the manuals say #UD, or disagree, and AMD
    /// Zen gives #GP(0)). INVPCID, XSAVES and XRSTORS report #UD here: kvm_pvm hands their #GP to
    /// KVM's emulator, which cannot decode them (the comparator classes that `harness`). Capstone 4
    /// names F3 0F 09 (WBNOINVD) `wbinvd`.
    static let privileged = [
        "hlt", "cli", "sti", "clts", "invd", "wbinvd", "rdmsr", "wrmsr", "lgdt", "lidt", "lldt", "ltr", "lmsw",
        "invlpg", "invpcid", "swapgs", "xsetbv", "xsaves", "xsaves64", "xrstors", "xrstors64",
        "in", "out", "insb", "insw", "insd", "outsb", "outsw", "outsd",
    ]

    /// #UD at CPL3: UD0, UD2 and UD1 (Capstone 4's `ud2b`); RSM outside SMM; CLAC and STAC
    /// (CPL > 0); SYSENTER (AMD APM: invalid in long mode); GETSEC, ENCLS and ENCLU (no SMX or SGX
    /// on AMD); WRSSQ (Intel SDM Vol. 2D, WRSS: #UD unless CR4.CET and, at CPL3,
    /// IA32_U_CET.WR_SHSTK_EN are set; measured #UD here). Capstone 4 never decodes WRSSD.
    static let invalid = ["ud0", "ud2", "ud2b", "rsm", "clac", "stac", "sysenter", "getsec", "encls", "enclu", "wrssq"]

    private static func raising(_ fault: Fault) -> Semantic { Semantic { _ throws(Fault) in throw fault } }

    /// The fault the profile says the instruction raises at CPL3; no prediction where it does not say.
    private static func raising(answering question: KeyPath<CPUProfile, UserLevelFault?> & Sendable) -> Semantic {
        Semantic { context throws(Fault) in
            switch context.profile[keyPath: question] {
            case .generalProtection?: throw .generalProtection()
            case .invalidOpcode?: throw .invalidOpcode
            case nil: throw .notModelled("\(context.instruction.mnemonic) at CPL3 (a profile question)")
            }
        }
    }

    /// The vector of `int n` when its gate is DPL 3 (3 and 4 in this guest), else nil: the others
    /// are the hypervisor's (see the filter).
    private static func userCallableVector(of instruction: Instruction) -> UInt64? {
        guard case .immediate(let value, _)? = instruction.operands.first else { return nil }
        let vector = value & 0xFF
        return GuestLayout.userCallableVectors.contains(UInt8(vector)) ? vector : nil
    }
}
