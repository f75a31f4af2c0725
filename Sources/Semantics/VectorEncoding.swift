import X86

/// The encodings a vector instruction allows beyond what Capstone 4 checks: its legacy
/// mandatory prefix, and the VEX.L, VEX.vvvv and VEX.W values that do not raise #UD.
struct VectorEncoding: Sendable {
    /// A legacy SSE opcode's mandatory prefix.
    enum Prefix: Sendable {
        case none, operandSize, repe, repne

        /// The prefix the CPU takes as mandatory: the last F2 or F3, else 66 (measured: `F3 66 0F
        /// 6F` is MOVDQU and `F2 66 0F FE` raises #UD, where Capstone 4 lets the later 66 win).
        init(_ prefixes: Prefixes) {
            self = prefixes.rep ? .repe : prefixes.repne ? .repne : prefixes.operandSizeOverride ? .operandSize : .none
        }
    }

    /// VEX.L values the instruction allows (Intel SDM Vol. 2, each opcode's `VEX.128`/`VEX.256`/`LIG`).
    enum Length: Sendable {
        case any, only128, only256
    }

    var prefix: Prefix = .operandSize
    var length: Length = .any
    /// False where the instruction has no VEX.vvvv operand: then vvvv must be 1111b (Intel SDM
    /// Vol. 2A, 2.3.6).
    var usesVVVV = true
    /// VEX.W1 raises #UD. Measured on Zen 4 for the AVX/AVX2 instructions the manuals specify
    /// as W0 (VPBROADCAST*, VPBLENDVB, VPBLENDD, VPSRAVD, VPERMD, VPERM2I128, VINSERTI128,
    /// VEXTRACTI128); the SSE-derived ones are WIG.
    var requiresW0 = false

    static let standard = VectorEncoding()

    /// 0F-map opcodes of this model's instructions that mean something else with an F2 or F3
    /// mandatory prefix (MOVSS/MOVSD, MOVSLDUP/MOVDDUP, MOVSHDUP, AMD's MOVNTSS/MOVNTSD, MOVDQU,
    /// PSHUFHW/PSHUFLW, MOVQ, MOVQ2DQ/MOVDQ2Q); with the others, F2 and F3 make an undefined
    /// opcode (Intel SDM Vol. 2, Appendix A, Table A-3; AMD APM Vol. 3, Appendix A).
    static let repeatPrefixForms: Set<UInt8> = [0x10, 0x11, 0x12, 0x16, 0x2B, 0x6F, 0x70, 0x7E, 0x7F, 0xD6]
}

extension ExecutionContext {
    /// #UD for a VEX.L, VEX.vvvv or VEX.W the instruction does not allow, and for a legacy
    /// mandatory prefix that makes an undefined opcode; a prefix that makes a different instruction
    /// than Capstone decoded is not modelled.
    func checkEncoding(_ encoding: VectorEncoding) throws(Fault) {
        if let vex = prefixes.vex {
            switch encoding.length {
            case .any: break
            case .only128: if vex.l != 0 { throw .invalidOpcode }
            case .only256: if vex.l != 1 { throw .invalidOpcode }
            }
            if !encoding.usesVVVV && vex.vvvv != 0 { throw .invalidOpcode }
            if encoding.requiresW0 && vex.w { throw .invalidOpcode }
            return
        }
        let effective = VectorEncoding.Prefix(prefixes)
        guard effective != encoding.prefix else { return }
        let repeatPrefix = effective == .repe || effective == .repne
        if repeatPrefix && !(instruction.map == .map0F && VectorEncoding.repeatPrefixForms.contains(instruction.opcode)) {
            throw .invalidOpcode
        }
        throw .notModelled("\(instruction.text) with a different mandatory prefix")
    }
}
