import X86

/// SSE/AVX shuffles, unpacks, packs and blends: PSHUFB PSHUFD PSHUFHW PSHUFLW PALIGNR PUNPCK* UNPCKLPS
/// UNPCKHPS UNPCKLPD UNPCKHPD (the same interleaves as PUNPCKLDQ ... PUNPCKHQDQ)
/// PACKSS* PACKUS* SHUFPS SHUFPD PBLENDW BLENDPS BLENDPD VPBLENDD and the variable blends PBLENDVB
/// BLENDVPS BLENDVPD, and PSHUFW on MM registers. Except for the blends, YMM forms work on each
/// 128-bit half on its own; MM forms on their 8 bytes as an XMM form on its 16.
enum VectorShuffle: SemanticFamily {
    static let semantics: [String: Semantic] = VectorSemantics.withVEXNames([
        "pshufb": VectorSemantics.binary { a, b, bytes in
            VectorSemantics.halves(a, b, bytes: bytes) { table, indices in shuffleBytes(table, indices, count: min(bytes, 16)) }
        },
        "pshufd": shuffleWithin(.dword, first: 0, count: 4),
        "pshufhw": shuffleWithin(.word, first: 4, count: 4),
        "pshuflw": shuffleWithin(.word, first: 0, count: 4),
        "palignr": VectorSemantics.binaryImmediate { a, b, immediate, bytes in
            VectorSemantics.halves(a, b, bytes: bytes) { high, low in alignRight(high: high, low: low, by: immediate, count: min(bytes, 16)) }
        },
        "punpcklbw": unpack(.byte, high: false), "punpcklwd": unpack(.word, high: false),
        "punpckldq": unpack(.dword, high: false), "punpcklqdq": unpack(.qword, high: false),
        "punpckhbw": unpack(.byte, high: true), "punpckhwd": unpack(.word, high: true),
        "punpckhdq": unpack(.dword, high: true), "punpckhqdq": unpack(.qword, high: true),
        "unpcklps": unpack(.dword, high: false), "unpckhps": unpack(.dword, high: true),
        "unpcklpd": unpack(.qword, high: false), "unpckhpd": unpack(.qword, high: true),
        "packsswb": pack(.word, signedResult: true), "packssdw": pack(.dword, signedResult: true),
        "packuswb": pack(.word, signedResult: false), "packusdw": pack(.dword, signedResult: false),
        "shufps": VectorSemantics.binaryImmediate { a, b, immediate, bytes in
            VectorSemantics.halves(a, b, bytes: bytes) { first, second in
                var result = Vec256.zero
                for index in 0..<4 {
                    let source = index < 2 ? first : second
                    result.setLane(index, .dword, source.lane((immediate >> (2 * index)) & 3, .dword))
                }
                return result
            }
        },
        "shufpd": VectorSemantics.binaryImmediate { a, b, immediate, bytes in
            var result = Vec256.zero
            for index in 0..<bytes / 8 {
                let source = index % 2 == 0 ? a : b
                result.setLane(index, .qword, source.lane((index & ~1) | ((immediate >> index) & 1), .qword))
            }
            return result
        },
        "pblendw": VectorSemantics.binaryImmediate { a, b, immediate, bytes in
            blend(a, b, .word, bytes: bytes) { index in (immediate >> (index % 8)) & 1 != 0 }
        },
        "blendps": blendImmediate(.dword), "blendpd": blendImmediate(.qword),
        "pblendvb": blendVariable(.byte), "blendvps": blendVariable(.dword), "blendvpd": blendVariable(.qword),
    ]).merging(["vpblendd": blendImmediate(.dword), "pshufw": shuffleWithin(.word, first: 0, count: 4)]) { first, _ in first }

    static func accepts(_ instruction: Instruction) -> Bool { VectorSemantics.accepts(instruction) }

    /// PSHUFB on one half of `count` bytes (16, or 8 on MM registers): each byte of `indices`
    /// picks a byte of `table` by its low bits, or zero when its top bit is set.
    private static func shuffleBytes(_ table: Vec256, _ indices: Vec256, count: Int) -> Vec256 {
        var result = Vec256.zero
        for index in 0..<count {
            let selector = Int(indices.lane(index, .byte))
            if selector & 0x80 == 0 { result.setLane(index, .byte, table.lane(selector & (count - 1), .byte)) }
        }
        return result
    }

    /// PSHUFD/PSHUFHW/PSHUFLW: in each half, elements `first..<first + count` of `width` each take
    /// the element of that group that two bits of the immediate name; the rest are copied.
    private static func shuffleWithin(_ width: Width, first: Int, count: Int) -> Semantic {
        VectorSemantics.unary { source, immediate, bytes in
            VectorSemantics.halves(source, source, bytes: bytes) { half, _ in
                var result = half
                for index in 0..<count {
                    result.setLane(first + index, width, half.lane(first + ((immediate >> (2 * index)) & 3), width))
                }
                return result
            }
        }
    }

    /// PALIGNR on one half of `count` bytes (16, or 8 on MM registers): the 2 * `count` bytes
    /// `high:low` shifted right by `shift` bytes, the low `count` kept.
    private static func alignRight(high: Vec256, low: Vec256, by shift: Int, count: Int) -> Vec256 {
        var result = Vec256.zero
        for index in 0..<count {
            let from = index + shift
            if from < count {
                result.setLane(index, .byte, low.lane(from, .byte))
            } else if from < 2 * count {
                result.setLane(index, .byte, high.lane(from - count, .byte))
            }
        }
        return result
    }

    /// PUNPCKL*/PUNPCKH*: in each half, the low (or high) elements of both sources interleaved,
    /// the first source's element first. The MM forms of the low ones read only 4 bytes of memory
    /// (`punpcklbw mm, mm/m32`, Intel SDM Vol. 2B).
    private static func unpack(_ width: Width, high: Bool) -> Semantic {
        let interleave: VectorSemantics.Binary = { a, b, bytes in
            VectorSemantics.halves(a, b, bytes: bytes) { first, second in
                let count = min(bytes, 16) / 2 / width.bytes
                let offset = high ? count : 0
                var result = Vec256.zero
                for index in 0..<count {
                    result.setLane(2 * index, width, first.lane(offset + index, width))
                    result.setLane(2 * index + 1, width, second.lane(offset + index, width))
                }
                return result
            }
        }
        guard !high else { return VectorSemantics.binary(interleave) }
        return VectorSemantics.binary(secondBytes: { bytes in bytes == 8 ? 4 : bytes }, interleave)
    }

    /// PACKSS*/PACKUS*: in each half, the signed elements of `width` of the first source then of
    /// the second, narrowed to half the width with signed or unsigned saturation.
    private static func pack(_ width: Width, signedResult: Bool) -> Semantic {
        let narrow = Width(bytes: width.bytes / 2)
        return VectorSemantics.binary { a, b, bytes in
            VectorSemantics.halves(a, b, bytes: bytes) { first, second in
                let count = min(bytes, 16) / width.bytes
                var result = Vec256.zero
                for index in 0..<2 * count {
                    let value = LaneMath.signed((index < count ? first : second).lane(index % count, width), width)
                    result.setLane(index, narrow, signedResult ? LaneMath.saturateSigned(value, narrow) : LaneMath.saturateUnsigned(value, narrow))
                }
                return result
            }
        }
    }

    /// Elements of `width` from the second source where `fromSecond` says so, else from the first.
    private static func blend(_ a: Vec256, _ b: Vec256, _ width: Width, bytes: Int, _ fromSecond: (Int) -> Bool) -> Vec256 {
        var result = Vec256.zero
        for index in 0..<bytes / width.bytes { result.setLane(index, width, (fromSecond(index) ? b : a).lane(index, width)) }
        return result
    }

    /// BLENDPS/BLENDPD/VPBLENDD: immediate bit i picks element i of the second source.
    private static func blendImmediate(_ width: Width) -> Semantic {
        VectorSemantics.binaryImmediate { a, b, immediate, bytes in
            blend(a, b, width, bytes: bytes) { index in (immediate >> index) & 1 != 0 }
        }
    }

    /// PBLENDVB/BLENDVPS/BLENDVPD: the top bit of each mask element picks the second source's
    /// element. The legacy form's mask is XMM0 (implicit); the VEX form names it as a fourth
    /// operand (the immediate's bits 7:4) and must have VEX.W0.
    private static func blendVariable(_ width: Width) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let bytes = context.vectorLength
            let (first, second) = context.sourceOperands
            let a = try context.readVector(first, bytes: bytes)
            let b = try context.readVector(second, bytes: bytes)
            let mask = context.isVEX ? try context.readVector(3, bytes: bytes) : context.vector.ymm[0]
            try context.writeVector(0, blend(a, b, width, bytes: bytes) { index in width.isNegative(mask.lane(index, width)) }, bytes: bytes)
        }
    }
}
