/// x87 arithmetic on 80-bit values, computed exactly in integers and rounded once
/// (`Extended.round`), without the host's floating point.
extension Extended {
    /// FADD: `a + b` (Intel SDM Vol. 2A, FADD; invalid for infinities of opposite signs).
    @inlinable
    public static func add(_ a: Extended, _ b: Extended, _ environment: ExtendedEnvironment) -> ExtendedResult {
        sum(a, b, subtracting: false, environment)
    }

    /// FSUB: `a - b` (Vol. 2A, FSUB); FSUBR is `subtract(b, a)`.
    @inlinable
    public static func subtract(_ a: Extended, _ b: Extended, _ environment: ExtendedEnvironment) -> ExtendedResult {
        sum(a, b, subtracting: true, environment)
    }

    /// An exact zero sum is +0, or -0 when rounding down, unless both addends are zeros of the
    /// same sign (Vol. 2A, FADD table).
    @inlinable
    static func sum(_ a: Extended, _ b: Extended, subtracting: Bool, _ environment: ExtendedEnvironment) -> ExtendedResult {
        if let result = nonNumericResult(a, b, environment) { return result }
        let signB = b.isNegative != subtracting
        if a.kind == .infinity || b.kind == .infinity {
            if a.kind == .infinity && b.kind == .infinity && a.isNegative != signB { return invalidOperation(environment) }
        }
        let (raised, stop) = denormalCheck(a, b, environment)
        if let stop { return stop }
        if a.kind == .infinity || b.kind == .infinity {
            return ExtendedResult(value: .infinity(negative: a.kind == .infinity ? a.isNegative : signB), exceptions: raised)
        }
        if a.kind == .zero && b.kind == .zero {
            let negative = a.isNegative == signB ? a.isNegative : environment.rounding == .down
            return ExtendedResult(value: .zero(negative: negative), exceptions: raised)
        }
        if b.kind == .zero { return rounded(a, negative: a.isNegative, environment, raised: raised) }
        if a.kind == .zero { return rounded(b, negative: signB, environment, raised: raised) }

        // Both finite and nonzero: the larger magnitude's significand at bit 126 (a spare bit for
        // the carry), the smaller shifted below it with a sticky bit. Bits are lost only when the
        // exponents are over 63 apart, and then at most one bit cancels.
        let x = Unpacked(a), y = Unpacked(b)
        let aFirst = x.exponent > y.exponent || (x.exponent == y.exponent && x.significand >= y.significand)
        let (large, largeSign, small) = aFirst ? (x, a.isNegative, y) : (y, signB, x)
        let larger = UInt128(large.significand) << 63
        let smaller = shiftRightJamming(UInt128(small.significand) << 63, by: large.exponent - small.exponent)
        let total = a.isNegative == signB ? larger + smaller : larger - smaller
        if total == 0 { return ExtendedResult(value: .zero(negative: environment.rounding == .down), exceptions: raised) }
        let shift = total.leadingZeroBitCount
        return round(negative: largeSign, exponent: large.exponent + 1 - shift, significand: total << UInt128(shift),
                     environment, raised: raised)
    }

    /// A finite nonzero value rounded to the precision control as it is.
    @inlinable
    static func rounded(_ value: Extended, negative: Bool, _ environment: ExtendedEnvironment, raised: Exceptions) -> ExtendedResult {
        let unpacked = Unpacked(value)
        return round(negative: negative, exponent: unpacked.exponent, significand: UInt128(unpacked.significand) << 64,
                     environment, raised: raised)
    }

    /// FMUL: `a * b` (Vol. 2A, FMUL; invalid for zero times infinity).
    @inlinable
    public static func multiply(_ a: Extended, _ b: Extended, _ environment: ExtendedEnvironment) -> ExtendedResult {
        if let result = nonNumericResult(a, b, environment) { return result }
        let negative = a.isNegative != b.isNegative
        if (a.kind == .infinity && b.kind == .zero) || (a.kind == .zero && b.kind == .infinity) {
            return invalidOperation(environment)
        }
        let (raised, stop) = denormalCheck(a, b, environment)
        if let stop { return stop }
        if a.kind == .infinity || b.kind == .infinity { return ExtendedResult(value: .infinity(negative: negative), exceptions: raised) }
        if a.kind == .zero || b.kind == .zero { return ExtendedResult(value: .zero(negative: negative), exceptions: raised) }
        let x = Unpacked(a), y = Unpacked(b)
        let product = UInt128(x.significand) * UInt128(y.significand)
        let shift = product.leadingZeroBitCount
        return round(negative: negative, exponent: x.exponent + y.exponent + 1 - shift, significand: product << UInt128(shift),
                     environment, raised: raised)
    }

    /// FDIV: `a / b` (Vol. 2A, FDIV; invalid for 0/0 and infinity/infinity, divide-by-zero for a
    /// finite nonzero dividend over zero, which ranks above a denormal operand, Vol. 1 §4.9.2).
    @inlinable
    public static func divide(_ a: Extended, _ b: Extended, _ environment: ExtendedEnvironment) -> ExtendedResult {
        if let result = nonNumericResult(a, b, environment) { return result }
        let negative = a.isNegative != b.isNegative
        if (a.kind == .infinity && b.kind == .infinity) || (a.kind == .zero && b.kind == .zero) {
            return invalidOperation(environment)
        }
        if b.kind == .zero && a.kind != .infinity {
            return ExtendedResult(value: environment.masked(.divideByZero) ? .infinity(negative: negative) : nil, exceptions: .divideByZero)
        }
        let (raised, stop) = denormalCheck(a, b, environment)
        if let stop { return stop }
        if a.kind == .infinity || b.kind == .zero { return ExtendedResult(value: .infinity(negative: negative), exceptions: raised) }
        if a.kind == .zero || b.kind == .infinity { return ExtendedResult(value: .zero(negative: negative), exceptions: raised) }
        let x = Unpacked(a), y = Unpacked(b)
        let divisor = UInt128(y.significand)
        var (quotient, remainder) = (UInt128(x.significand) << 64).quotientAndRemainder(dividingBy: divisor)
        for _ in 0..<2 {
            remainder <<= 1
            quotient <<= 1
            if remainder >= divisor {
                remainder -= divisor
                quotient |= 1
            }
        }
        // quotient = a/b * 2^66 (truncated), one sticky bit below it.
        let exact = quotient << 1 | (remainder == 0 ? 0 : 1)
        let shift = exact.leadingZeroBitCount
        return round(negative: negative, exponent: x.exponent - y.exponent - 67 + 127 - shift, significand: exact << UInt128(shift),
                     environment, raised: raised)
    }

    /// FSQRT (Vol. 2A, FSQRT): invalid for a negative nonzero operand; -0 stays -0.
    @inlinable
    public static func squareRoot(_ a: Extended, _ environment: ExtendedEnvironment) -> ExtendedResult {
        if let result = nonNumericResult(a, nil, environment) { return result }
        if a.kind == .zero { return ExtendedResult(value: a) }
        if a.isNegative { return invalidOperation(environment) }
        let (raised, stop) = denormalCheck(a, nil, environment)
        if let stop { return stop }
        if a.kind == .infinity { return ExtendedResult(value: a, exceptions: raised) }
        // a = significand * 2^(exponent - 63); the radicand is the significand shifted so that
        // the remaining power of two is even, with 128 bits: its root has 64.
        let x = Unpacked(a)
        let shift = x.exponent & 1 == 0 ? 63 : 64
        let radicand = UInt128(x.significand) << UInt128(shift)
        let (root, remainder) = integerSquareRoot(radicand)
        // The next bit of the root is 1 when remainder > root (4(n - r^2) >= 4r + 1); a root
        // is never exactly halfway, so any remainder is the sticky bit.
        let exact = root << 2 | (remainder > root ? 2 : 0) | (remainder == 0 ? 0 : 1)
        return round(negative: false, exponent: 63 + (x.exponent - 63 - shift) / 2, significand: exact << 62,
                     environment, raised: raised)
    }

    /// The integer square root of `n` and `n - root^2`, a bit at a time.
    @inlinable
    static func integerSquareRoot(_ n: UInt128) -> (root: UInt128, remainder: UInt128) {
        var rest = n
        var root: UInt128 = 0
        var bit: UInt128 = 1 << 126
        while bit > n { bit >>= 2 }
        while bit != 0 {
            if rest >= root + bit {
                rest -= root + bit
                root = root >> 1 + bit
            } else {
                root >>= 1
            }
            bit >>= 2
        }
        return (root, rest)
    }
}
