import X86

/// SSE/AVX shifts: PSLL PSRL PSRA by immediate and by register, PSLLDQ PSRLDQ, and AVX2 VPSLLV VPSRLV VPSRAV.
enum VectorShift: SemanticFamily {
    static let semantics: [String: Semantic] = [:]
}
