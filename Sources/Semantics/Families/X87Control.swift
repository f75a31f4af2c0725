import X86

/// The x87 unit's control and state instructions (Intel SDM Vol. 1 §8.3.12; Vol. 2 per
/// instruction; AMD APM Vol. 5). The waiting ones (FNOP, FINCSTP, FDECSTP, FFREE, FLDCW, WAIT)
/// raise #MF first when an unmasked exception is pending; FNINIT, FNCLEX, FNSTSW and FNSTCW do
/// not. Where a page says C0-C3 are undefined the comparator masks them.
enum X87Control: SemanticFamily {
    static let semantics: [String: Semantic] = [
        "fninit": fninit, "fnclex": fnclex, "fnop": waiting { _ in }, "wait": waiting { _ in },
        "fincstp": waiting { context in context.stepTop(by: 1) }, "fdecstp": waiting { context in context.stepTop(by: -1) },
        "ffree": ffree, "fnstsw": fnstsw, "fnstcw": fnstcw, "fldcw": fldcw,
        "feni8087_nop": noWaitNop, "fdisi8087_nop": noWaitNop, "fsetpm": noWaitNop,
    ]

    static func accepts(_ instruction: Instruction) -> Bool { true }

    /// C3, C2, C1 and C0 of FSW.
    static let conditionCodes: UInt16 = 0x4700

    /// A waiting instruction: #MF for a pending exception, then `body`.
    private static func waiting(_ body: @escaping @Sendable (inout ExecutionContext) throws(Fault) -> Void) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkPendingX87Exception()
            try body(&context)
        }
    }

    /// FNENI, FNDISI and FNSETPM (DB E0, E1, E4): the 8087's and 80287's controls, no-ops since
    /// the 80387 (Intel SDM Vol. 1 §8.9). They do not wait: no #MF (measured on Zen 3).
    private static let noWaitNop = Semantic { _ throws(Fault) in }

    /// FNINIT: FCW 037Fh, FSW 0 (TOP 0), every tag empty; the registers keep their values.
    private static let fninit = Semantic { context throws(Fault) in
        context.setTop(0)
        context.vector.fcw = 0x037F
        context.vector.fsw = 0
        context.vector.ftw = 0
    }

    /// FNCLEX: the exception flags, SF, ES and B cleared; C0-C3 undefined (Vol. 2A, FCLEX).
    private static let fnclex = Semantic { context throws(Fault) in
        context.vector.fsw &= 0x7F00
        context.leaveStatusWordUndefined(conditionCodes)
    }

    /// FFREE ST(i): its tag empty; C0-C3 undefined (Vol. 2A, FFREE).
    private static let ffree = waiting { context throws(Fault) in
        guard case .register(let register) = try context.operand(0), let index = X87Control.stackIndex(register.name) else {
            throw .notModelled("\(context.instruction.text): ffree without an st(i) operand")
        }
        context.vector.ftw &= ~UInt8(1 << ((context.vector.top + index) & 7))
        context.leaveStatusWordUndefined(conditionCodes)
    }

    /// FNSTSW AX or m16: FSW as it is; C0-C3 undefined (Vol. 2A, FSTSW).
    private static let fnstsw = Semantic { context throws(Fault) in
        try storeWord(&context, context.vector.fsw)
        context.leaveStatusWordUndefined(conditionCodes)
    }

    /// FNSTCW m16: FCW; C0-C3 undefined (Vol. 2A, FSTCW).
    private static let fnstcw = Semantic { context throws(Fault) in
        try storeWord(&context, context.vector.fcw)
        context.leaveStatusWordUndefined(conditionCodes)
    }

    /// Operand 0 written as 16 bits: AX, or memory of the table's size (Capstone 4 gives FNSTSW m16,
    /// DD /7, a doubleword operand, pinned in `Capstone4QuirkTests`; the CPU stores a word).
    private static func storeWord(_ context: inout ExecutionContext, _ value: UInt16) throws(Fault) {
        guard context.operands.first?.isMemory == true else { return try context.write(0, UInt64(value)) }
        context.storeX87Memory(try context.x87MemoryAccess(0, kind: .write), UInt128(value))
    }

    /// FLDCW m16: FCW as the CPU keeps it (bits 0-5 and 8-12, bit 6 set: measured on Zen 3), and
    /// ES and B say whether a flag is now unmasked (Vol. 2A, FLDCW: an exception it unmasks is
    /// raised at the next waiting instruction); C0-C3 undefined.
    private static let fldcw = waiting { context throws(Fault) in
        context.vector.loadControlWord(UInt16(truncatingIfNeeded: try context.readX87Memory(0)))
        context.leaveStatusWordUndefined(conditionCodes)
    }

    /// N of Capstone's `st(N)`.
    static func stackIndex(_ name: String) -> Int? {
        guard name.hasPrefix("st("), name.hasSuffix(")"), let index = Int(name.dropFirst(3).dropLast()), (0..<8).contains(index) else {
            return nil
        }
        return index
    }
}
