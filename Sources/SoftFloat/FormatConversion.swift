extension FloatFormat {
    /// CVTSS2SD/CVTSD2SS/CVTPS2PD/CVTPD2PS: `x` of format `Source` in this format, rounded per
    /// `environment` when narrowing (Intel SDM Vol. 2, CVTSD2SS). DAZ, DE and FTZ apply.
    @inlinable
    public static func convert<Source: FloatFormat>(_ x: Source.Bits, from _: Source.Type,
                                                    _ environment: FloatEnvironment) -> FloatResult<Bits> {
        FloatResult(conversion(UInt64(x), from: Source.self, environment, readsDenormals: true,
                               flushToZero: environment.flushToZero))
    }

    /// `x` of format `Source` in this one. A NaN keeps its sign and the top of its payload
    /// (shifted left or cut), made quiet, IE for an SNaN (Intel SDM Vol. 1 §4.8.3.5). With
    /// `readsDenormals` false, DAZ is ignored and a denormal source raises no DE.
    @inlinable
    static func conversion<Source: FloatFormat>(_ x: UInt64, from _: Source.Type, _ environment: FloatEnvironment,
                                                readsDenormals: Bool, flushToZero: Bool) -> FloatResult<UInt64> {
        let a = Operand(x, Source.self, denormalsAreZero: readsDenormals && environment.denormalsAreZero)
        switch a.kind {
        case .quietNaN, .signalingNaN:
            let payload = x & Source.layout.fractionMask
            let target = layout.fractionBits, source = Source.layout.fractionBits
            let moved = target >= source ? payload << UInt64(target &- source) : payload >> UInt64(source &- target)
            return special(layout.infinity | layout.quietBit | moved, negative: a.sign, a.kind == .signalingNaN ? .invalid : [])
        case .infinity: return special(layout.infinity, negative: a.sign)
        case .zero: return special(0, negative: a.sign)
        case .finite:
            let raised: Exceptions = readsDenormals && a.isDenormal ? .denormal : []
            if environment.faults(raised) { return FloatResult(bits: 0, exceptions: raised) }
            return round(negative: a.sign, exponent: a.exponent, significand: a.significand, environment, raised: raised,
                         flushToZero: flushToZero)
        }
    }
}

extension Binary16 {
    /// VCVTPH2PS: a half-precision value widened to binary32, always exactly. F16C ignores DAZ
    /// here and raises no DE; only an SNaN raises anything (IE) (Intel SDM Vol. 2, VCVTPH2PS;
    /// measured on Zen 4).
    @inlinable
    public static func widen(_ x: UInt16, _ environment: FloatEnvironment) -> FloatResult<UInt32> {
        FloatResult(Binary32.conversion(UInt64(x), from: Binary16.self, environment, readsDenormals: false, flushToZero: false))
    }

    /// VCVTPS2PH: a binary32 value narrowed to half precision with the rounding `immediate`
    /// selects (imm8[1:0], or MXCSR.RC when imm8[2] is set). DAZ and DE apply to the source; FTZ
    /// does not, so tiny results are denormals (Intel SDM Vol. 2, VCVTPS2PH; measured on Zen 4).
    @inlinable
    public static func narrow(_ x: UInt32, immediate: UInt8, _ environment: FloatEnvironment) -> FloatResult<UInt16> {
        var rounded = environment
        rounded.rounding = environment.rounding(immediate: immediate)
        return FloatResult(conversion(UInt64(x), from: Binary32.self, rounded, readsDenormals: true, flushToZero: false))
    }
}
