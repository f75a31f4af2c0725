import X86

/// SSE/AVX insert and extract: PINSR PEXTR (b/w/d/q), PMOVSX PMOVZX.
enum VectorInsertExtract: SemanticFamily {
    static let semantics: [String: Semantic] = [:]
}
