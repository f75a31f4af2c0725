import SoftFloat
import X86

/// A single-precision lane whose bits are the CPU's own table: RCPPS/RCPSS and RSQRTPS/RSQRTSS
/// approximate 1/x and 1/sqrt(x), and the manuals bound only the relative error (Intel SDM Vol. 2B,
/// RCPPS, RSQRTPS: |relative error| <= 1.5 * 2^-12). The model predicts such a lane by the bound,
/// not by its bits; the comparator judges the CPU's lane with `accepts`.
public struct ApproximateLane: Sendable, Hashable {
    /// What the lane approximates.
    public enum Function: String, Sendable, Hashable {
        case reciprocal
        case reciprocalSquareRoot
    }

    /// The YMM register that holds the lane, and the lane's index in 32-bit elements.
    public var register: Int
    public var lane: Int
    public var function: Function
    /// The operand: a positive or negative normal single (a reciprocal square root's is positive).
    public var input: UInt32

    public init(register: Int, lane: Int, function: Function, input: UInt32) {
        self.register = register
        self.lane = lane
        self.function = function
        self.input = input
    }

    /// True when `output` approximates the function of `input` within the manuals' bound, with the
    /// input's sign; or, for a reciprocal whose exact value is below the smallest normal (times the
    /// bound), is the zero of that sign (Intel SDM, RCPPS: "tiny results are always flushed to 0.0,
    /// with the sign of the operand"). Decided in integer arithmetic.
    public func accepts(_ output: UInt32) -> Bool {
        let sign = input & 0x8000_0000
        guard output & 0x8000_0000 == sign else { return false }
        let magnitude = output & 0x7FFF_FFFF
        let (inputSignificand, inputExponent) = Self.unpack(input)
        if magnitude == 0 {
            // 1/x < 2^-126 * (1 + 1.5 * 2^-12)  <=>  x * 2^126 > 2^13 / (2^13 + 3)
            guard function == .reciprocal else { return false }
            return Self.exceeds(UInt128(inputSignificand) * ((1 << 13) + 3), exponent: inputExponent - 126, UInt128(1) << 13)
        }
        guard magnitude >= 0x0080_0000, magnitude < 0x7F80_0000 else { return false }
        let (outputSignificand, outputExponent) = Self.unpack(magnitude)
        switch function {
        case .reciprocal:
            // |x * y - 1| <= 3 * 2^-13
            let product = UInt128(inputSignificand) * UInt128(outputSignificand)
            return Self.within(product, exponent: inputExponent + outputExponent, low: (1 << 13) - 3, high: (1 << 13) + 3, bits: 13)
        case .reciprocalSquareRoot:
            // (1 - 3 * 2^-13)^2 <= y^2 * x <= (1 + 3 * 2^-13)^2
            let product = UInt128(outputSignificand) * UInt128(outputSignificand) * UInt128(inputSignificand)
            return Self.within(product, exponent: 2 * outputExponent + inputExponent,
                               low: ((1 << 13) - 3) * ((1 << 13) - 3), high: ((1 << 13) + 3) * ((1 << 13) + 3), bits: 26)
        }
    }

    /// A normal single as significand (24 bits, with the leading one) and the exponent of its last bit.
    private static func unpack(_ bits: UInt32) -> (UInt64, Int) {
        (UInt64(bits & 0x7F_FFFF | 0x80_0000), Int((bits >> 23) & 0xFF) - 127 - 23)
    }

    /// `value * 2^exponent > threshold`, exactly (`value` below 2^64, `threshold` below 2^20).
    private static func exceeds(_ value: UInt128, exponent: Int, _ threshold: UInt128) -> Bool {
        if exponent >= 0 { return exponent > 40 || value << exponent > threshold }
        return -exponent < 100 && value > threshold << -exponent
    }

    /// `low * 2^-bits <= value * 2^exponent <= high * 2^-bits`, exactly.
    private static func within(_ value: UInt128, exponent: Int, low: UInt128, high: UInt128, bits: Int) -> Bool {
        let shift = exponent + bits   // value * 2^shift against [low, high]
        if shift >= 0 { return shift < 40 && value << shift >= low && value << shift <= high }
        guard -shift < 120 else { return false }
        return value >= low << -shift && value <= high << -shift
    }
}

/// An x87 register holding a transcendental's result (FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1,
/// FYL2X, FYL2XP1), which the CPU does not round correctly: measured on Zen 3 within 0.6 ulp of
/// the exact function (of the argument reduced with pi66 for the trigonometric ones; PLATFORM.md,
/// "x87 floating point on Zen 3"). The model's register holds the reference rounded per RC; the
/// comparator accepts the CPU's register within `bound` units in the last place of it.
public struct ApproximateX87Register: Sendable, Hashable {
    /// Stack position after the instruction.
    public var stackIndex: Int
    /// The mnemonic, for the divergence's text.
    public var function: String

    public static let bound: UInt128 = 1

    public init(stackIndex: Int, function: String) {
        self.stackIndex = stackIndex
        self.function = function
    }

    /// True when `cpu` is finite and within the bound of `model`.
    public func accepts(cpu: X87Register, model: X87Register) -> Bool {
        let (a, b) = (Extended(signExponent: cpu.signExponent, significand: cpu.significand),
                      Extended(signExponent: model.signExponent, significand: model.significand))
        guard let distance = a.ulpDistance(to: b) else { return false }
        return distance <= Self.bound
    }
}
