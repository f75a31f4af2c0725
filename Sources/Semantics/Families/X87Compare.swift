import SoftFloat
import X86

/// x87 comparisons (Intel SDM Vol. 2A, FCOM/FCOMP/FCOMPP, FUCOM/FUCOMP/FUCOMPP, FICOM/FICOMP,
/// FCOMI/FCOMIP/FUCOMI/FUCOMIP, FTST, FXAM). FCOM and its kin put the order in C3 C2 C0 (greater
/// 000, less 001, equal 100, unordered 111), FCOMI and its kin in ZF PF CF with OF SF AF cleared;
/// C1 is cleared by the first kind and kept by the second (measured on Zen 3; Intel's FCOMI page
/// says cleared). The order is set even when the exception it raises is unmasked (a stack underflow
/// gives unordered), and then nothing is popped (measured).
enum X87Compare: SemanticFamily {
    static let semantics: [String: Semantic] = [
        "fcom": compare(quiet: false, pops: 0), "fcomp": compare(quiet: false, pops: 1), "fcompp": compare(quiet: false, pops: 2),
        "fucom": compare(quiet: true, pops: 0), "fucomp": compare(quiet: true, pops: 1), "fucompp": compare(quiet: true, pops: 2),
        "ficom": compare(quiet: false, pops: 0), "ficomp": compare(quiet: false, pops: 1), "ftst": compare(quiet: false, pops: 0),
        "fcomi": compare(quiet: false, pops: 0, intoFlags: true), "fcomip": compare(quiet: false, pops: 1, intoFlags: true),
        "fucomi": compare(quiet: true, pops: 0, intoFlags: true), "fucomip": compare(quiet: true, pops: 1, intoFlags: true),
        "fxam": fxam,
    ]

    static func accepts(_ instruction: Instruction) -> Bool { true }

    /// ST(0) against a memory operand (m32/m64, or m16/m32 integer for FICOM), against ST(i) of
    /// the ModRM byte, against ST(1) (FCOMPP, FUCOMPP), or against +0 (FTST).
    private static func compare(quiet: Bool, pops: Int, intoFlags: Bool = false) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkPendingX87Exception()
            let environment = try context.x87Environment()
            let mnemonic = context.instruction.mnemonic
            var source: (value: Extended, denormal: Bool)? = nil
            var sourceIndex = 1
            if mnemonic == "ftst" {
                source = (.zero(negative: false), false)
            } else if context.operands.first?.isMemory == true {
                source = try context.x87MemorySource(0, integer: mnemonic.hasPrefix("fi"))
            } else if pops < 2 {
                sourceIndex = try context.x87RegisterIndex()
            }
            if context.x87IsEmpty(0) || (source == nil && context.x87IsEmpty(sourceIndex)) {
                let masked = context.x87StackFault(overflow: false)
                setOrdering(&context, .unordered, intoFlags: intoFlags)
                if masked { for _ in 0..<pops { context.popX87() } }
                return
            }
            let a = context.x87(0), b = source?.value ?? context.x87(sourceIndex)
            var (ordering, exceptions) = Extended.compare(a, b, quiet: quiet)
            if source?.denormal == true, !a.isNaN, !a.isUnsupported { exceptions.insert(.denormal) }
            context.raiseX87(exceptions)
            if !intoFlags { context.setX87C1(false) }
            setOrdering(&context, ordering, intoFlags: intoFlags)
            if environment.masks.isSuperset(of: exceptions) { for _ in 0..<pops { context.popX87() } }
        }
    }

    private static func setOrdering(_ context: inout ExecutionContext, _ ordering: Extended.Ordering, intoFlags: Bool) {
        let (c3, c2, c0): (Bool, Bool, Bool)
        switch ordering {
        case .greater: (c3, c2, c0) = (false, false, false)
        case .less: (c3, c2, c0) = (false, false, true)
        case .equal: (c3, c2, c0) = (true, false, false)
        case .unordered: (c3, c2, c0) = (true, true, true)
        }
        if intoFlags {
            let flags = (c3 ? RFlags.zf : 0) | (c2 ? RFlags.pf : 0) | (c0 ? RFlags.cf : 0)
            context.setFlags(RFlags.zf | RFlags.pf | RFlags.cf | RFlags.of | RFlags.sf | RFlags.af, to: flags)
        } else {
            context.setX87Conditions(c3: c3, c2: c2, c0: c0)
        }
    }

    /// FXAM: ST(0)'s class in C3 C2 C0 (empty 101, whatever the register holds) and its sign in C1.
    private static let fxam = Semantic { context throws(Fault) in
        try context.checkPendingX87Exception()
        let value = context.x87(0)
        context.setX87C1(value.isNegative)
        if context.x87IsEmpty(0) {
            context.setX87Conditions(c3: true, c2: false, c0: true)
        } else {
            let (c3, c2, c0) = value.examined
            context.setX87Conditions(c3: c3, c2: c2, c0: c0)
        }
    }
}
