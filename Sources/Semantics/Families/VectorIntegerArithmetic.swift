import X86

/// SSE/AVX integer arithmetic: PADD/PSUB (with saturation) PMULL PMULH PMULHU PMULUDQ PMADDWD PSADBW PAVG PMIN PMAX PABS PSIGN.
enum VectorIntegerArithmetic: SemanticFamily {
    static let semantics: [String: Semantic] = [:]
}
