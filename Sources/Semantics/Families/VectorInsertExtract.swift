import X86

/// SSE/AVX insert and extract: PINSR PEXTR (b/w/d/q) and EXTRACTPS between an element and a GPR
/// or memory, INSERTPS, and PMOVSX PMOVZX, which widen the low elements (Intel SDM Vol. 2).
enum VectorInsertExtract: SemanticFamily {
    static let semantics: [String: Semantic] = VectorSemantics.withVEXNames([
        "pinsrb": insert(.byte), "pinsrw": insert(.word), "pinsrd": insert(.dword), "pinsrq": insert(.qword),
        "pextrb": extract(.byte), "pextrw": extract(.word), "pextrd": extract(.dword), "pextrq": extract(.qword),
        "extractps": extract(.dword), "insertps": insertSingle,
        "pmovsxbw": widen(.byte, to: .word, signed: true), "pmovsxbd": widen(.byte, to: .dword, signed: true),
        "pmovsxbq": widen(.byte, to: .qword, signed: true), "pmovsxwd": widen(.word, to: .dword, signed: true),
        "pmovsxwq": widen(.word, to: .qword, signed: true), "pmovsxdq": widen(.dword, to: .qword, signed: true),
        "pmovzxbw": widen(.byte, to: .word, signed: false), "pmovzxbd": widen(.byte, to: .dword, signed: false),
        "pmovzxbq": widen(.byte, to: .qword, signed: false), "pmovzxwd": widen(.word, to: .dword, signed: false),
        "pmovzxwq": widen(.word, to: .qword, signed: false), "pmovzxdq": widen(.dword, to: .qword, signed: false),
    ])

    static func accepts(_ instruction: Instruction) -> Bool { VectorSemantics.accepts(instruction) }

    /// `pinsrb xmm1, r32/m8, imm8` and `vpinsrb xmm1, xmm2, r32/m8, imm8`: the low bits of the
    /// GPR (or the element in memory) replace the element the immediate names. 128 bits, or the
    /// 64 of an MM register (`pinsrw mm, r32/m16, imm8`).
    private static func insert(_ width: Width) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let bytes = min(context.vectorLength, 16)
            let (first, second) = context.sourceOperands
            var result = try context.readVector(first, bytes: bytes)
            let element = try context.read(second)
            let index = context.immediate8(second + 1) % (bytes / width.bytes)
            result.setLane(index, width, element)
            try context.writeVector(0, result, bytes: bytes)
        }
    }

    /// INSERTPS: a doubleword (the one imm8[7:6] names of a register source, or m32) into the
    /// element imm8[5:4] names, then the elements whose bits are set in imm8[3:0] cleared
    /// (Intel SDM Vol. 2A, INSERTPS). 128 bits only.
    private static let insertSingle = Semantic { context throws(Fault) in
        try context.checkEncoding()
        let (first, second) = context.sourceOperands
        let immediate = context.immediate8(second + 1)
        var result = try context.readVector(first, bytes: 16)
        let element = context.vectorRegister(second) != nil
            ? try context.readVector(second, bytes: 16).lane((immediate >> 6) & 3, .dword)
            : try context.readVector(second, bytes: 4).lane(0, .dword)
        result.setLane((immediate >> 4) & 3, .dword, element)
        for index in 0..<4 where immediate >> index & 1 != 0 { result.setLane(index, .dword, 0) }
        try context.writeVector(0, result, bytes: 16)
    }

    /// `pextrb r32/m8, xmm, imm8`: the element the immediate names, zero-extended into the GPR
    /// or stored as one element. 128 bits, or the 64 of an MM register (`pextrw r32, mm, imm8`);
    /// VEX.vvvv unused.
    private static func extract(_ width: Width) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let bytes = min(context.vectorLength, 16)
            let source = try context.readVector(1, bytes: bytes)
            let index = context.immediate8(2) % (bytes / width.bytes)
            try context.write(0, source.lane(index, width))
        }
    }

    /// PMOVSX/PMOVZX: the low elements of `narrow` (as many as fit widened in the destination),
    /// sign- or zero-extended to `wide`. The source is memory of exactly that many bytes.
    private static func widen(_ narrow: Width, to wide: Width, signed: Bool) -> Semantic {
        VectorSemantics.unary(sourceBytes: { bytes in bytes * narrow.bytes / wide.bytes }) { source, _, bytes in
            var result = Vec256.zero
            for index in 0..<bytes / wide.bytes {
                let element = source.lane(index, narrow)
                result.setLane(index, wide, signed ? narrow.signExtend(element) : element)
            }
            return result
        }
    }
}
