import X86

/// AND OR XOR NOT TEST.
enum Logical: SemanticFamily {
    static let semantics: [String: Semantic] = [:]
}
