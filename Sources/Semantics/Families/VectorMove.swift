import X86

/// SSE/AVX moves: MOVD MOVQ MOVDQA MOVDQU MOVAPS MOVUPS MOVAPD MOVUPD MOVSS MOVSD MOVHPS MOVLPS MOVHLPS MOVLHPS MOVMSKPS/PD PMOVMSKB.
enum VectorMove: SemanticFamily {
    static let semantics: [String: Semantic] = [:]
}
