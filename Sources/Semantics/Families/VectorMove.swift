import X86

/// SSE/AVX moves: MOVD MOVQ MOVDQA MOVDQU MOVAPS MOVUPS MOVAPD MOVUPD MOVNTDQ MOVNTDQA MOVNTPS
/// MOVNTPD MOVSS MOVSD MOVHPS MOVLPS MOVHPD MOVLPD MOVHLPS MOVLHPS MOVMSKPS MOVMSKPD PMOVMSKB
/// MOVDDUP MOVSLDUP MOVSHDUP LDDQU (Intel SDM Vol. 2), and on MM registers MOVD MOVQ MOVNTQ
/// PMOVMSKB MOVQ2DQ MOVDQ2Q.
enum VectorMove: SemanticFamily {
    static let semantics: [String: Semantic] = VectorSemantics.withVEXNames([
        "movdqa": whole(.explicit), "movdqu": whole(.none),
        "movaps": whole(.explicit), "movups": whole(.none),
        "movapd": whole(.explicit), "movupd": whole(.none),
        "movntdq": whole(.explicit), "movntdqa": whole(.explicit),
        "movntps": whole(.explicit), "movntpd": whole(.explicit),
        "movd": scalarInteger(.dword), "movq": scalarInteger(.qword),
        "movss": scalar(.dword), "movsd": scalar(.qword),
        "movhps": halfMove(high: true), "movlps": halfMove(high: false),
        "movhpd": halfMove(high: true), "movlpd": halfMove(high: false),
        "movhlps": registerHalves(high: true), "movlhps": registerHalves(high: false),
        "movmskps": signMask(.dword), "movmskpd": signMask(.qword),
        "pmovmskb": signMask(.byte),
        "movddup": duplicate(.qword, odd: false), "movsldup": duplicate(.dword, odd: false),
        "movshdup": duplicate(.dword, odd: true),
        "lddqu": Semantic { context throws(Fault) in
            // LDDQU has a memory source only; mod = 3 is #UD (Intel SDM Vol. 2A, LDDQU; measured),
            // which Capstone 4 does not decode but another decoder may.
            guard isMemory(context.operands[1]) else { throw .invalidOpcode }
            try whole(.none).body(&context)
        },
    ]).merging(["movntq": scalarInteger(.qword), "movq2dq": lowQuadword, "movdq2q": lowQuadword]) { first, _ in first }

    static func accepts(_ instruction: Instruction) -> Bool { VectorSemantics.accepts(instruction) }

    /// A whole register to or from a register or memory (MOVDQA ... MOVNTDQA), with the
    /// instruction's alignment rule.
    private static func whole(_ alignment: VectorAlignment) -> Semantic {
        VectorSemantics.unary(alignment: alignment) { source, _, _ in source }
    }

    /// MOVDDUP (each even quadword copied to the odd one above it; the source is m64 at 128 bits),
    /// MOVSLDUP (even doublewords) and MOVSHDUP (odd doublewords): within each element pair the
    /// chosen element fills both. MOVDDUP's m64 needs no alignment; the others follow the SSE rule.
    private static func duplicate(_ width: Width, odd: Bool) -> Semantic {
        let quadwords = width == .qword
        return VectorSemantics.unary(alignment: quadwords ? .none : .sse,
                                     sourceBytes: { bytes in quadwords && bytes == 16 ? 8 : bytes }) { source, _, bytes in
            var result = Vec256.zero
            for pair in 0..<bytes / (2 * width.bytes) {
                let element = source.lane(2 * pair + (odd ? 1 : 0), width)
                result.setLane(2 * pair, width, element)
                result.setLane(2 * pair + 1, width, element)
            }
            return result
        }
    }

    /// MOVD/MOVQ: a GPR or memory element into the low element of an XMM register (the rest of
    /// bits 127:0 cleared) or an MM register (zero-extended), the low element out to a GPR or
    /// memory (MOVNTQ too), or the low quadword between XMM registers (`movq xmm1, xmm2/m64`, F3
    /// 0F 7E; `movq xmm2/m64, xmm1`, 66 0F D6) or MM registers (`movq mm1, mm2/m64`). 128 bits only.
    /// REX.W makes it a quadword move (Capstone 4 calls `REX.W 0F 6E` and `REX.W 0F 7E` on MM `movd`).
    private static func scalarInteger(_ width: Width) -> Semantic {
        Semantic { context throws(Fault) in
            let width = context.prefixes.rexW ? Width.qword : width
            let intoVector = context.vectorRegister(0) != nil || context.mmxRegister(0) != nil
            try context.checkEncoding()
            guard intoVector else {
                try context.write(0, try context.readVector(1, bytes: 16).lane(0, width))
                return
            }
            let value = context.vectorRegister(1) != nil || context.mmxRegister(1) != nil || isMemory(context.operands[1])
                ? try context.readVector(1, bytes: width.bytes).lane(0, width)
                : try context.read(1)
            try context.writeVector(0, Vec256(value), bytes: 16)
        }
    }

    /// MOVQ2DQ (`xmm, mm`: the rest of bits 127:0 cleared) and MOVDQ2Q (`mm, xmm`): the low
    /// quadword from one register file to the other (Intel SDM Vol. 2B).
    private static let lowQuadword = VectorSemantics.unary { source, _, _ in Vec256(source.q0) }

    /// MOVSS/MOVSD: a load clears the rest of bits 127:0; a register move merges the low element
    /// into the destination (legacy) or into the first source (VEX `vmovss xmm1, xmm2, xmm3`); a
    /// store writes the element. VEX.L is ignored.
    private static func scalar(_ width: Width) -> Semantic {
        Semantic { context throws(Fault) in
            let merges = context.operands.count == 3
            try context.checkEncoding()
            if isMemory(context.operands[0]) {
                try context.write(0, try context.readVector(1, bytes: 16).lane(0, width))
                return
            }
            var result: Vec256
            if isMemory(context.operands[1]) {
                result = Vec256(try context.readVector(1, bytes: width.bytes).lane(0, width))
            } else {
                result = try context.readVector(merges ? 1 : 0, bytes: 16)
                result.setLane(0, width, try context.readVector(merges ? 2 : 1, bytes: 16).lane(0, width))
            }
            try context.writeVector(0, result, bytes: 16)
        }
    }

    /// MOVHPS/MOVLPS/MOVHPD/MOVLPD: a quadword of memory into the high (or low) half of bits
    /// 127:0, the other half kept (legacy) or taken from the first source (VEX `vmovhps xmm1,
    /// xmm2, m64`); or that half stored. 128 bits only.
    private static func halfMove(high: Bool) -> Semantic {
        let half = high ? 1 : 0
        return Semantic { context throws(Fault) in
            let store = isMemory(context.operands[0])
            try context.checkEncoding()
            if store {
                try context.write(0, try context.readVector(1, bytes: 16).lane(half, .qword))
                return
            }
            let (first, second) = context.sourceOperands
            var result = try context.readVector(first, bytes: 16)
            result.setLane(half, .qword, try context.readVector(second, bytes: 8).q0)
            try context.writeVector(0, result, bytes: 16)
        }
    }

    /// MOVHLPS (`high`): the second source's high quadword into the low one; MOVLHPS: its low
    /// quadword into the high one. The other quadword comes from the destination (legacy) or the
    /// first source (VEX). 128 bits only.
    private static func registerHalves(high: Bool) -> Semantic {
        VectorSemantics.binary { a, b, _ in
            high ? Vec256(b.q1, a.q1) : Vec256(a.q0, b.q0)
        }
    }

    /// MOVMSKPS/MOVMSKPD/PMOVMSKB: the sign bit of each element of `width`, into a GPR
    /// (zero-extended).
    private static func signMask(_ width: Width) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let bytes = context.vectorLength
            let source = try context.readVector(1, bytes: bytes)
            var mask: UInt64 = 0
            for index in 0..<bytes / width.bytes where width.isNegative(source.lane(index, width)) { mask |= 1 << UInt64(index) }
            try context.write(0, mask)
        }
    }

    private static func isMemory(_ operand: Operand) -> Bool {
        if case .memory = operand { return true }
        return false
    }
}
