import X86

/// SSE/AVX bitwise operations: PAND PANDN POR PXOR, ANDPS ANDNPS ORPS XORPS and their PD forms.
enum VectorLogical: SemanticFamily {
    static let semantics: [String: Semantic] = [:]
}
