import X86

/// Checks that depend on the encoding rather than on one instruction's semantics.
enum EncodingRules {
    /// Instructions that accept LOCK, with a memory destination (Intel SDM Vol. 2A, LOCK).
    static let lockable: Set<String> = [
        "add", "adc", "and", "btc", "btr", "bts", "cmpxchg", "cmpxchg8b", "cmpxchg16b", "dec", "inc",
        "neg", "not", "or", "sbb", "sub", "xadd", "xchg", "xor",
    ]

    static func check(_ instruction: Instruction) throws(Fault) {
        let prefixes = instruction.prefixes
        if prefixes.lock {
            guard lockable.contains(instruction.mnemonic), prefixes.vex == nil, case .memory? = instruction.operands.first else {
                throw .invalidOpcode
            }
        }
        // A VEX prefix after 66, F2, F3 or REX raises #UD (Intel SDM Vol. 2A, 2.3.2); Capstone 4
        // decodes such encodings anyway.
        if prefixes.vex != nil, prefixes.operandSizeOverride || prefixes.rep || prefixes.repne || prefixes.rex != nil {
            throw .invalidOpcode
        }
    }
}
