import X86

/// privileged instructions (#GP at CPL3), software interrupts, UD2 and other invalid opcodes.
enum SystemInstructions: SemanticFamily {
    static let semantics: [String: Semantic] = [:]
}
