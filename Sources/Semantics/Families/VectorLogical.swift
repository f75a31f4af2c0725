import X86

/// SSE/AVX bitwise operations: PAND PANDN POR PXOR, ANDPS ANDNPS ORPS XORPS and their PD forms
/// (the PS forms have no mandatory prefix). ANDN inverts the first source.
enum VectorLogical: SemanticFamily {
    static let semantics: [String: Semantic] = VectorSemantics.withVEXNames([
        "pand": logic(.operandSize) { a, b in a & b },
        "pandn": logic(.operandSize) { a, b in ~a & b },
        "por": logic(.operandSize) { a, b in a | b },
        "pxor": logic(.operandSize) { a, b in a ^ b },
        "andpd": logic(.operandSize) { a, b in a & b },
        "andnpd": logic(.operandSize) { a, b in ~a & b },
        "orpd": logic(.operandSize) { a, b in a | b },
        "xorpd": logic(.operandSize) { a, b in a ^ b },
        "andps": logic(.none) { a, b in a & b },
        "andnps": logic(.none) { a, b in ~a & b },
        "orps": logic(.none) { a, b in a | b },
        "xorps": logic(.none) { a, b in a ^ b },
    ])

    static func accepts(_ instruction: Instruction) -> Bool { VectorSemantics.accepts(instruction) }

    private static func logic(_ prefix: VectorEncoding.Prefix, _ operation: @escaping @Sendable (Vec256, Vec256) -> Vec256) -> Semantic {
        VectorSemantics.binary(VectorEncoding(prefix: prefix)) { a, b, bytes in operation(a, b).keeping(bytes: bytes) }
    }
}
