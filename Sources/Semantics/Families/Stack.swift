import X86

/// PUSH POP PUSHF POPF ENTER LEAVE (Intel SDM Vol. 2). In 64-bit mode the stack operand size is
/// 64 bits, or 16 with 66 (REX.W wins over 66), and every stack address is a 64-bit RSP or RBP
/// through SS (non-canonical: #SS(0)), alignment-checked at the operand size.
enum Stack: SemanticFamily {
    static let semantics: [String: Semantic] = [
        "push": Semantic { context throws(Fault) in
            let width = stackWidth(context.instruction)
            try context.push(try DataTransfer.readOperand(0, width: width, &context), width: width)
        },
        "pop": Semantic { context throws(Fault) in try pop(&context) },
        "pushf": pushFlags, "pushfq": pushFlags,
        "popf": popFlags, "popfq": popFlags,
        "enter": Semantic { context throws(Fault) in try enter(&context) },
        "leave": Semantic { context throws(Fault) in
            let width = stackWidth(context.instruction)
            let framePointer = context.readGPR(.rbp)
            let value = try context.readMemory(framePointer, width: width, segment: .ss)
            context.gpr[.rsp] = framePointer &+ UInt64(width.bytes)
            context.writeGPR(.rbp, width, value)
        },
    ]

    /// 16 bits with 66, else 64 (Capstone 4 says `word ptr` for 66 REX.W 8F/FF /6, which the CPU
    /// runs with 64 bits: measured).
    static func stackWidth(_ instruction: Instruction) -> Width { instruction.operandSize == 16 ? .word : .qword }

    /// POP: RSP rises before the destination's address is computed, so `pop [rsp]` stores at the
    /// new RSP (Intel SDM Vol. 2B, POP), and `pop rsp` ends with the popped value.
    private static func pop(_ context: inout ExecutionContext) throws(Fault) {
        let width = stackWidth(context.instruction)
        let value = try context.pop(width: width)
        switch context.operands[0] {
        case .register(let register):
            guard case .gpr(let gpr, _) = register.kind else { throw .notModelled("pop \(register.name)") }
            context.writeGPR(gpr, width, value)
        case .memory(let operand):
            try context.writeMemory(context.effectiveAddress(operand), width: width, value, segment: context.segment(of: operand))
        case .immediate:
            throw .invalidOpcode
        }
    }

    /// PUSHF/PUSHFQ: RFLAGS as they are while the instruction runs (TF included: the harness sets
    /// it), with VM and RF cleared.
    private static let pushFlags = Semantic { context throws(Fault) in
        let flags = DataTransfer.readFlags(RFlags.defined & ~(RFlags.vm | RFlags.rf), &context)
        try context.push(flags, width: stackWidth(context.instruction))
    }

    /// POPF/POPFQ at CPL3 (Intel SDM Vol. 2B, POPF, protected mode with CPL > 0): IOPL, VIP,
    /// VIF and VM keep their values, IF too unless IOPL is 3; RF is cleared; the 16-bit form
    /// replaces the low 16 bits only.
    private static let popFlags = Semantic { context throws(Fault) in
        let width = stackWidth(context.instruction)
        let value = try context.pop(width: width)
        let iopl = (context.rflags & RFlags.iopl) >> 12
        let changeable = (iopl == 3 ? poppedFlags | RFlags.if : poppedFlags) & width.mask
        context.setFlags(changeable | RFlags.rf, to: value & ~RFlags.rf)
    }

    /// The flags POPF can change at CPL3 whatever IOPL is.
    private static let poppedFlags = RFlags.status | RFlags.tf | RFlags.df | RFlags.nt | RFlags.ac | RFlags.id

    /// ENTER size, level: push rBP, copy `level - 1` outer frame pointers from below the old rBP,
    /// push the new frame pointer (for level > 0), then rBP = the frame and RSP drops by `size`.
    /// The level is taken modulo 32. The final RSP is probed with a write of the operand size
    /// (Intel SDM Vol. 2A, ENTER: "#PF if a write using the final value of the stack pointer
    /// would cause a page fault"; measured: it is alignment-checked too). A fault keeps the
    /// pushes already made (measured).
    private static func enter(_ context: inout ExecutionContext) throws(Fault) {
        guard case .immediate(let size, _) = context.operands[0], case .immediate(let level, _) = context.operands[1] else {
            throw .invalidOpcode
        }
        let width = stackWidth(context.instruction)
        do {
            let oldFramePointer = context.readGPR(.rbp)
            try context.push(oldFramePointer, width: width)
            let frame = context.gpr[.rsp]
            let nesting = level & 0x1F
            if nesting > 0 {
                var outerFrame = oldFramePointer
                for _ in 1..<nesting {
                    outerFrame &-= UInt64(width.bytes)
                    try context.push(try context.readMemory(outerFrame, width: width, segment: .ss), width: width)
                }
                try context.push(frame, width: width)
            }
            let stackPointer = context.gpr[.rsp] &- (size & 0xFFFF)
            try context.check(stackPointer, size: width.bytes, kind: .write, segment: .ss)
            context.writeGPR(.rbp, width, frame)
            context.gpr[.rsp] = stackPointer
        } catch {
            var fault = error
            fault.keepsMemoryWrites = true
            throw fault
        }
    }
}
