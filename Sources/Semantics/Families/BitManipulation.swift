import X86

/// BMI1, BMI2 and ADX: ANDN BEXTR BLSI BLSMSK BLSR BZHI PDEP PEXT RORX SARX SHLX SHRX MULX ADCX ADOX
/// (Intel SDM Vol. 2A-2C). Capstone gives VEX register operands as ordinary GPR operands, in
/// Intel order; VEX.W picks 32 or 64 bits.
enum BitManipulation: SemanticFamily {
    static let semantics: [String: Semantic] = [
        "andn": flagged(sources: (1, 2), defines: RFlags.sf | RFlags.zf) { first, second, _ in (~first & second, 0) },
        "bextr": flagged(sources: (1, 2), defines: RFlags.zf, undefined: RFlags.sf | RFlags.af | RFlags.pf,
                         question: .bitFieldExtract) { value, control, _ in
            (bitFieldExtract(value, control), 0)
        },
        "bzhi": flagged(sources: (1, 2), defines: RFlags.sf | RFlags.zf) { value, index, width in
            let start = index & 0xFF
            return start < UInt64(width.bits) ? (value & ((1 << start) - 1), 0) : (value, RFlags.cf)
        },
        "blsi": flagged(sources: (1, 1), defines: RFlags.sf | RFlags.zf) { value, _, _ in
            (value & (0 &- value), value != 0 ? RFlags.cf : 0)
        },
        "blsmsk": flagged(sources: (1, 1), defines: RFlags.sf) { value, _, _ in
            (value ^ (value &- 1), value == 0 ? RFlags.cf : 0)
        },
        "blsr": flagged(sources: (1, 1), defines: RFlags.sf | RFlags.zf) { value, _, _ in
            (value & (value &- 1), value == 0 ? RFlags.cf : 0)
        },
        "pdep": flagless { source, mask, _ in depositOrExtract(source, mask, deposit: true) },
        "pext": flagless { source, mask, _ in depositOrExtract(source, mask, deposit: false) },
        "rorx": flagless(hasVEXRegister: false) { value, count, width in
            ShiftRotate.rotated(value, by: Int(count & 0x3F), left: false, width).result
        },
        "sarx": flagless { value, count, width in shiftX(value, count, .arithmeticRight, width) },
        "shlx": flagless { value, count, width in shiftX(value, count, .left, width) },
        "shrx": flagless { value, count, width in shiftX(value, count, .logicalRight, width) },
        "mulx": Semantic { context throws(Fault) in
            try checkVEX(context.prefixes.vex, hasVEXRegister: true)
            let width = context.width(0)
            let (high, low) = BinaryArithmetic.product(context.readGPR(.rdx, width), try context.read(2), width, signed: false)
            try context.write(1, low)
            try context.write(0, high)
        },
        "adcx": addWithCarry(flag: RFlags.cf),
        "adox": addWithCarry(flag: RFlags.of),
    ]

    /// VEX.L must be 0, and RORX, which has no VEX register operand, needs VEX.vvvv = 1111b
    /// (Intel SDM Vol. 2A, 2.5.1, exceptions class 13: #UD otherwise).
    private static func checkVEX(_ vex: VEX?, hasVEXRegister: Bool) throws(Fault) {
        guard let vex else { return }
        if vex.l != 0 || (!hasVEXRegister && vex.vvvv != 0) { throw .invalidOpcode }
    }

    /// `destination = operation(operand 1, operand 2, width)`, no flag changed.
    private static func flagless(hasVEXRegister: Bool = true, _ operation: @escaping @Sendable (UInt64, UInt64, Width) -> UInt64)
        -> Semantic {
        Semantic { context throws(Fault) in
            try checkVEX(context.prefixes.vex, hasVEXRegister: hasVEXRegister)
            let width = context.width(0)
            try context.write(0, width.truncate(operation(try context.read(1), try context.read(2), width)))
        }
    }

    /// A BMI1/BZHI result with its flags: `defines` (of SF ZF) come from the result, CF from
    /// `operation`, `undefined` (AF and PF for all, SF too for BEXTR) are undefined, the rest cleared.
    /// What the CPU writes into them is the profile's answer to `question`.
    private static func flagged(sources: (Int, Int), defines: UInt64, undefined: UInt64 = RFlags.af | RFlags.pf,
                                question: UndefinedFlagsQuestion = .bitManipulation, _ operation: @escaping @Sendable (UInt64, UInt64, Width) -> (result: UInt64, carry: UInt64))
        -> Semantic {
        Semantic { context throws(Fault) in
            try checkVEX(context.prefixes.vex, hasVEXRegister: true)
            let width = context.width(0)
            let first = try context.read(sources.0)
            let second = sources.1 == sources.0 ? first : try context.read(sources.1)
            let (untruncated, carry) = operation(first, second, width)
            let result = width.truncate(untruncated)
            try context.write(0, result)
            context.setFlags(RFlags.status, to: (FlagMath.zeroSignParity(result, width) & defines) | carry)
            context.leaveUndefined(undefined, answering: question, paritySource: result)
        }
    }

    /// BEXTR: `length` (bits 15:8 of the control) bits of `value` from bit `start` (bits 7:0),
    /// zero-filled past the top of the source.
    static func bitFieldExtract(_ value: UInt64, _ control: UInt64) -> UInt64 {
        let start = control & 0xFF, length = (control >> 8) & 0xFF
        return (value >> start) & (length >= 64 ? .max : (1 << length) - 1)
    }

    /// PDEP (`deposit`): the low bits of `source`, in order, to the set bits of `mask`. PEXT: the
    /// bits of `source` at the set bits of `mask`, packed into the low bits.
    static func depositOrExtract(_ source: UInt64, _ mask: UInt64, deposit: Bool) -> UInt64 {
        var result: UInt64 = 0, remaining = mask, packed: UInt64 = 1
        while remaining != 0 {
            let maskBit = remaining & (0 &- remaining)
            if source & (deposit ? packed : maskBit) != 0 { result |= deposit ? maskBit : packed }
            remaining &= remaining - 1
            packed <<= 1
        }
        return result
    }

    /// SARX/SHLX/SHRX: a shift by the count masked to 5 bits (6 for 64-bit operands).
    private static func shiftX(_ value: UInt64, _ count: UInt64, _ kind: ShiftRotate.ShiftKind, _ width: Width) -> UInt64 {
        let masked = Int(count & (width.bytes == 8 ? 0x3F : 0x1F))
        return masked == 0 ? value : ShiftRotate.shifted(value, by: masked, kind, width).result
    }

    /// ADCX/ADOX: an unsigned add with carry in and out through CF or OF alone. The mandatory
    /// prefix is the last F2/F3 if there is one, else 66; Capstone 4 calls F2 66 0F 38 F6 `adcx`,
    /// but the CPU raises #UD (measured).
    private static func addWithCarry(flag: UInt64) -> Semantic {
        Semantic { context throws(Fault) in
            if context.prefixes.repne { throw .invalidOpcode }
            let width = context.width(0)
            let (result, flags) = FlagMath.add(try context.read(0), try context.read(1), carry: context.flag(flag), width)
            try context.write(0, result)
            context.setFlags(flag, to: flags & RFlags.cf != 0 ? flag : 0)
        }
    }
}
