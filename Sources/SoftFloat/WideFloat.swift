/// A binary floating-point value with a 128-bit significand and an unbounded exponent, for the
/// reference values of the x87 transcendentals: each operation truncates, so a result built
/// from a few dozen of them is within about 2^-120 relative of exact, far below the 64-bit
/// significand the CPU rounds to.
public struct WideFloat: Sendable, Hashable {
    public var negative: Bool
    /// The value is `significand * 2^(exponent - 127)`; bit 127 is set unless the value is zero.
    public var exponent: Int
    public var significand: UInt128

    public static let zero = WideFloat(negative: false, exponent: 0, significand: 0)
    public static let one = WideFloat(negative: false, exponent: 0, significand: 1 << 127)

    @inlinable
    public init(negative: Bool, exponent: Int, significand: UInt128) {
        self.negative = negative
        if significand == 0 {
            self.exponent = 0
            self.significand = 0
            return
        }
        let shift = significand.leadingZeroBitCount
        self.exponent = exponent - shift
        self.significand = significand << UInt128(shift)
    }

    /// A finite 80-bit value, exactly.
    @inlinable
    public init(_ value: Extended) {
        guard value.kind != .zero else {
            self = .zero
            return
        }
        let unpacked = Extended.Unpacked(value)
        self.init(negative: value.isNegative, exponent: unpacked.exponent, significand: UInt128(unpacked.significand) << 64)
    }

    @inlinable public var isZero: Bool { significand == 0 }
    @inlinable public var negated: WideFloat { WideFloat(negative: !negative, exponent: exponent, significand: significand) }

    @inlinable
    public static func * (a: WideFloat, b: WideFloat) -> WideFloat {
        if a.isZero || b.isZero { return .zero }
        let product = a.significand.multipliedFullWidth(by: b.significand)
        return WideFloat(negative: a.negative != b.negative, exponent: a.exponent + b.exponent + 1, significand: product.high)
    }

    @inlinable
    public static func + (a: WideFloat, b: WideFloat) -> WideFloat {
        if a.isZero { return b }
        if b.isZero { return a }
        let aFirst = a.exponent > b.exponent || (a.exponent == b.exponent && a.significand >= b.significand)
        let (large, small) = aFirst ? (a, b) : (b, a)
        let distance = large.exponent - small.exponent
        let aligned = distance >= 127 ? 0 : (small.significand >> 1) >> UInt128(distance)
        let top = large.significand >> 1
        if large.negative == small.negative {
            return WideFloat(negative: large.negative, exponent: large.exponent + 1, significand: top + aligned)
        }
        return WideFloat(negative: large.negative, exponent: large.exponent + 1, significand: top - aligned)
    }

    @inlinable
    public static func - (a: WideFloat, b: WideFloat) -> WideFloat { a + b.negated }

    /// `a / b` for b nonzero.
    @inlinable
    public static func / (a: WideFloat, b: WideFloat) -> WideFloat {
        if a.isZero { return .zero }
        // (a / 2) / b with a 256-bit dividend: a quotient of 127 or 128 bits.
        let quotient = b.significand.dividingFullWidth((high: a.significand >> 1, low: a.significand << 127)).quotient
        return WideFloat(negative: a.negative != b.negative, exponent: a.exponent - b.exponent, significand: quotient)
    }

    /// `a / divisor` for a small positive integer.
    @inlinable
    public static func / (a: WideFloat, divisor: UInt64) -> WideFloat {
        a / WideFloat(negative: false, exponent: 127, significand: UInt128(divisor))
    }

    /// Rounded to an 80-bit register per `environment` (bits beyond the 128 kept count as a
    /// nonzero rest: the values are irrational), with the flags and C1 the rounding gives.
    @inlinable
    public func rounded(_ environment: ExtendedEnvironment) -> ExtendedResult {
        if isZero { return ExtendedResult(value: .zero(negative: negative)) }
        return Extended.round(negative: negative, exponent: exponent, significand: significand | 1, environment, raised: [])
    }
}
