import CCapstone
import X86

/// Capstone's instruction groups and ids translated into the project's terms.
enum CapstoneGroups {
    /// The `InstructionGroups` of Capstone's group ids.
    static func groups(_ ids: UnsafeBufferPointer<UInt8>) -> InstructionGroups {
        var groups: InstructionGroups = []
        for id in ids { groups.formUnion(table[Int(id)]) }
        return groups
    }

    /// Instructions whose operand size defaults to 64 bits in 64-bit mode (Intel SDM Vol. 1,
    /// 3.6.1): near branches, calls and returns, loops, push and pop, enter and leave, lgdt/lidt.
    /// 66 still makes them 16-bit; REX.W changes nothing.
    static func defaultsTo64Bits(_ id: UInt32) -> Bool { default64.contains(id) }

    private static let default64: Set<UInt32> = Set([
        X86_INS_CALL, X86_INS_JMP, X86_INS_RET, X86_INS_ENTER, X86_INS_LEAVE, X86_INS_PUSH, X86_INS_POP,
        X86_INS_PUSHFQ, X86_INS_POPFQ, X86_INS_LOOP, X86_INS_LOOPE, X86_INS_LOOPNE, X86_INS_JRCXZ, X86_INS_JECXZ,
        X86_INS_LGDT, X86_INS_LIDT, X86_INS_JA, X86_INS_JAE, X86_INS_JB, X86_INS_JBE, X86_INS_JE, X86_INS_JNE,
        X86_INS_JG, X86_INS_JGE, X86_INS_JL, X86_INS_JLE, X86_INS_JO, X86_INS_JNO, X86_INS_JP, X86_INS_JNP,
        X86_INS_JS, X86_INS_JNS,
    ].map(\.rawValue))

    /// Indexed by Capstone group id. Feature groups of the SSE/AVX/MMX/3DNow!/XOP units are
    /// `vector`; the AVX-512 ones are `vector` and `avx512`.
    private static let table: [InstructionGroups] = {
        var table = [InstructionGroups](repeating: [], count: 256)
        let entries: [(x86_insn_group, InstructionGroups)] = [
            (X86_GRP_JUMP, .jump), (X86_GRP_CALL, .call), (X86_GRP_RET, .ret), (X86_GRP_INT, .interrupt),
            (X86_GRP_IRET, .interruptReturn), (X86_GRP_PRIVILEGE, .privileged),
            (X86_GRP_BRANCH_RELATIVE, .branchRelative), (X86_GRP_FPU, .fpu),
        ]
        for (group, value) in entries { table[Int(group.rawValue)] = value }
        let vectorUnits = [
            X86_GRP_3DNOW, X86_GRP_AES, X86_GRP_AVX, X86_GRP_AVX2, X86_GRP_F16C, X86_GRP_FMA, X86_GRP_FMA4,
            X86_GRP_MMX, X86_GRP_SHA, X86_GRP_SSE1, X86_GRP_SSE2, X86_GRP_SSE3, X86_GRP_SSE41, X86_GRP_SSE42,
            X86_GRP_SSE4A, X86_GRP_SSSE3, X86_GRP_PCLMUL, X86_GRP_XOP,
        ]
        for group in vectorUnits { table[Int(group.rawValue)] = .vector }
        let avx512Units = [
            X86_GRP_AVX512, X86_GRP_CDI, X86_GRP_ERI, X86_GRP_DQI, X86_GRP_BWI, X86_GRP_PFI, X86_GRP_VLX,
        ]
        for group in avx512Units { table[Int(group.rawValue)] = [.vector, .avx512] }
        return table
    }()
}
