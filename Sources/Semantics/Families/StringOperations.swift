import X86

/// MOVS STOS LODS CMPS SCAS, with REP/REPE/REPNE (one iteration per step).
enum StringOperations: SemanticFamily {
    static let semantics: [String: Semantic] = [:]
}
