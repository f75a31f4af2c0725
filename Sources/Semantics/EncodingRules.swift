import X86

/// Checks that depend on the encoding rather than on one instruction's semantics.
enum EncodingRules {
    /// Instructions that accept LOCK, with a memory destination (Intel SDM Vol. 2A, LOCK).
    static let lockable: Set<String> = [
        "add", "adc", "and", "btc", "btr", "bts", "cmpxchg", "cmpxchg8b", "cmpxchg16b", "dec", "inc",
        "neg", "not", "or", "sbb", "sub", "xadd", "xchg", "xor",
    ]

    static func check(_ instruction: Instruction) throws(Fault) {
        if instruction.prefixes.lock {
            guard lockable.contains(instruction.mnemonic), case .memory? = instruction.operands.first else {
                throw .invalidOpcode
            }
        }
    }
}
