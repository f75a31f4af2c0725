import X86

/// SSE/AVX integer arithmetic: PADD/PSUB (with saturation) PMULL PMULH PMULHU PMULUDQ PMULDQ
/// PMULHRSW PMADDWD PMADDUBSW PSADBW MPSADBW PAVG PMIN PMAX PHMINPOSUW PABS PSIGN PHADD PHSUB
/// (Intel SDM Vol. 2).
enum VectorIntegerArithmetic: SemanticFamily {
    static let semantics: [String: Semantic] = VectorSemantics.withVEXNames([
        "paddb": wrapping(.byte) { $0 &+ $1 }, "paddw": wrapping(.word) { $0 &+ $1 },
        "paddd": wrapping(.dword) { $0 &+ $1 }, "paddq": wrapping(.qword) { $0 &+ $1 },
        "psubb": wrapping(.byte) { $0 &- $1 }, "psubw": wrapping(.word) { $0 &- $1 },
        "psubd": wrapping(.dword) { $0 &- $1 }, "psubq": wrapping(.qword) { $0 &- $1 },
        "paddsb": signed(.byte) { $0 + $1 }, "paddsw": signed(.word) { $0 + $1 },
        "psubsb": signed(.byte) { $0 - $1 }, "psubsw": signed(.word) { $0 - $1 },
        "paddusb": unsigned(.byte) { $0 + $1 }, "paddusw": unsigned(.word) { $0 + $1 },
        "psubusb": unsigned(.byte) { $0 - $1 }, "psubusw": unsigned(.word) { $0 - $1 },
        "pmullw": lanes(.word) { a, b, _ in a &* b },
        "pmulld": lanes(.dword) { a, b, _ in a &* b },
        "pmulhw": lanes(.word) { a, b, width in UInt64(bitPattern: LaneMath.signed(a, width) * LaneMath.signed(b, width)) >> 16 },
        "pmulhuw": lanes(.word) { a, b, _ in (a * b) >> 16 },
        "pmulhrsw": lanes(.word) { a, b, width in
            UInt64(bitPattern: (((LaneMath.signed(a, width) * LaneMath.signed(b, width)) >> 14) + 1) >> 1)
        },
        "pmuludq": lanes(.qword) { a, b, _ in (a & 0xFFFF_FFFF) * (b & 0xFFFF_FFFF) },
        "pmuldq": lanes(.qword) { a, b, _ in UInt64(bitPattern: LaneMath.signed(a, .dword) &* LaneMath.signed(b, .dword)) },
        "pmaddwd": lanes(.dword) { a, b, _ in
            let low = LaneMath.signed(a & 0xFFFF, .word) * LaneMath.signed(b & 0xFFFF, .word)
            let high = LaneMath.signed(a >> 16, .word) * LaneMath.signed(b >> 16, .word)
            return UInt64(bitPattern: low &+ high)
        },
        "pmaddubsw": lanes(.word) { a, b, _ in
            let low = Int64(a & 0xFF) * LaneMath.signed(b & 0xFF, .byte)
            let high = Int64(a >> 8) * LaneMath.signed(b >> 8, .byte)
            return LaneMath.saturateSigned(low + high, .word)
        },
        "psadbw": VectorSemantics.binary { a, b, bytes in
            var result = Vec256.zero
            for index in 0..<bytes / 8 {
                var sum: UInt64 = 0
                for byte in 0..<8 { sum += absoluteDifference(a.lane(8 * index + byte, .byte), b.lane(8 * index + byte, .byte)) }
                result.setLane(index, .qword, sum)
            }
            return result
        },
        "mpsadbw": VectorSemantics.binaryImmediate { a, b, immediate, bytes in
            var result = multipleSums(a.half(0), b.half(0), control: immediate)
            if bytes == 32 { result.setHalf(1, multipleSums(a.half(1), b.half(1), control: immediate >> 3)) }
            return result
        },
        "phminposuw": VectorSemantics.unary { source, _, _ in
            var (minimum, position) = (source.lane(0, .word), 0)
            for index in 1..<8 where source.lane(index, .word) < minimum { (minimum, position) = (source.lane(index, .word), index) }
            return Vec256(minimum | UInt64(position) << 16)
        },
        "pavgb": lanes(.byte) { a, b, _ in (a + b + 1) >> 1 }, "pavgw": lanes(.word) { a, b, _ in (a + b + 1) >> 1 },
        "pminsb": signedChoice(.byte) { min($0, $1) }, "pminsw": signedChoice(.word) { min($0, $1) },
        "pminsd": signedChoice(.dword) { min($0, $1) },
        "pmaxsb": signedChoice(.byte) { max($0, $1) }, "pmaxsw": signedChoice(.word) { max($0, $1) },
        "pmaxsd": signedChoice(.dword) { max($0, $1) },
        "pminub": lanes(.byte) { a, b, _ in min(a, b) }, "pminuw": lanes(.word) { a, b, _ in min(a, b) },
        "pminud": lanes(.dword) { a, b, _ in min(a, b) },
        "pmaxub": lanes(.byte) { a, b, _ in max(a, b) }, "pmaxuw": lanes(.word) { a, b, _ in max(a, b) },
        "pmaxud": lanes(.dword) { a, b, _ in max(a, b) },
        "psignb": sign(.byte), "psignw": sign(.word), "psignd": sign(.dword),
        "pabsb": absolute(.byte), "pabsw": absolute(.word), "pabsd": absolute(.dword),
        "phaddw": horizontal(.word) { a, b, _ in a &+ b }, "phaddd": horizontal(.dword) { a, b, _ in a &+ b },
        "phsubw": horizontal(.word) { a, b, _ in a &- b }, "phsubd": horizontal(.dword) { a, b, _ in a &- b },
        "phaddsw": horizontal(.word) { a, b, width in LaneMath.saturateSigned(LaneMath.signed(a, width) + LaneMath.signed(b, width), width) },
        "phsubsw": horizontal(.word) { a, b, width in LaneMath.saturateSigned(LaneMath.signed(a, width) - LaneMath.signed(b, width), width) },
    ])

    static func accepts(_ instruction: Instruction) -> Bool { VectorSemantics.accepts(instruction) }

    private typealias LaneOperation = @Sendable (UInt64, UInt64, Width) -> UInt64

    private static func lanes(_ width: Width, _ operation: @escaping LaneOperation) -> Semantic {
        VectorSemantics.binary(VectorSemantics.lanes(width, operation))
    }

    /// Modular addition or subtraction.
    private static func wrapping(_ width: Width, _ operation: @escaping @Sendable (UInt64, UInt64) -> UInt64) -> Semantic {
        lanes(width) { a, b, _ in operation(a, b) }
    }

    /// Addition or subtraction with signed saturation (PADDS, PSUBS).
    private static func signed(_ width: Width, _ operation: @escaping @Sendable (Int64, Int64) -> Int64) -> Semantic {
        lanes(width) { a, b, width in LaneMath.saturateSigned(operation(LaneMath.signed(a, width), LaneMath.signed(b, width)), width) }
    }

    /// Addition or subtraction with unsigned saturation (PADDUS, PSUBUS).
    private static func unsigned(_ width: Width, _ operation: @escaping @Sendable (Int64, Int64) -> Int64) -> Semantic {
        lanes(width) { a, b, width in LaneMath.saturateUnsigned(operation(Int64(a), Int64(b)), width) }
    }

    /// The signed minimum or maximum.
    private static func signedChoice(_ width: Width, _ choose: @escaping @Sendable (Int64, Int64) -> Int64) -> Semantic {
        lanes(width) { a, b, width in UInt64(bitPattern: choose(LaneMath.signed(a, width), LaneMath.signed(b, width))) }
    }

    /// PSIGN: the first source's element negated, zeroed or kept as the second's is negative,
    /// zero or positive.
    private static func sign(_ width: Width) -> Semantic {
        lanes(width) { a, b, width in
            if b == 0 { return 0 }
            return width.isNegative(b) ? 0 &- a : a
        }
    }

    /// PABS: the absolute value of each element (the most negative one stays as it is).
    private static func absolute(_ width: Width) -> Semantic {
        VectorSemantics.unary { source, _, bytes in
            source.lanewise(width, bytes: bytes) { value in width.isNegative(value) ? 0 &- value : value }
        }
    }

    private static func absoluteDifference(_ a: UInt64, _ b: UInt64) -> UInt64 { a > b ? a - b : b - a }

    /// MPSADBW on one half: word i is the sum of absolute differences between the four bytes of
    /// `second` at dword `control & 3` and the four bytes of `first` from byte i (plus 4 when
    /// control bit 2 is set).
    private static func multipleSums(_ first: Vec256, _ second: Vec256, control: Int) -> Vec256 {
        let firstOffset = ((control >> 2) & 1) * 4, secondOffset = (control & 3) * 4
        var result = Vec256.zero
        for index in 0..<8 {
            var sum: UInt64 = 0
            for byte in 0..<4 {
                sum += absoluteDifference(first.lane(firstOffset + index + byte, .byte), second.lane(secondOffset + byte, .byte))
            }
            result.setLane(index, .word, sum)
        }
        return result
    }

    /// PHADD/PHSUB: within each 128-bit half (or the 8 bytes of an MM register), adjacent pairs of
    /// the first source then of the second, each pair as `operation(lower, upper)`.
    private static func horizontal(_ width: Width, _ operation: @escaping LaneOperation) -> Semantic {
        VectorSemantics.binary { a, b, bytes in
            VectorSemantics.halves(a, b, bytes: bytes) { first, second in
                let pairs = min(bytes, 16) / 2 / width.bytes
                var result = Vec256.zero
                for index in 0..<pairs {
                    result.setLane(index, width, operation(first.lane(2 * index, width), first.lane(2 * index + 1, width), width))
                    result.setLane(pairs + index, width, operation(second.lane(2 * index, width), second.lane(2 * index + 1, width), width))
                }
                return result
            }
        }
    }
}
