/// FPREM and FPREM1 (Intel SDM Vol. 2A): the partial remainder of `a / b`, exact.
extension Extended {
    /// A partial remainder: the value for st0, whether the reduction is complete (C2 clear), and
    /// the quotient's three low bits (Q2 in C0, Q1 in C3, Q0 in C1).
    public struct Remainder: Sendable, Hashable {
        public var result: ExtendedResult
        public var complete: Bool
        public var quotientBits: UInt8

        @inlinable
        public init(result: ExtendedResult, complete: Bool, quotientBits: UInt8) {
            self.result = result
            self.complete = complete
            self.quotientBits = quotientBits
        }
    }

    /// How many quotient bits one step of a partial remainder takes when the exponents are
    /// `distance` (64 or more) apart: "an implementation-dependent number between 32 and 63"
    /// (Vol. 2A, FPREM). Zen 3 takes 32 + distance mod 32, which leaves the exponents a multiple
    /// of 32 apart (measured: `ExtendedTests.remaindersAgreeWithTheCPU`).
    @inlinable
    public static func partialRemainderStep(distance: Int) -> Int { 32 + distance % 32 }

    /// FPREM (`nearest` false: the quotient truncated) and FPREM1 (`nearest`: the quotient
    /// rounded to nearest even). Exponents 64 or more apart take one step of
    /// `partialRemainderStep(distance:)` bits and leave the reduction incomplete. Invalid: b zero or a
    /// infinite. Over an infinite b the remainder is a.
    @inlinable
    public static func remainder(_ a: Extended, _ b: Extended, nearest: Bool, _ environment: ExtendedEnvironment) -> Remainder {
        func finished(_ result: ExtendedResult) -> Remainder { Remainder(result: result, complete: true, quotientBits: 0) }
        if let result = nonNumericResult(a, b, environment) { return finished(result) }
        if a.kind == .infinity || b.kind == .zero { return finished(invalidOperation(environment)) }
        let (raised, stop) = denormalCheck(a, b, environment)
        if let stop { return finished(stop) }
        if a.kind == .zero { return finished(ExtendedResult(value: a, exceptions: raised)) }
        let x = Unpacked(a), y = Unpacked(b)
        // Over infinity the remainder is a, normalized (a pseudo-denormal comes back with exponent 1).
        if b.kind == .infinity {
            return finished(exactly(negative: a.isNegative, UInt128(x.significand), exponent: x.exponent - 63, environment, raised: raised))
        }
        let distance = x.exponent - y.exponent
        let divisor = UInt128(y.significand)
        if distance >= 64 {
            // One step: the quotient's top bits, truncated.
            let step = partialRemainderStep(distance: distance)
            let partial = (UInt128(x.significand) << UInt128(step)) % divisor
            return Remainder(result: exactly(negative: a.isNegative, partial, exponent: y.exponent - 63 + distance - step,
                                             environment, raised: raised),
                             complete: false, quotientBits: 0)
        }
        // Quotient and remainder of a / b in units of b's last place (a's significand scaled by
        // 2^distance); when a's exponent is below b's, the quotient is 0 and the remainder a.
        var negative = a.isNegative
        var quotient: UInt128 = 0
        var rest: UInt128
        var unit = y.exponent - 63
        if distance >= 0 {
            let dividend = UInt128(x.significand) << UInt128(distance)
            (quotient, rest) = dividend.quotientAndRemainder(dividingBy: divisor)
        } else {
            rest = UInt128(x.significand)
            unit = x.exponent - 63
        }
        if nearest {
            // Compare the remainder with half of b, both in the remainder's unit.
            let shift = y.exponent - 63 - unit
            let twiceRest = rest << 1
            let divisorHere = shift >= 0 && shift < 64 ? divisor << UInt128(shift) : nil
            if let divisorHere, twiceRest > divisorHere || (twiceRest == divisorHere && quotient & 1 == 1) {
                quotient += 1
                rest = divisorHere - rest
                negative.toggle()
            }
        }
        let bits = UInt8(truncatingIfNeeded: quotient & 7)
        return Remainder(result: exactly(negative: negative, rest, exponent: unit, environment, raised: raised), complete: true,
                         quotientBits: bits)
    }

    /// `magnitude * 2^exponent`, exact, as the destination takes it; a zero keeps `negative`.
    @inlinable
    static func exactly(negative: Bool, _ magnitude: UInt128, exponent: Int, _ environment: ExtendedEnvironment,
                        raised: Exceptions) -> ExtendedResult {
        if magnitude == 0 { return ExtendedResult(value: .zero(negative: negative), exceptions: raised) }
        let shift = magnitude.leadingZeroBitCount
        return round(negative: negative, exponent: exponent + 127 - shift, significand: magnitude << UInt128(shift),
                     environment.atExtendedPrecision, raised: raised)
    }
}
