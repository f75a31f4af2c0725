import X86

/// JMP Jcc CALL RET LOOP LOOPE LOOPNE JRCXZ (near).
enum ControlTransfer: SemanticFamily {
    static let semantics: [String: Semantic] = [:]
}
