import X86

/// AVX2 permutes and broadcasts: VPERMD VPERMQ VPERM2I128 VINSERTI128 VEXTRACTI128 VPBROADCAST*.
enum VectorPermute: SemanticFamily {
    static let semantics: [String: Semantic] = [:]
}
