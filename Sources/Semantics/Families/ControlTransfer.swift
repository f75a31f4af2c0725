import X86

/// JMP Jcc CALL RET LOOP LOOPE LOOPNE JRCXZ/JECXZ, near forms (Intel SDM Vol. 2A/2B; AMD APM
/// Vol. 3). A branch sets RIP to its target; the target is not fetched within the step.
///
/// Operand size: 64 bits, or 16 with 66 (REX.W wins) where the profile says 66 selects 16 bits
/// for near branches (the AMD APM's reading, which AMD Zen follows; the Intel SDM says 64-bit
/// mode ignores it): 16-bit displacements for E8/E9/0F 8x, 16-bit register and memory targets,
/// 16-bit stack slots, and every taken target cut to 16 bits (measured for each form). The count
/// of LOOP and JRCXZ follows the address size: RCX, or ECX with 67.
enum ControlTransfer: SemanticFamily {
    static let semantics: [String: Semantic] = {
        var table: [String: Semantic] = [
            "jmp": Semantic { context throws(Fault) in try jump(&context) },
            "call": Semantic { context throws(Fault) in try call(&context) },
            "ret": Semantic { context throws(Fault) in try ret(&context) },
            "loop": loop { _ in true },
            "loope": loop { context throws(Fault) in try zeroFlagContinues(&context, byDefault: true) },
            "loopne": loop { context throws(Fault) in try zeroFlagContinues(&context, byDefault: false) },
            "jrcxz": countIsZero, "jecxz": countIsZero,
        ]
        for condition in Condition.allCases {
            table["j" + condition.suffix] = Semantic { context throws(Fault) in
                guard condition.holds(in: &context) else { return }
                try jump(&context)
            }
        }
        return table
    }()

    /// 16 bits with 66 (and no REX.W), else 64; a 66 the profile does not answer for is not predicted.
    static func branchWidth(_ context: ExecutionContext) throws(Fault) -> Width {
        guard context.instruction.operandSize == 16 else { return .qword }
        guard context.profile.nearBranchTakesWordOperandSize == true else {
            throw .notModelled("66 on a near branch (a profile question)")
        }
        return .word
    }

    /// Branches to operand 0's target at the branch's width.
    private static func jump(_ context: inout ExecutionContext) throws(Fault) {
        let width = try branchWidth(context)
        try branch(&context, to: try target(&context, width), width)
    }

    /// Where operand 0 points: a relative branch's target (the decoder computes it for the code
    /// address, where the sandbox runs the instruction), or a register or memory operand read at
    /// `width` (Capstone 4 calls the operand of 66 FF /2 and /4 64-bit; the CPU reads 16 bits).
    private static func target(_ context: inout ExecutionContext, _ width: Width) throws(Fault) -> UInt64 {
        switch context.operands[0] {
        case .immediate(let target, _):
            return target
        case .register(let register):
            guard case .gpr(let name, _) = register.kind else { throw .notModelled("branch to \(register.name)") }
            return context.readGPR(name, width)
        case .memory(let operand):
            return try context.readMemory(context.effectiveAddress(operand), width: width, segment: context.segment(of: operand))
        }
    }

    /// Sets RIP to `target`: cut to 16 bits at that width; at 64 bits a non-canonical target is
    /// #GP(0) at the branch (RIP unchanged), as Intel SDM Vol. 2A, JMP says for 64-bit mode.
    private static func branch(_ context: inout ExecutionContext, to target: UInt64, _ width: Width) throws(Fault) {
        if width.bytes == 8 {
            guard GuestLayout.isCanonical(target) else { throw .generalProtection() }
        }
        context.rip = width.truncate(target)
    }

    /// CALL: the target is read, the return address pushed, and only then is the target checked
    /// (measured: a faulting push wins over a non-canonical target).
    private static func call(_ context: inout ExecutionContext) throws(Fault) {
        let width = try branchWidth(context)
        let destination = try target(&context, width)
        try context.push(width.truncate(context.rip), width: width)
        try branch(&context, to: destination, width)
    }

    /// RET and RET imm16: pop the target, then release `imm16` more bytes of stack.
    private static func ret(_ context: inout ExecutionContext) throws(Fault) {
        let width = try branchWidth(context)
        let destination = try context.pop(width: width)
        if case .immediate(let release, _)? = context.operands.first {
            context.gpr[.rsp] &+= release & 0xFFFF
        }
        try branch(&context, to: destination, width)
    }

    /// The count register of LOOP and JRCXZ: RCX, or ECX with 67.
    private static func countWidth(_ context: ExecutionContext) -> Width { context.instruction.addressSize == 32 ? .dword : .qword }

    /// LOOP, LOOPE, LOOPNE: decrement the count (a 32-bit count zero-extends into RCX), branch
    /// while it is not zero and `condition` holds.
    private static func loop(_ condition: @escaping @Sendable (inout ExecutionContext) throws(Fault) -> Bool) -> Semantic {
        Semantic { context throws(Fault) in
            let countWidth = countWidth(context)
            let count = countWidth.truncate(context.readGPR(.rcx, countWidth) &- 1)
            context.writeGPR(.rcx, countWidth, count)
            guard count != 0, try condition(&context) else { return }
            try jump(&context)
        }
    }

    /// Whether LOOPE (`byDefault` true) or LOOPNE continues with the current ZF. Where the profile
    /// says so (Zen 4 measured) a REP prefix overrides the opcode as it does for CMPS: with F3 last
    /// both continue while ZF is set, with F2 last while it is clear (measured for E0 and E1 with
    /// every order of F2 and F3; the manuals leave F2/F3 on other instructions reserved). Where the
    /// profile does not know, a case the two readings decide differently is not predicted.
    private static func zeroFlagContinues(_ context: inout ExecutionContext, byDefault whileSet: Bool) throws(Fault) -> Bool {
        let prefixes = context.prefixes
        func continuesWhileSet(_ repeatPicks: Bool) -> Bool {
            repeatPicks && prefixes.rep || (whileSet && !(repeatPicks && prefixes.repne))
        }
        let zf = context.flag(RFlags.zf)
        guard let repeatPicks = context.profile.loopTakesRepeatCondition else {
            guard zf == continuesWhileSet(true), zf == continuesWhileSet(false) else {
                throw .notModelled("a REP prefix on LOOPE/LOOPNE (a profile question)")
            }
            return zf == continuesWhileSet(false)
        }
        return zf == continuesWhileSet(repeatPicks)
    }

    /// JRCXZ, JECXZ: branch when the count is zero, without changing it.
    private static let countIsZero = Semantic { context throws(Fault) in
        guard context.readGPR(.rcx, countWidth(context)) == 0 else { return }
        try jump(&context)
    }
}
