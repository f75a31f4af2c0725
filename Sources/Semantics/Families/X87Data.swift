import SoftFloat
import X86

/// x87 loads, stores, exchanges and conditional moves (Intel SDM Vol. 2A, FLD, FILD, FBLD, FLD1
/// and the other constants, FST/FSTP, FIST/FISTP, FISTTP, FBSTP, FXCH, FCMOVcc; FFREEP and the
/// reserved aliases as AMD APM Vol. 5 and the CPU run them). All wait. A push onto a register in
/// use is a stack overflow, an empty source a stack underflow: with IE masked the indefinite takes
/// the value's place, unmasked nothing changes but FSW. C0, C2 and C3 are undefined after each.
enum X87Data: SemanticFamily {
    static let semantics: [String: Semantic] = {
        var table: [String: Semantic] = [
            "fld": fld, "fild": fild, "fbld": fbld,
            "fst": store(pops: false), "fstp": fstp, "fstpnce": fstpnce,
            "fist": integerStore(pops: false, truncating: false), "fistp": integerStore(pops: true, truncating: false),
            "fisttp": integerStore(pops: true, truncating: true), "fbstp": fbstp,
            "fxch": fxch, "ffreep": ffreep,
        ]
        let constants: [(String, Extended.Constant)] = [
            ("fld1", .one), ("fldl2t", .log2Ten), ("fldl2e", .log2E), ("fldpi", .pi), ("fldlg2", .log10Two),
            ("fldln2", .lnTwo), ("fldz", .zero),
        ]
        for (name, constant) in constants {
            table[name] = push { context throws(Fault) in Extended.constant(constant, rounding: try context.x87Environment().rounding) }
        }
        let moves: [(String, Condition)] = [
            ("fcmovb", .b), ("fcmove", .e), ("fcmovbe", .be), ("fcmovu", .p),
            ("fcmovnb", .ae), ("fcmovne", .ne), ("fcmovnbe", .a), ("fcmovnu", .np),
        ]
        for (name, condition) in moves { table[name] = conditionalMove(condition) }
        return table
    }()

    static func accepts(_ instruction: Instruction) -> Bool { true }

    /// A push of `value` (computed after #MF): overflow when ST(7) is in use; C1 cleared.
    private static func push(_ value: @escaping @Sendable (inout ExecutionContext) throws(Fault) -> Extended?) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkPendingX87Exception()
            context.leaveX87ConditionsUndefined()
            guard let loaded = try value(&context) else { return }
            pushChecked(&context, loaded)
        }
    }

    /// Pushes `value`, or the indefinite (or nothing) on a stack overflow.
    private static func pushChecked(_ context: inout ExecutionContext, _ value: Extended) {
        if !context.x87IsEmpty(7) {
            if context.x87StackFault(overflow: true) { context.pushX87(.indefinite) }
            return
        }
        context.setX87C1(false)
        context.pushX87(value)
    }

    /// FLD m32/m64 (converted: IE for an SNaN, DE for a denormal), m80 and ST(i) (as they are).
    private static let fld = Semantic { context throws(Fault) in
        try context.checkPendingX87Exception()
        context.leaveX87ConditionsUndefined()
        let environment = try context.x87Environment()
        if context.operands[0].isMemory {
            let bits = try context.readX87Memory(0)
            let loaded: ExtendedResult
            switch try context.x87MemorySize(0) {
            case 4: loaded = Extended.load(UInt32(truncatingIfNeeded: bits), Binary32.self, masks: environment.masks)
            case 8: loaded = Extended.load(UInt64(truncatingIfNeeded: bits), Binary64.self, masks: environment.masks)
            default: loaded = ExtendedResult(value: try context.x87MemorySource(0, integer: false).value)
            }
            if !context.x87IsEmpty(7) { return pushChecked(&context, .indefinite) }
            context.raiseX87(loaded.exceptions)
            context.setX87C1(false)
            if let value = loaded.value { context.pushX87(value) }
            return
        }
        let index = try context.x87RegisterIndex()
        if context.x87IsEmpty(index) {
            if context.x87StackFault(overflow: false) { context.pushX87(.indefinite) }
            return
        }
        pushChecked(&context, context.x87(index))
    }

    /// FILD m16/m32/m64: exact.
    private static let fild = push { context throws(Fault) in try context.x87MemorySource(0, integer: true).value }

    /// FBLD m80: the 18 packed decimal digits, exact. A digit above 9 gives a result the manual
    /// leaves undefined (Vol. 2A, FBLD): the profile's question `weighsInvalidDecimalDigits`.
    private static let fbld = push { context throws(Fault) in
        let bits = try context.readX87Memory(0)
        guard let value = Extended.fromPackedDecimal(bits, weighingInvalidDigits: context.profile.weighsInvalidDecimalDigits == true) else {
            throw .notModelled("fbld of an invalid packed decimal digit (a profile question)")
        }
        return value
    }

    /// What a store of ST(0) writes: the bits (nil when an unmasked exception stores nothing), the
    /// flags it raises and C1.
    private typealias Stored = (bits: UInt128?, exceptions: Exceptions, roundedUp: Bool)

    /// ST(0) stored to memory operand 0, after #MF: the write is checked first; an empty ST(0) is a
    /// stack underflow that stores the format's `indefinite` when IE is masked; else `convert`
    /// gives the bits, flags and C1. A pop follows whatever was stored, with `pops`.
    private static func storeTop(_ context: inout ExecutionContext, pops: Bool, indefinite: (_ size: Int) -> UInt128,
                                 _ convert: (Extended, _ size: Int, ExtendedEnvironment) -> Stored) throws(Fault) {
        try context.checkPendingX87Exception()
        context.leaveX87ConditionsUndefined()
        let environment = try context.x87Environment()
        let access = try context.x87MemoryAccess(0, kind: .write)
        let stored: Stored
        if context.x87IsEmpty(0) {
            guard context.x87StackFault(overflow: false) else { return }
            stored = (indefinite(access.size), [], false)
        } else {
            stored = convert(context.x87(0), access.size, environment)
        }
        context.raiseX87(stored.exceptions)
        context.setX87C1(stored.roundedUp)
        guard let bits = stored.bits else { return }
        context.storeX87Memory(access, bits)
        if pops { context.popX87() }
    }

    /// FST/FSTP to m32/m64 (rounded per RC; nothing stored on an unmasked exception), to m80 or
    /// ST(i) (as it is). An empty ST(0) stores the format's indefinite when IE is masked.
    private static func store(pops: Bool) -> Semantic {
        Semantic { context throws(Fault) in
            if context.operands[0].isMemory {
                return try storeTop(&context, pops: pops, indefinite: { size in
                    size == 4 ? UInt128(Binary32.defaultNaN) : size == 8 ? UInt128(Binary64.defaultNaN) : Extended.indefinite.bits
                }) { value, size, environment in
                    switch size {
                    case 4: narrowed(value, Binary32.self, environment)
                    case 8: narrowed(value, Binary64.self, environment)
                    default: (value.bits, [], false)
                    }
                }
            }
            try context.checkPendingX87Exception()
            context.leaveX87ConditionsUndefined()
            let destination = try context.x87RegisterIndex()
            if context.x87IsEmpty(0) {
                guard context.x87StackFault(overflow: false) else { return }
                context.setX87(destination, .indefinite)
            } else {
                context.setX87C1(false)
                context.setX87(destination, context.x87(0))
            }
            if pops { context.popX87() }
        }
    }

    private static func narrowed<F: FloatFormat>(_ value: Extended, _ format: F.Type, _ environment: ExtendedEnvironment) -> Stored {
        let narrowed = Extended.narrowed(value, to: format, environment)
        return (narrowed.bits.map { UInt128($0) }, narrowed.exceptions, narrowed.roundedUp)
    }

    private static let fstp = store(pops: true)

    /// FSTPNCE ST(i) (D9 D8+i, a reserved alias of FSTP ST(i); Capstone's name says "no check
    /// empty"): with ST(0) empty it only pops, with C1 cleared: no stack underflow, ST(i) and its
    /// tag kept (measured on Zen 3).
    private static let fstpnce = Semantic { context throws(Fault) in
        guard context.x87IsEmpty(0) else { return try fstp.body(&context) }
        try context.checkPendingX87Exception()
        context.leaveX87ConditionsUndefined()
        context.setX87C1(false)
        context.popX87()
    }

    /// FIST, FISTP (per RC) and FISTTP (truncated) to m16/m32/m64: the integer indefinite (only the
    /// sign bit set) for an invalid value when IE is masked, nothing when unmasked.
    private static func integerStore(pops: Bool, truncating: Bool) -> Semantic {
        Semantic { context throws(Fault) in
            try storeTop(&context, pops: pops, indefinite: { size in UInt128(1) << UInt128(8 * size - 1) }) { value, size, environment in
                switch size {
                case 2: integer(value, Int16.self, truncating: truncating, environment)
                case 4: integer(value, Int32.self, truncating: truncating, environment)
                default: integer(value, Int64.self, truncating: truncating, environment)
                }
            }
        }
    }

    /// The integer's two's complement bits (`storeX87Memory` keeps the operand's width of them).
    private static func integer<I: FixedWidthInteger & SignedInteger>(_ value: Extended, _ type: I.Type, truncating: Bool,
                                                                     _ environment: ExtendedEnvironment) -> Stored {
        let result = Extended.integer(value, type, truncating: truncating, environment)
        return (result.value.map { UInt128(truncatingIfNeeded: $0) }, result.exceptions, result.roundedUp)
    }

    /// FBSTP m80: ST(0) rounded per RC to 18 packed decimal digits, then a pop.
    private static let fbstp = Semantic { context throws(Fault) in
        try storeTop(&context, pops: true, indefinite: { _ in Extended.packedDecimalIndefinite }) { value, _, environment in
            let stored = Extended.packedDecimal(value, environment)
            return (stored.bits, stored.exceptions, stored.roundedUp)
        }
    }

    /// FXCH ST(i): ST(0) and ST(i) exchanged; an empty one is an underflow, and with IE masked
    /// it takes part as the indefinite (Vol. 2A, FXCH).
    private static let fxch = Semantic { context throws(Fault) in
        try context.checkPendingX87Exception()
        context.leaveX87ConditionsUndefined()
        let index = try context.x87RegisterIndex()
        var (top, other) = (context.x87(0), context.x87(index))
        if context.x87IsEmpty(0) || context.x87IsEmpty(index) {
            guard context.x87StackFault(overflow: false) else { return }
            if context.x87IsEmpty(0) { top = .indefinite }
            if context.x87IsEmpty(index) { other = .indefinite }
        } else {
            context.setX87C1(false)
        }
        context.setX87(0, other)
        context.setX87(index, top)
    }

    /// FCMOVcc ST(0), ST(i): ST(0) := ST(i) when the RFLAGS condition holds; C1 kept (Vol. 2A,
    /// FCMOVcc: set to 0 only on a stack underflow).
    private static func conditionalMove(_ condition: Condition) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkPendingX87Exception()
            context.leaveX87ConditionsUndefined()
            let index = try context.x87RegisterIndex()
            let holds = condition.holds(in: &context)
            if context.x87IsEmpty(0) || context.x87IsEmpty(index) {
                guard context.x87StackFault(overflow: false) else { return }
                context.setX87(0, .indefinite)
                return
            }
            if holds { context.setX87(0, context.x87(index)) }
        }
    }

    /// FFREEP ST(i): its tag empty, then a pop, with C1 cleared (measured on Zen 3; AMD APM Vol. 5
    /// lists it, Intel reserves DF C0+i).
    private static let ffreep = Semantic { context throws(Fault) in
        try context.checkPendingX87Exception()
        context.leaveX87ConditionsUndefined()
        let index = try context.x87RegisterIndex()
        context.vector.ftw &= ~(UInt8(1) << UInt8((context.vector.top + index) & 7))
        context.setX87C1(false)
        context.popX87()
    }
}
