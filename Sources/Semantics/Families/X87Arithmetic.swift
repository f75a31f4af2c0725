import SoftFloat
import X86

/// The x87 arithmetic (Intel SDM Vol. 2A, FADD/FADDP/FIADD, FSUB, FSUBR, FMUL, FDIV, FDIVR, FSQRT,
/// FABS, FCHS, FRNDINT, FSCALE, FXTRACT, FPREM, FPREM1), through the 80-bit layer. Every one waits
/// (#MF for a pending exception); an empty source is a stack underflow (the indefinite when IE is
/// masked). C0, C2 and C3 are undefined after all but FPREM and FPREM1.
enum X87Arithmetic: SemanticFamily {
    typealias Operation = @Sendable (Extended, Extended, ExtendedEnvironment) -> ExtendedResult

    static let semantics: [String: Semantic] = {
        var table: [String: Semantic] = [
            "fsqrt": unary(Extended.squareRoot), "frndint": unary(Extended.roundToIntegral),
            "fabs": signChange { $0 & 0x7FFF }, "fchs": signChange { $0 ^ 0x8000 },
            "fscale": fscale, "fxtract": fxtract,
            "fprem": remainder(nearest: false), "fprem1": remainder(nearest: true),
        ]
        let operations: [(name: String, reversed: Bool, operation: Operation)] = [
            ("add", false, Extended.add), ("mul", false, Extended.multiply),
            ("sub", false, Extended.subtract), ("subr", true, Extended.subtract),
            ("div", false, Extended.divide), ("divr", true, Extended.divide),
        ]
        for (name, reversed, operation) in operations {
            table["f" + name] = binary(reversed: reversed, pops: false, integer: false, operation)
            table["f" + name + "p"] = binary(reversed: reversed, pops: true, integer: false, operation)
            table["fi" + name] = binary(reversed: reversed, pops: false, integer: true, operation)
        }
        return table
    }()

    static func accepts(_ instruction: Instruction) -> Bool { true }

    /// The two-operand shapes: ST(0) op m32/m64/m16int/m32int; ST(0) op ST(i) (D8); ST(i) op ST(0)
    /// (DC, and DE with a pop). The reversed operations (FSUBR, FDIVR) take the operands the other
    /// way round.
    private static func binary(reversed: Bool, pops: Bool, integer: Bool, _ operation: @escaping Operation) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkPendingX87Exception()
            let environment = try context.x87Environment()
            context.leaveX87ConditionsUndefined()
            let destination: Int
            var source: (value: Extended, denormal: Bool)? = nil
            var sourceIndex = 0
            if context.operands.first?.isMemory == true {
                destination = 0
                source = try context.x87MemorySource(0, integer: integer)
            } else if context.instruction.opcode == 0xD8 {
                (destination, sourceIndex) = (0, try context.x87RegisterIndex())
            } else {
                destination = try context.x87RegisterIndex()
            }
            if context.x87IsEmpty(destination) || (source == nil && context.x87IsEmpty(sourceIndex)) {
                guard context.x87StackFault(overflow: false) else { return }
                context.setX87(destination, .indefinite)
                if pops { context.popX87() }
                return
            }
            let a = context.x87(destination), b = source?.value ?? context.x87(sourceIndex)
            var result = reversed ? operation(b, a, environment) : operation(a, b, environment)
            if source?.denormal == true { result = ExecutionContext.withDenormalSource(result, register: a, environment) }
            context.finishX87(result, into: destination, pops: pops)
        }
    }

    /// An operation on ST(0), and ST(1) with `sources` 2, that leaves its result in ST(0): #MF
    /// first; an empty source is a stack underflow (the indefinite in ST(0) when IE is masked).
    private static func onTop(sources: Int, _ body: @escaping @Sendable (inout ExecutionContext, ExtendedEnvironment) -> Void) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkPendingX87Exception()
            let environment = try context.x87Environment()
            guard (0..<sources).allSatisfy({ !context.x87IsEmpty($0) }) else {
                context.leaveX87ConditionsUndefined()
                if context.x87StackFault(overflow: false) { context.setX87(0, .indefinite) }
                return
            }
            body(&context, environment)
        }
    }

    /// ST(0) := f(ST(0)).
    private static func unary(_ operation: @escaping @Sendable (Extended, ExtendedEnvironment) -> ExtendedResult) -> Semantic {
        onTop(sources: 1) { context, environment in
            context.leaveX87ConditionsUndefined()
            context.finishX87(operation(context.x87(0), environment), into: 0, pops: false)
        }
    }

    /// FABS and FCHS: the sign bit changed, whatever the encoding; no exception but a stack
    /// underflow; C1 cleared.
    private static func signChange(_ change: @escaping @Sendable (UInt16) -> UInt16) -> Semantic {
        unary { value, _ in ExtendedResult(value: Extended(signExponent: change(value.signExponent), significand: value.significand)) }
    }

    /// FSCALE: ST(0) := ST(0) * 2^trunc(ST(1)).
    private static let fscale = onTop(sources: 2) { context, environment in
        context.leaveX87ConditionsUndefined()
        context.finishX87(Extended.scale(context.x87(0), by: context.x87(1), environment), into: 0, pops: false)
    }

    /// FXTRACT: ST(0) := the exponent, then the significand pushed (Vol. 2A, FXTRACT).
    private static let fxtract = Semantic { context throws(Fault) in
        try context.checkPendingX87Exception()
        let environment = try context.x87Environment()
        context.leaveX87ConditionsUndefined()
        if context.x87IsEmpty(0) || !context.x87IsEmpty(7) {
            guard context.x87StackFault(overflow: !context.x87IsEmpty(0)) else { return }
            context.setX87(0, .indefinite)
            context.pushX87(.indefinite)
            return
        }
        let (significand, exponent) = Extended.extract(context.x87(0), environment)
        context.raiseX87(significand.exceptions)
        context.setX87C1(false)
        guard let value = significand.value, let exponent else { return }
        context.setX87(0, exponent)
        context.pushX87(value)
    }

    /// FPREM and FPREM1: ST(0) := the partial remainder of ST(0) / ST(1); C2 set while the reduction
    /// is incomplete, and the quotient's low bits in C0 (Q2), C3 (Q1) and C1 (Q0). Without a
    /// quotient (a NaN result, or none) C0 and C3 are kept and C1 and C2 cleared (measured on Zen 3).
    private static func remainder(nearest: Bool) -> Semantic {
        onTop(sources: 2) { context, environment in
            let remainder = Extended.remainder(context.x87(0), context.x87(1), nearest: nearest, environment)
            context.finishX87(remainder.result, into: 0, pops: false)
            let bits = remainder.quotientBits
            context.setX87C1(bits & 1 != 0)
            guard remainder.result.value?.isNaN == false else {
                return context.vector.fsw &= ~ExecutionContext.x87C2
            }
            context.setX87Conditions(c3: bits & 2 != 0, c2: !remainder.complete, c0: bits & 4 != 0)
        }
    }
}
