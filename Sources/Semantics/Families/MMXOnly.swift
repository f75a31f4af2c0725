import X86

/// The instructions only the MMX unit has: EMMS and MASKMOVQ (Intel SDM Vol. 2A, EMMS;
/// Vol. 2B, MASKMOVQ; AMD APM Vol. 5). The MMX forms of the SSE integer instructions are the vector
/// families' (their shapes run on 8 bytes for MM operands).
enum MMXOnly: SemanticFamily {
    static let semantics: [String: Semantic] = ["emms": emms, "maskmovq": maskmovq]

    static func accepts(_ instruction: Instruction) -> Bool {
        instruction.operands.allSatisfy { operand in
            if case .register(let register) = operand, case .mmx = register.kind { return true }
            return false
        }
    }

    /// EMMS: every x87 tag empty (abridged FTW 0), after #MF for a pending unmasked x87
    /// exception. Measured on Zen 3: TOP becomes 0 too, which the manuals do not say. With 66 it is
    /// #UD, before #MF (the opcode map's cell for 66 0F 77 is empty, Intel SDM Vol. 2, Table A-3;
    /// measured), where the general rule would take 66 for an operand-size prefix.
    private static let emms = Semantic { context throws(Fault) in
        if context.prefixes.operandSizeOverride { throw .invalidOpcode }
        try context.checkEncoding()
        try context.checkPendingX87Exception()
        context.setTopToZero()
        context.vector.ftw = 0
    }

    /// MASKMOVQ mm1, mm2: the bytes of mm1 whose byte in mm2 has its top bit set, stored at DS:RDI
    /// (EDI with 67; FS or GS by prefix). Measured on Zen 3: the 8 bytes are checked as one write
    /// whatever the mask (#AC when misaligned, #PF for a read-only page with no byte selected), and
    /// the x87 transition stays when that check faults, unlike other MMX instructions' faults. The
    /// manual leaves the faults of an all-zero mask to the implementation (Intel SDM Vol. 2B, MASKMOVQ).
    private static let maskmovq = Semantic { context throws(Fault) in
        try context.checkEncoding()
        guard let source = context.mmxRegister(0), let selector = context.mmxRegister(1) else {
            throw .notModelled("\(context.instruction.text): maskmovq without MM registers")
        }
        let (data, mask) = (context.vector.mm(source), context.vector.mm(selector))
        let destination = MemoryOperand(segment: nil, base: .rdi, ripRelative: false, index: nil, scale: 1,
                                        displacement: 0, size: 8, access: .write)
        let address = context.effectiveAddress(destination)
        do throws(Fault) {
            try context.check(address, size: 8, kind: .write, segment: context.segment(of: destination))
        } catch {
            var fault = error
            fault.vectorState = context.vector
            throw fault
        }
        for index in 0..<8 where (mask >> UInt64(8 * index + 7)) & 1 != 0 {
            context.memory.store(address &+ UInt64(index), size: 1, data >> UInt64(8 * index))
        }
    }
}
