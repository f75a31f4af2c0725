/// The MXCSR controls an SSE/AVX floating-point operation depends on (Intel SDM Vol. 1 §10.2.3):
/// the rounding mode, DAZ, FTZ and the six exception masks.
public struct FloatEnvironment: Sendable, Hashable {
    public var rounding: RoundingMode
    /// MXCSR.DAZ: denormal source operands read as zeros of their sign, without DE (§10.2.3.4).
    public var denormalsAreZero: Bool
    /// MXCSR.FZ: with underflow masked, tiny results become zeros of their sign (§10.2.3.3).
    public var flushToZero: Bool
    /// The exceptions whose MXCSR mask bit is set.
    public var masked: Exceptions

    @inlinable
    public init(rounding: RoundingMode = .nearestEven, denormalsAreZero: Bool = false, flushToZero: Bool = false,
                masked: Exceptions = .all) {
        self.rounding = rounding
        self.denormalsAreZero = denormalsAreZero
        self.flushToZero = flushToZero
        self.masked = masked
    }

    /// The controls of an MXCSR value; its flag bits (0-5) are ignored.
    @inlinable
    public init(mxcsr: UInt32) {
        rounding = RoundingMode(rawValue: UInt8(truncatingIfNeeded: mxcsr >> 13) & 3)!
        denormalsAreZero = mxcsr & (1 << 6) != 0
        flushToZero = mxcsr & (1 << 15) != 0
        masked = Exceptions(rawValue: (mxcsr >> 7) & Exceptions.all.rawValue)
    }

    /// The MXCSR control bits of this environment, with no flags set.
    @inlinable
    public var mxcsr: UInt32 {
        UInt32(rounding.rawValue) << 13 | (denormalsAreZero ? 1 << 6 : 0) | (flushToZero ? 1 << 15 : 0) | masked.rawValue << 7
    }

    /// Whether `raised` includes an unmasked exception, so the instruction takes #XM (with
    /// CR4.OSXMMEXCPT set) and leaves its destination unchanged (Vol. 1 §11.5.3.2).
    @inlinable
    public func faults(_ raised: Exceptions) -> Bool {
        !raised.subtracting(masked).isEmpty
    }

    /// The flags MXCSR records for a vector instruction whose lanes raised `raised` between them:
    /// when any lane has an unmasked pre-computation exception no lane computes, so only the
    /// pre-computation flags of all lanes are recorded (Vol. 1 §11.5.3.3, measured on Zen 4).
    /// Each operation's own result already obeys this for its lane.
    @inlinable
    public func recorded(_ raised: Exceptions) -> Exceptions {
        let preComputation = raised.intersection(.preComputation)
        return faults(preComputation) ? preComputation : raised
    }

    /// The rounding mode a ROUNDPS or VCVTPS2PH immediate selects: imm8[1:0], or MXCSR.RC when
    /// imm8[2] is set (Vol. 2, ROUNDPS and VCVTPS2PH).
    @inlinable
    public func rounding(immediate: UInt8) -> RoundingMode {
        immediate & 4 != 0 ? rounding : RoundingMode(rawValue: immediate & 3)!
    }
}
