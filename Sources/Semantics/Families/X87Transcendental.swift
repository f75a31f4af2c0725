import SoftFloat
import X86

/// The x87 transcendentals (Intel SDM Vol. 2A, FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1, FYL2X,
/// FYL2XP1). The CPU does not round them correctly, so a finite nonzero result is the reference
/// (`Extended.sineAndCosine` ...) rounded per RC at 64 bits, judged within a bound
/// (`ApproximateX87Register`), with C1 left to the comparator; zeros, infinities, NaNs, the
/// exceptions and C2 for an argument out of range are exact, as the manual's tables give them.
/// Outside the domain the manual defines (F2XM1 beyond ±1, FYL2XP1 beyond ±(1 - sqrt(2)/2)) the
/// result is undefined and not predicted. C0 and C3 are undefined after each (and C2 but for the
/// trigonometric ones).
enum X87Transcendental: SemanticFamily {
    static let semantics: [String: Semantic] = [
        "fsin": trigonometric(pushes: false) { sine, _, _ in [sine] }, "fcos": trigonometric(pushes: false) { _, cosine, _ in [cosine] },
        "fsincos": trigonometric(pushes: true) { sine, cosine, _ in [sine, cosine] },
        "fptan": trigonometric(pushes: true) { _, _, tangent in [tangent(), .exact(one)] },
        "f2xm1": f2xm1, "fyl2x": logarithm(plusOne: false), "fyl2xp1": logarithm(plusOne: true), "fpatan": fpatan,
    ]

    static func accepts(_ instruction: Instruction) -> Bool { true }

    private static let one = ExtendedResult(value: Extended(signExponent: 0x3FFF, significand: 1 << 63))

    /// A result: an exact value, or a reference to round and judge by the bound.
    enum Value {
        case exact(ExtendedResult)
        case approximate(WideFloat)
    }

    /// The values `body` gives for the registers, ST(0) last: `results[0]` replaces ST(0) (or,
    /// with `pops`, ST(1) before the pop), and any further one is pushed.
    private static func store(_ context: inout ExecutionContext, _ results: [Value], pops: Bool, environment: ExtendedEnvironment) {
        var values: [Extended] = []
        var approximate: [Int] = []
        var raised: Exceptions = []
        var roundedUp = false
        for (position, result) in results.enumerated() {
            let rounded: ExtendedResult
            switch result {
            case .exact(let exact): rounded = exact
            case .approximate(let reference):
                rounded = reference.rounded(environment.atExtendedPrecision)
                approximate.append(position)
            }
            raised.formUnion(rounded.exceptions)
            roundedUp = roundedUp || rounded.roundedUp
            guard let value = rounded.value else {
                context.raiseX87(raised)
                context.setX87C1(false)
                return
            }
            values.append(value)
        }
        context.raiseX87(raised)
        context.setX87C1(roundedUp)
        if !approximate.isEmpty { context.leaveStatusWordUndefined(ExecutionContext.x87C1) }
        context.setX87(pops ? 1 : 0, values[0])
        if pops { context.popX87() }
        for value in values.dropFirst() { context.pushX87(value) }
        for position in approximate {
            let stackIndex = values.count - 1 - position
            context.approximateX87.append(ApproximateX87Register(stackIndex: stackIndex, function: context.instruction.mnemonic))
        }
    }

    /// The checks every one makes first: #MF, the environment, and an empty source (`sources`
    /// registers) or a full destination (`pushes`) as a stack fault; nil when that ends it.
    private static func begin(_ context: inout ExecutionContext, sources: Int, pushes: Bool, pops: Bool) throws(Fault) -> ExtendedEnvironment? {
        try context.checkPendingX87Exception()
        let environment = try context.x87Environment()
        let underflow = (0..<sources).contains { context.x87IsEmpty($0) }
        if underflow || (pushes && !context.x87IsEmpty(7)) {
            if context.x87StackFault(overflow: !underflow) {
                store(&context, Array(repeating: .exact(ExtendedResult(value: .indefinite)), count: pushes ? 2 : 1), pops: pops,
                      environment: ExtendedEnvironment())
                context.setX87C1(!underflow)
            }
            return nil
        }
        return environment
    }

    /// The flags and result of an operand that is a NaN, unsupported or denormal, as for the
    /// arithmetic (`Extended.nonNumericResult`, then DE); nil when the operands are numbers and
    /// the operation goes on, with `raised` holding DE.
    private static func special(_ a: Extended, _ b: Extended?, _ environment: ExtendedEnvironment,
                                raised: inout Exceptions) -> ExtendedResult? {
        if let result = Extended.nonNumericResult(a, b, environment) { return result }
        let (denormal, stop) = Extended.denormalCheck(a, b, environment)
        raised = denormal
        return stop
    }

    /// FSIN, FCOS, FSINCOS, FPTAN: `results` picks ST(0)'s value (and the one `pushes` pushes)
    /// from sin x, cos x and tan x. |x| >= 2^63 sets C2 and changes nothing; an infinity is
    /// invalid; a zero gives exact values.
    private static func trigonometric(pushes: Bool,
                                      _ results: @escaping @Sendable (Value, Value, () -> Value) -> [Value]) -> Semantic {
        Semantic { context throws(Fault) in
            context.leaveStatusWordUndefined(ExecutionContext.x87C3 | ExecutionContext.x87C0)
            context.vector.fsw &= ~ExecutionContext.x87C2
            guard let environment = try begin(&context, sources: 1, pushes: pushes, pops: false) else { return }
            let x = context.x87(0)
            var raised: Exceptions = []
            if let result = special(x, nil, environment, raised: &raised) {
                return store(&context, Array(repeating: .exact(result), count: pushes ? 2 : 1), pops: false, environment: environment)
            }
            if x.kind == .infinity {
                let invalid = Extended.invalidOperation(environment)
                return store(&context, Array(repeating: .exact(invalid), count: pushes ? 2 : 1), pops: false, environment: environment)
            }
            if x.kind != .zero && x.exponent >= 63 {
                context.vector.fsw |= ExecutionContext.x87C2
                context.setX87C1(false)
                return
            }
            context.raiseX87(raised)
            if x.kind == .zero {
                let zero = Value.exact(ExtendedResult(value: x))
                return store(&context, results(zero, .exact(one), { zero }), pops: false, environment: environment)
            }
            let (sine, cosine) = Extended.sineAndCosine(x)
            store(&context, results(.approximate(sine), .approximate(cosine), { .approximate(sine / cosine) }), pops: false,
                  environment: environment)
        }
    }

    /// F2XM1: 2^x - 1 for |x| <= 1 (Vol. 2A, F2XM1: undefined beyond).
    private static let f2xm1 = Semantic { context throws(Fault) in
        context.leaveX87ConditionsUndefined()
        guard let environment = try begin(&context, sources: 1, pushes: false, pops: false) else { return }
        let x = context.x87(0)
        var raised: Exceptions = []
        if let result = special(x, nil, environment, raised: &raised) { return store(&context, [.exact(result)], pops: false, environment: environment) }
        if x.kind == .infinity || x.exponent > 0 || (x.exponent == 0 && x.significand != 1 << 63) {
            throw .notModelled("f2xm1 outside -1..+1 (undefined, Vol. 2A F2XM1)")
        }
        context.raiseX87(raised)
        if x.kind == .zero { return store(&context, [.exact(ExtendedResult(value: x))], pops: false, environment: environment) }
        store(&context, [.approximate(Extended.twoToTheMinusOne(x))], pops: false, environment: environment)
    }

    /// FYL2X: ST(1) := ST(1) * log2(ST(0)), and FYL2XP1: ST(1) := ST(1) * log2(ST(0) + 1), then a
    /// pop (Vol. 2A, the tables of FYL2X and FYL2XP1).
    private static func logarithm(plusOne: Bool) -> Semantic {
        Semantic { context throws(Fault) in
            context.leaveX87ConditionsUndefined()
            guard let environment = try begin(&context, sources: 2, pushes: false, pops: true) else { return }
            let (x, y) = (context.x87(0), context.x87(1))
            if let result = Extended.nonNumericResult(x, y, environment) { return store(&context, [.exact(result)], pops: true, environment: environment) }
            if plusOne && (x.kind == .infinity || !Extended.isInLogarithmPlusOneDomain(x)) {
                throw .notModelled("fyl2xp1 outside ±(1 - sqrt(2)/2) (undefined, Vol. 2A FYL2XP1)")
            }
            // The sign of log2(x) (or of log2(x + 1)), 0 for a zero logarithm, and whether it is infinite.
            let logSign: Int, logInfinite: Bool
            if plusOne {
                (logSign, logInfinite) = (x.kind == .zero ? 0 : x.isNegative ? -1 : 1, false)
            } else {
                let one = x.kind == .normal && x.signExponent == 0x3FFF && x.significand == 1 << 63
                logSign = x.kind == .zero ? -1 : one ? 0 : x.exponent < 0 ? -1 : 1
                logInfinite = x.kind == .zero || x.kind == .infinity
            }
            let ySign = y.kind == .zero ? 0 : y.isNegative ? -1 : 1
            // log2(1 + x) of a zero x is that zero, with its sign.
            let negative = y.isNegative != (plusOne && x.kind == .zero ? x.isNegative : logSign < 0)
            // Invalid, then divide-by-zero, rank above a denormal operand (measured on Zen 3).
            if (!plusOne && x.isNegative && x.kind != .zero) || (y.kind == .zero && logInfinite) || (y.kind == .infinity && logSign == 0) {
                return store(&context, [.exact(Extended.invalidOperation(environment))], pops: true, environment: environment)
            }
            if x.kind == .zero && !plusOne && y.kind != .infinity {
                let value: Extended? = environment.masks.contains(.divideByZero) ? .infinity(negative: negative) : nil
                return store(&context, [.exact(ExtendedResult(value: value, exceptions: .divideByZero))], pops: true, environment: environment)
            }
            let (raised, stop) = Extended.denormalCheck(x, y, environment)
            if let stop { return store(&context, [.exact(stop)], pops: true, environment: environment) }
            context.raiseX87(raised)
            if y.kind == .infinity || logInfinite {
                return store(&context, [.exact(ExtendedResult(value: .infinity(negative: negative)))], pops: true, environment: environment)
            }
            if ySign == 0 || logSign == 0 {
                return store(&context, [.exact(ExtendedResult(value: .zero(negative: negative)))], pops: true, environment: environment)
            }
            let reference = plusOne ? Extended.yLogTwoXPlusOne(x, y) : Extended.yLogTwoX(x, y)
            store(&context, [.approximate(reference)], pops: true, environment: environment)
        }
    }

    /// FPATAN: ST(1) := the angle of (ST(0), ST(1)), then a pop; zeros and infinities give the
    /// multiples of pi/4 of the manual's table (Vol. 2A, FPATAN), themselves rounded.
    private static let fpatan = Semantic { context throws(Fault) in
        context.leaveX87ConditionsUndefined()
        guard let environment = try begin(&context, sources: 2, pushes: false, pops: true) else { return }
        let (x, y) = (context.x87(0), context.x87(1))
        var raised: Exceptions = []
        if let result = special(x, y, environment, raised: &raised) { return store(&context, [.exact(result)], pops: true, environment: environment) }
        context.raiseX87(raised)
        let quarter = Extended.piWide / 4
        let angle: WideFloat
        switch (x.kind, y.kind) {
        case (.infinity, .infinity): angle = x.isNegative ? quarter + quarter + quarter : quarter
        case (.infinity, _): angle = x.isNegative ? Extended.piWide : .zero
        case (_, .infinity): angle = quarter + quarter
        case (.zero, .zero): angle = x.isNegative ? Extended.piWide : .zero
        case (_, .zero): angle = x.isNegative ? Extended.piWide : .zero
        case (.zero, _): angle = quarter + quarter
        default: return store(&context, [.approximate(Extended.arctangent(y: y, x: x))], pops: true, environment: environment)
        }
        if angle.isZero {
            return store(&context, [.exact(ExtendedResult(value: .zero(negative: y.isNegative)))], pops: true, environment: environment)
        }
        store(&context, [.approximate(y.isNegative ? angle.negated : angle)], pops: true, environment: environment)
    }
}
