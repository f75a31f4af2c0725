import X86

/// SSE/AVX integer compares: PCMPEQ PCMPGT (every element width; all ones where true) and PTEST.
enum VectorCompare: SemanticFamily {
    static let semantics: [String: Semantic] = VectorSemantics.withVEXNames([
        "pcmpeqb": equal(.byte), "pcmpeqw": equal(.word), "pcmpeqd": equal(.dword), "pcmpeqq": equal(.qword),
        "pcmpgtb": greater(.byte), "pcmpgtw": greater(.word), "pcmpgtd": greater(.dword), "pcmpgtq": greater(.qword),
        "ptest": ptest,
    ])

    static func accepts(_ instruction: Instruction) -> Bool { VectorSemantics.accepts(instruction) }

    private static func equal(_ width: Width) -> Semantic {
        VectorSemantics.binary(VectorSemantics.lanes(width) { a, b, width in a == b ? width.mask : 0 })
    }

    /// Signed greater-than.
    private static func greater(_ width: Width) -> Semantic {
        VectorSemantics.binary(VectorSemantics.lanes(width) { a, b, width in
            LaneMath.signed(a, width) > LaneMath.signed(b, width) ? width.mask : 0
        })
    }

    /// PTEST: ZF when first AND second is zero, CF when (NOT first) AND second is zero; AF, OF,
    /// PF and SF cleared.
    private static let ptest = Semantic { context throws(Fault) in
        try context.checkEncoding()
        let bytes = context.vectorLength
        let first = try context.readVector(0, bytes: bytes)
        let second = try context.readVector(1, bytes: bytes)
        let zero = (first & second).keeping(bytes: bytes).isZero ? RFlags.zf : 0
        let carry = (~first & second).keeping(bytes: bytes).isZero ? RFlags.cf : 0
        context.setFlags(RFlags.status, to: zero | carry)
    }
}
