import X86

/// SSE/AVX integer compares: PCMPEQ PCMPGT PTEST.
enum VectorCompare: SemanticFamily {
    static let semantics: [String: Semantic] = [:]
}
