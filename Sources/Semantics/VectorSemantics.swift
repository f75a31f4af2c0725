import X86

/// The shapes most vector instructions share, so that a family entry only says what happens to
/// the data. `bytes` is the operation's length: 16 for legacy SSE and VEX.128, 32 for VEX.256.
enum VectorSemantics {
    /// What a two-source instruction computes.
    typealias Binary = @Sendable (_ first: Vec256, _ second: Vec256, _ bytes: Int) -> Vec256
    /// What a two-source instruction with an 8-bit immediate computes.
    typealias BinaryImmediate = @Sendable (_ first: Vec256, _ second: Vec256, _ immediate: Int, _ bytes: Int) -> Vec256

    /// The forms vector families cover: legacy or VEX encodings with an XMM0-15/YMM0-15 or MM0-7
    /// operand, the others general-purpose registers, memory or immediates. Other register files, EVEX,
    /// and the string MOVSD that shares a mnemonic, are not theirs.
    static func accepts(_ instruction: Instruction) -> Bool {
        var namesVectorRegister = false
        for case .register(let register) in instruction.operands {
            switch register.kind {
            case .vector(let number):
                guard number < 16, register.size == 16 || register.size == 32 else { return false }
                namesVectorRegister = true
            case .mmx: namesVectorRegister = true
            case .gpr: guard register.size == 4 || register.size == 8 else { return false }
            default: return false
            }
        }
        return namesVectorRegister && !instruction.prefixes.evex
    }

    /// A family table in which each SSE mnemonic also names its VEX form (`paddd`, `vpaddd`).
    static func withVEXNames(_ table: [String: Semantic]) -> [String: Semantic] {
        var result = table
        for (name, semantic) in table { result["v" + name] = semantic }
        return result
    }

    /// `op xmm1, xmm2/m128` and `vop xmm1, xmm2, xmm3/m128` (or ymm, or `op mm1, mm2/m64`): the
    /// destination gets `operation(first, second)`. `secondBytes` gives the size of a memory second
    /// source for an operation of `bytes` (all of them unless given).
    static func binary(secondBytes: @escaping @Sendable (Int) -> Int = { $0 }, _ operation: @escaping Binary) -> Semantic {
        twoSources(hasImmediate: false, secondBytes: secondBytes) { a, b, _, bytes in operation(a, b, bytes) }
    }

    /// `binary` with an 8-bit immediate as the last operand.
    static func binaryImmediate(_ operation: @escaping BinaryImmediate) -> Semantic {
        twoSources(hasImmediate: true, operation)
    }

    private static func twoSources(hasImmediate: Bool, secondBytes: @escaping @Sendable (Int) -> Int = { $0 },
                                   _ operation: @escaping BinaryImmediate) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let bytes = context.vectorLength
            let (first, second) = context.sourceOperands
            let a = try context.readVector(first, bytes: bytes)
            let b = try context.readVector(second, bytes: secondBytes(bytes))
            let immediate = hasImmediate ? context.immediate8(context.operands.count - 1) : 0
            try context.writeVector(0, operation(a, b, immediate, bytes), bytes: bytes)
        }
    }

    /// `op xmm1, xmm2/m, imm8` (legacy and VEX alike, VEX.vvvv unused): the destination gets
    /// `operation(source, immediate)`; `sourceBytes` gives the source's size for an operation of
    /// `bytes` (a whole register unless given).
    static func unary(alignment: VectorAlignment = .sse,
                      sourceBytes: @escaping @Sendable (Int) -> Int = { $0 },
                      _ operation: @escaping @Sendable (_ source: Vec256, _ immediate: Int, _ bytes: Int) -> Vec256) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let bytes = context.vectorLength
            let source = try context.readVector(1, bytes: sourceBytes(bytes), alignment: alignment)
            let immediate = context.operands.count > 2 ? context.immediate8(2) : 0
            try context.writeVector(0, operation(source, immediate, bytes), bytes: bytes, alignment: alignment)
        }
    }

    /// `operation` on each element of `width` of two registers, as a `Binary`.
    static func lanes(_ width: Width, _ operation: @escaping @Sendable (UInt64, UInt64, Width) -> UInt64) -> Binary {
        { a, b, bytes in Vec256.lanewise(a, b, width, bytes: bytes) { operation($0, $1, width) } }
    }

    /// `operation` on each 128-bit half of the operation's length: the in-lane shuffles, unpacks
    /// and packs work on each half of a YMM register separately.
    static func halves(_ a: Vec256, _ b: Vec256, bytes: Int, _ operation: (Vec256, Vec256) -> Vec256) -> Vec256 {
        var result = operation(a.half(0), b.half(0))
        if bytes == 32 { result.setHalf(1, operation(a.half(1), b.half(1))) }
        return result
    }
}
