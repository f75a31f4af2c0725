import X86

/// SSE/AVX bitwise operations: PAND PANDN POR PXOR, ANDPS ANDNPS ORPS XORPS and their PD forms.
/// ANDN inverts the first source.
enum VectorLogical: SemanticFamily {
    static let semantics: [String: Semantic] = VectorSemantics.withVEXNames([
        "pand": logic { a, b in a & b },
        "pandn": logic { a, b in ~a & b },
        "por": logic { a, b in a | b },
        "pxor": logic { a, b in a ^ b },
        "andpd": logic { a, b in a & b },
        "andnpd": logic { a, b in ~a & b },
        "orpd": logic { a, b in a | b },
        "xorpd": logic { a, b in a ^ b },
        "andps": logic { a, b in a & b },
        "andnps": logic { a, b in ~a & b },
        "orps": logic { a, b in a | b },
        "xorps": logic { a, b in a ^ b },
    ])

    static func accepts(_ instruction: Instruction) -> Bool { VectorSemantics.accepts(instruction) }

    private static func logic(_ operation: @escaping @Sendable (Vec256, Vec256) -> Vec256) -> Semantic {
        VectorSemantics.binary { a, b, bytes in operation(a, b).keeping(bytes: bytes) }
    }
}
