import X86

/// ADD ADC SUB SBB CMP INC DEC NEG MUL IMUL DIV IDIV (Intel SDM Vol. 2, and Vol. 1 Appendix A
/// for the flags each one writes).
enum BinaryArithmetic: SemanticFamily {
    static let semantics: [String: Semantic] = [
        "add": addLike(usesCarry: false) { a, b, _, width in FlagMath.add(a, b, width) },
        "adc": addLike(usesCarry: true) { a, b, carry, width in FlagMath.add(a, b, carry: carry, width) },
        "sub": addLike(usesCarry: false) { a, b, _, width in FlagMath.subtract(a, b, width) },
        "sbb": addLike(usesCarry: true) { a, b, carry, width in FlagMath.subtract(a, b, borrow: carry, width) },
        "cmp": Semantic { context throws(Fault) in
            let width = context.width(0)
            let (_, flags) = FlagMath.subtract(try context.read(0), try context.read(1), borrow: false, width)
            context.setFlags(RFlags.status, to: flags)
        },
        "inc": incDec(decrement: false),
        "dec": incDec(decrement: true),
        "neg": Semantic { context throws(Fault) in
            let width = context.width(0)
            let (result, flags) = FlagMath.subtract(0, try context.readForWrite(0), width)
            try context.write(0, result)
            context.setFlags(RFlags.status, to: flags)
        },
        "mul": Semantic { context throws(Fault) in
            try multiplyWide(&context, signed: false)
        },
        "imul": Semantic { context throws(Fault) in
            if context.operands.count == 1 {
                try multiplyWide(&context, signed: true)
            } else {
                try multiplyTruncating(&context)
            }
        },
        "div": Semantic { context throws(Fault) in
            try divide(&context, signed: false)
        },
        "idiv": Semantic { context throws(Fault) in
            try divide(&context, signed: true)
        },
    ]

    /// SF, ZF, AF and PF after MUL and IMUL (Intel SDM Vol. 2A, MUL and IMUL: "undefined"). Zen 4
    /// leaves them as they were (measured over every form and width).
    static let productUndefined = RFlags.sf | RFlags.zf | RFlags.af | RFlags.pf

    /// `dest = dest op src (op CF)`, all six status flags from `operation`.
    private static func addLike(usesCarry: Bool,
                                _ operation: @escaping @Sendable (UInt64, UInt64, Bool, Width) -> (result: UInt64, flags: UInt64))
        -> Semantic {
        Semantic { context throws(Fault) in
            let width = context.width(0)
            let destination = try context.readForWrite(0)
            let source = try context.read(1)
            let carryIn = usesCarry && context.flag(RFlags.cf)
            let (result, flags) = operation(destination, source, carryIn, width)
            try context.write(0, result)
            context.setFlags(RFlags.status, to: flags)
        }
    }

    /// INC and DEC: like ADD/SUB 1, but CF is left alone.
    private static func incDec(decrement: Bool) -> Semantic {
        let defined = RFlags.status & ~RFlags.cf
        return Semantic { context throws(Fault) in
            let width = context.width(0)
            let value = try context.readForWrite(0)
            let (result, flags) = decrement ? FlagMath.subtract(value, 1, width) : FlagMath.add(value, 1, width)
            try context.write(0, result)
            context.setFlags(defined, to: flags)
        }
    }

    /// One-operand MUL/IMUL: rDX:rAX (AX for bytes) = rAX * source; CF = OF = the high half
    /// carries significant bits.
    private static func multiplyWide(_ context: inout ExecutionContext, signed: Bool) throws(Fault) {
        let width = context.width(0)
        let source = try context.read(0)
        let accumulator = context.readGPR(.rax, width)
        let (high, low) = product(accumulator, source, width, signed: signed)
        if width.bytes == 1 {
            context.writeGPR(.rax, .word, (high << 8) | low)
        } else {
            context.writeGPR(.rax, width, low)
            context.writeGPR(.rdx, width, high)
        }
        let significantHigh = signed ? high != (width.isNegative(low) ? width.mask : 0) : high != 0
        context.setFlags(RFlags.cf | RFlags.of, to: significantHigh ? RFlags.cf | RFlags.of : 0)
        context.leaveUndefined(productUndefined, answering: .multiply)
    }

    /// Two- and three-operand IMUL: destination = source1 * source2 cut to the width; CF = OF =
    /// the signed product did not fit.
    private static func multiplyTruncating(_ context: inout ExecutionContext) throws(Fault) {
        let width = context.width(0)
        let factors = context.operands.count == 3 ? (try context.read(1), try context.read(2)) : (try context.read(0), try context.read(1))
        let (high, low) = product(factors.0, factors.1, width, signed: true)
        try context.write(0, low)
        let overflow = high != (width.isNegative(low) ? width.mask : 0)
        context.setFlags(RFlags.cf | RFlags.of, to: overflow ? RFlags.cf | RFlags.of : 0)
        context.leaveUndefined(productUndefined, answering: .multiply)
    }

    /// The double-width product of two `width` values, as (high, low) halves of `width` each.
    static func product(_ a: UInt64, _ b: UInt64, _ width: Width, signed: Bool) -> (high: UInt64, low: UInt64) {
        if signed {
            let x = Int64(bitPattern: width.signExtend(a)), y = Int64(bitPattern: width.signExtend(b))
            let (high, low) = x.multipliedFullWidth(by: y)
            let full128High = UInt64(bitPattern: high), full128Low = low
            if width.bytes == 8 { return (full128High, full128Low) }
            return (width.truncate(full128Low >> UInt64(width.bits)), width.truncate(full128Low))
        }
        let (high, low) = width.truncate(a).multipliedFullWidth(by: width.truncate(b))
        if width.bytes == 8 { return (high, low) }
        return (width.truncate(low >> UInt64(width.bits)), width.truncate(low))
    }

    /// DIV/IDIV: rDX:rAX (AX for bytes) / source into quotient rAX (AL) and remainder rDX (AH).
    /// #DE for a zero divisor or a quotient that does not fit. All status flags are undefined
    /// (Intel SDM Vol. 2A, DIV, IDIV); Zen 4 sets AF, clears PF, ZF and SF and keeps CF and OF
    /// (measured over every width, signed and unsigned).
    private static func divide(_ context: inout ExecutionContext, signed: Bool) throws(Fault) {
        let width = context.width(0)
        let divisor = try context.read(0)
        guard divisor != 0 else { throw .divideError }
        let low: UInt64, high: UInt64
        if width.bytes == 1 {
            let ax = context.readGPR(.rax, .word)
            (high, low) = (ax >> 8, ax & 0xFF)
        } else {
            (high, low) = (context.readGPR(.rdx, width), context.readGPR(.rax, width))
        }
        let (quotient, remainder) = signed
            ? try signedQuotient(high: high, low: low, divisor: divisor, width)
            : try unsignedQuotient(high: high, low: low, divisor: divisor, width)
        if width.bytes == 1 {
            context.writeGPR(.rax, .word, (remainder << 8) | quotient)
        } else {
            context.writeGPR(.rax, width, quotient)
            context.writeGPR(.rdx, width, remainder)
        }
        context.leaveUndefined(RFlags.status, answering: .divide)
    }

    private static func unsignedQuotient(high: UInt64, low: UInt64, divisor: UInt64, _ width: Width) throws(Fault)
        -> (UInt64, UInt64) {
        if width.bytes == 8 {
            guard high < divisor else { throw .divideError }
            let (quotient, remainder) = divisor.dividingFullWidth((high, low))
            return (quotient, remainder)
        }
        let dividend = (high << UInt64(width.bits)) | low
        let quotient = dividend / divisor
        guard quotient <= width.mask else { throw .divideError }
        return (quotient, dividend % divisor)
    }

    private static func signedQuotient(high: UInt64, low: UInt64, divisor: UInt64, _ width: Width) throws(Fault)
        -> (UInt64, UInt64) {
        let d = Int64(bitPattern: width.signExtend(divisor))
        if width.bytes == 8 {
            let magnitude = SignedDividend(high: high, low: low)
            return try magnitude.divide(by: d)
        }
        let doubleWidth = UInt64(64 - 2 * width.bits)
        let dividend = (Int64(bitPattern: (high << UInt64(width.bits)) | low) << doubleWidth) >> doubleWidth
        let (quotient, overflow) = dividend.dividedReportingOverflow(by: d)
        let limit = Int64(1) << Int64(width.bits - 1)
        guard !overflow, quotient >= -limit, quotient < limit else { throw .divideError }
        return (width.truncate(UInt64(bitPattern: quotient)), width.truncate(UInt64(bitPattern: dividend % d)))
    }
}

/// A signed 128-bit dividend (RDX:RAX) for 64-bit IDIV.
private struct SignedDividend {
    var high: UInt64
    var low: UInt64

    var isNegative: Bool { high >> 63 != 0 }

    /// The two's-complement negation of a 128-bit value.
    static func negate(high: UInt64, low: UInt64) -> (UInt64, UInt64) {
        let newLow = ~low &+ 1
        return (~high &+ (newLow == 0 ? 1 : 0), newLow)
    }

    /// Truncating signed division, #DE when the quotient does not fit in 64 bits.
    func divide(by divisor: Int64) throws(Fault) -> (UInt64, UInt64) {
        let (magnitudeHigh, magnitudeLow) = isNegative ? Self.negate(high: high, low: low) : (high, low)
        let divisorMagnitude = divisor.magnitude
        guard magnitudeHigh < divisorMagnitude else { throw .divideError }
        let (quotient, remainder) = divisorMagnitude.dividingFullWidth((magnitudeHigh, magnitudeLow))
        let negativeQuotient = isNegative != (divisor < 0)
        if negativeQuotient {
            guard quotient <= UInt64(1) << 63 else { throw .divideError }
        } else {
            guard quotient < UInt64(1) << 63 else { throw .divideError }
        }
        let signedQuotient = negativeQuotient ? 0 &- quotient : quotient
        let signedRemainder = isNegative ? 0 &- remainder : remainder
        return (signedQuotient, signedRemainder)
    }
}
