import X86

/// MOV MOVNTI XLATB MOVZX MOVSX MOVSXD LEA XCHG CMPXCHG XADD CMOVcc SETcc CBW..CQO MOVBE CRC32 LAHF SAHF CLC STC CMC CLD STD NOP
/// (Intel SDM Vol. 2; the exchanges are in `DataTransferExchange.swift`).
enum DataTransfer: SemanticFamily {
    static let semantics: [String: Semantic] = {
        var table: [String: Semantic] = [
            "mov": move, "movabs": move,
            // MOVNTI: a store with a non-temporal hint; the register form is #UD (Intel SDM Vol. 2B;
            // measured), which Capstone 4 does not decode but another decoder may. It has no
            // mandatory prefix (NP 0F C3); with 66, F2 or F3 this platform stores without #AC and
            // writes part of a page-splitting store before its #PF, as KVM's emulator does, so the
            // CPU's own answer for those is not seen here and the model does not guess it.
            "movnti": Semantic { context throws(Fault) in
                guard case .memory = context.operands[0] else { throw .invalidOpcode }
                let prefixes = context.prefixes
                if prefixes.operandSizeOverride || prefixes.rep || prefixes.repne {
                    throw .notModelled("movnti with a 66, F2 or F3 prefix")
                }
                try context.write(0, try context.read(1))
            },
            // XLAT: AL = the byte at rBX + AL (zero-extended), cut to the address size, through DS
            // or an FS/GS override (Intel SDM Vol. 2D, XLAT/XLATB).
            "xlatb": Semantic { context throws(Fault) in
                let addressWidth: Width = context.instruction.addressSize == 32 ? .dword : .qword
                let address = addressWidth.truncate(context.readGPR(.rbx, addressWidth) &+ context.readGPR(.rax, .byte))
                let table = MemoryOperand(segment: nil, base: .rbx, ripRelative: false, index: nil, scale: 1, displacement: 0,
                                          size: 1, access: .read)
                context.writeGPR(.rax, .byte, try context.readMemory(address, width: .byte, segment: context.segment(of: table)))
            },
            "movzx": Semantic { context throws(Fault) in try context.write(0, try context.read(1)) },
            "movsx": Semantic { context throws(Fault) in
                let width = context.width(1)
                try context.write(0, width.signExtend(try context.read(1)))
            },
            "movsxd": Semantic { context throws(Fault) in try moveSignExtendingDword(&context) },
            "lea": Semantic { context throws(Fault) in
                guard case .memory(let operand) = context.operands[1] else { throw .invalidOpcode }
                try context.write(0, context.effectiveAddress(operand))
            },
            "xchg": exchange, "cmpxchg": compareExchange, "cmpxchg8b": compareExchangePair,
            "cmpxchg16b": compareExchangePair, "xadd": exchangeAdd,
            "cbw": extendAccumulator, "cwde": extendAccumulator, "cdqe": extendAccumulator,
            "cwd": extendIntoDX, "cdq": extendIntoDX, "cqo": extendIntoDX,
            "movbe": Semantic { context throws(Fault) in
                // F3 0F 38 F0/F1 is #UD (measured); Capstone 4 decodes it as MOVBE.
                guard !context.prefixes.rep else { throw .invalidOpcode }
                let width = context.width(0)
                try context.write(0, try context.read(1).byteSwapped >> UInt64(64 - width.bits))
            },
            "crc32": Semantic { context throws(Fault) in
                let crc = UInt32(truncatingIfNeeded: try context.read(0))
                try context.write(0, UInt64(CRC32C.update(crc, with: try context.read(1), bytes: context.width(1).bytes)))
            },
            "lahf": Semantic { context throws(Fault) in
                let flags = readFlags(ahFlags, &context) | RFlags.reserved1
                context.writeGPR(.rax, .byte, flags, highByte: true)
            },
            "sahf": Semantic { context throws(Fault) in
                context.setFlags(ahFlags, to: context.readGPR(.rax, highByte: true))
            },
            "clc": setFlag(RFlags.cf, to: false), "stc": setFlag(RFlags.cf, to: true),
            "cld": setFlag(RFlags.df, to: false), "std": setFlag(RFlags.df, to: true),
            "cmc": Semantic { context throws(Fault) in
                context.setFlags(RFlags.cf, to: context.flag(RFlags.cf) ? 0 : RFlags.cf)
            },
            "nop": Semantic { context throws(Fault) in
                // Hint NOPs never touch their memory operand. With LOCK (Zen 4 runs it, see
                // `EncodingRules`) the single-step trap comes one instruction late, as after
                // MOV SS (measured, also chained): here that is the harness's one-byte filler NOP.
                if context.prefixes.lock { context.rip &+= 1 }
            },
            "pause": Semantic { _ throws(Fault) in },
        ]
        for condition in Condition.allCases {
            table["cmov" + condition.suffix] = conditionalMove(condition)
            table["set" + condition.suffix] = setByte(condition)
        }
        return table
    }()

    /// Integer operands, plus CMPXCHG16B's 16-byte memory operand and MOV to or from a control
    /// or debug register.
    static func accepts(_ instruction: Instruction) -> Bool {
        hasIntegerOperands(instruction) || isCompareExchange16(instruction) || isPrivilegedMove(instruction)
    }

    /// SF, ZF, AF, PF and CF: the flags LAHF and SAHF move through AH.
    static let ahFlags = RFlags.sf | RFlags.zf | RFlags.af | RFlags.pf | RFlags.cf

    /// MOV in all its forms, including MOVABS (imm64, moffs64). A control or debug register
    /// operand is #GP(0) at CPL3 (measured: also CR1, CR5 and DR4/DR5, the privilege check comes
    /// first).
    private static let move = Semantic { context throws(Fault) in
        if isPrivilegedMove(context.instruction) { throw .generalProtection() }
        try context.write(0, try context.read(1))
    }

    /// MOV to or from a control or debug register: 0F 20 to 0F 23.
    private static func isPrivilegedMove(_ instruction: Instruction) -> Bool {
        instruction.map == .map0F && (0x20...0x23).contains(instruction.opcode)
    }

    /// 63 /r: with REX.W it sign-extends a dword; without, it is a plain 32-bit (zero-extending)
    /// or, with 66, 16-bit move (measured; Capstone 4 prints `movsxd rax, ecx` for all three).
    /// With 66 the memory source is a dword or a word access as the profile says (AMD Zen: a
    /// dword, #AC and #PF as for 4 bytes; Intel SDM: MOVSXD r16, r/m16).
    private static func moveSignExtendingDword(_ context: inout ExecutionContext) throws(Fault) {
        guard case .register(let destination) = context.operands[0], case .gpr(let register, _) = destination.kind else {
            throw .notModelled("movsxd without a GPR destination")
        }
        let destinationWidth = Width(bytes: context.instruction.operandSize / 8)
        var sourceWidth = Width.dword
        if destinationWidth == .word {
            guard let readsDoubleword = context.profile.wordMovsxdReadsDoubleword else {
                throw .notModelled("movsxd with 66 (a profile question)")
            }
            if !readsDoubleword { sourceWidth = .word }
        }
        let source = try readOperand(1, width: sourceWidth, &context)
        context.writeGPR(register, destinationWidth, sourceWidth.signExtend(source))
    }

    /// CMOVcc: the source is read (and may fault) whatever the condition; a 32-bit destination is
    /// zero-extended even when the condition is false.
    private static func conditionalMove(_ condition: Condition) -> Semantic {
        Semantic { context throws(Fault) in
            let source = try context.read(1)
            if condition.holds(in: &context) {
                try context.write(0, source)
            } else if context.width(0).bytes == 4 {
                try context.write(0, try context.read(0))
            }
        }
    }

    private static func setByte(_ condition: Condition) -> Semantic {
        Semantic { context throws(Fault) in try context.write(0, condition.holds(in: &context) ? 1 : 0) }
    }

    /// CBW, CWDE, CDQE: rAX = the sign-extended lower half of rAX, at the operand size.
    private static let extendAccumulator = Semantic { context throws(Fault) in
        let width = Width(bytes: context.instruction.operandSize / 8)
        let half = Width(bytes: width.bytes / 2)
        context.writeGPR(.rax, width, half.signExtend(context.readGPR(.rax, half)))
    }

    /// CWD, CDQ, CQO: rDX = the sign of rAX, at the operand size.
    private static let extendIntoDX = Semantic { context throws(Fault) in
        let width = Width(bytes: context.instruction.operandSize / 8)
        context.writeGPR(.rdx, width, width.isNegative(context.readGPR(.rax, width)) ? width.mask : 0)
    }

    private static func setFlag(_ flag: UInt64, to value: Bool) -> Semantic {
        Semantic { context throws(Fault) in context.setFlags(flag, to: value ? flag : 0) }
    }

    /// The bits of `mask` in RFLAGS, recorded as read.
    static func readFlags(_ mask: UInt64, _ context: inout ExecutionContext) -> UInt64 {
        _ = context.flag(mask)
        return context.rflags & mask
    }

    /// Operand `index` read at `width` rather than at the size Capstone gives it, for forms whose
    /// operand size Capstone 4 gets wrong or leaves to the prefixes (66 REX.W PUSH/POP). Immediates
    /// are sign-extended from their encoded size: Capstone 4 zero-extends 66 REX.W 68's imm32.
    static func readOperand(_ index: Int, width: Width, _ context: inout ExecutionContext) throws(Fault) -> UInt64 {
        switch context.operands[index] {
        case .register(let register):
            guard case .gpr(let gpr, let highByte) = register.kind else { throw .notModelled("register operand \(register.name)") }
            return context.readGPR(gpr, width, highByte: highByte)
        case .memory(let operand):
            return try context.readMemory(context.effectiveAddress(operand), width: width, segment: context.segment(of: operand))
        case .immediate(let value, let size):
            return width.truncate(size > 0 && size < 8 ? Width(bytes: size).signExtend(value) : value)
        }
    }
}
