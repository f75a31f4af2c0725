import X86

/// AVX2 permutes and broadcasts: VPERMD VPERMQ VPERM2I128 VINSERTI128 VEXTRACTI128 VPBROADCASTB/W/D/Q
/// (Intel SDM Vol. 2C). All but VPERMQ must have VEX.W0 (#UD otherwise, measured).
enum VectorPermute: SemanticFamily {
    static let semantics: [String: Semantic] = [
        "vpermd": VectorSemantics.binary { indices, source, _ in
            var result = Vec256.zero
            for index in 0..<8 { result.setLane(index, .dword, source.lane(Int(indices.lane(index, .dword) & 7), .dword)) }
            return result
        },
        "vpermq": VectorSemantics.unary { source, immediate, _ in
            var result = Vec256.zero
            for index in 0..<4 { result.setLane(index, .qword, source.lane((immediate >> (2 * index)) & 3, .qword)) }
            return result
        },
        "vperm2i128": VectorSemantics.binaryImmediate { a, b, immediate, _ in
            var result = Vec256.zero
            for half in 0..<2 {
                let control = immediate >> (4 * half)
                if control & 8 == 0 { result.setHalf(half, (control & 2 == 0 ? a : b).half(control & 1)) }
            }
            return result
        },
        "vinserti128": insert,
        "vextracti128": extract,
        "vpbroadcastb": broadcast(.byte), "vpbroadcastw": broadcast(.word),
        "vpbroadcastd": broadcast(.dword), "vpbroadcastq": broadcast(.qword),
    ]

    static func accepts(_ instruction: Instruction) -> Bool { VectorSemantics.accepts(instruction) }

    /// `vinserti128 ymm1, ymm2, xmm3/m128, imm8`: ymm2 with the half that immediate bit 0 names
    /// replaced by xmm3/m128.
    private static let insert = Semantic { context throws(Fault) in
        try context.checkEncoding()
        var result = try context.readVector(1, bytes: 32)
        result.setHalf(context.immediate8(3) & 1, try context.readVector(2, bytes: 16))
        try context.writeVector(0, result, bytes: 32)
    }

    /// `vextracti128 xmm1/m128, ymm2, imm8`: the half of ymm2 that immediate bit 0 names.
    private static let extract = Semantic { context throws(Fault) in
        try context.checkEncoding()
        let source = try context.readVector(1, bytes: 32)
        try context.writeVector(0, source.half(context.immediate8(2) & 1), bytes: 16)
    }

    /// `vpbroadcastb xmm1/ymm1, xmm2/m8`: the source's low element in every element.
    private static func broadcast(_ width: Width) -> Semantic {
        VectorSemantics.unary(sourceBytes: { _ in width.bytes }) { source, _, bytes in
            Vec256.broadcast(source.lane(0, width), width, bytes: bytes)
        }
    }
}
