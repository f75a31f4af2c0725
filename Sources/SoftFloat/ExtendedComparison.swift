/// x87 comparisons and FXAM (Intel SDM Vol. 2A, FCOM/FUCOM/FCOMI/FUCOMI/FTST, FXAM).
extension Extended {
    /// How two values compare: what FCOM's C3, C2, C0 and FCOMI's ZF, PF, CF encode.
    public enum Ordering: Sendable, Hashable {
        case less, equal, greater, unordered
    }

    /// `a` against `b`. A NaN or an unsupported operand is unordered; it is invalid for the
    /// signaling compares (FCOM, FCOMI, FTST) and, for the quiet ones (FUCOM, FUCOMI), only when an
    /// SNaN or an unsupported encoding. DE for a denormal operand. The ordering is given even when
    /// the exception is unmasked: Zen 3 sets the condition codes then too.
    @inlinable
    public static func compare(_ a: Extended, _ b: Extended, quiet: Bool) -> (ordering: Ordering, exceptions: Exceptions) {
        if a.isUnsupported || b.isUnsupported || a.isNaN || b.isNaN {
            let invalid = a.isUnsupported || b.isUnsupported || !quiet || a.kind == .signalingNaN || b.kind == .signalingNaN
            return (.unordered, invalid ? .invalid : [])
        }
        return (order(a, b), a.isDenormalOperand || b.isDenormalOperand ? .denormal : [])
    }

    /// The order of two numbers (zeros equal whatever their signs).
    @inlinable
    static func order(_ a: Extended, _ b: Extended) -> Ordering {
        func side(_ value: Extended) -> Int { value.kind == .zero ? 0 : value.isNegative ? -1 : 1 }
        let (sideA, sideB) = (side(a), side(b))
        if sideA != sideB { return sideA < sideB ? .less : .greater }
        if sideA == 0 { return .equal }
        let (x, y) = (magnitudeKey(a), magnitudeKey(b))
        if x == y { return .equal }
        return (x < y) == (sideA > 0) ? .less : .greater
    }

    /// A nonzero number's magnitude as one comparable integer (infinity above every finite one).
    @inlinable
    static func magnitudeKey(_ value: Extended) -> (Int, UInt64) {
        if value.kind == .infinity { return (Int.max, 0) }
        let unpacked = Unpacked(value)
        return (unpacked.exponent, unpacked.significand)
    }

    /// FXAM's class of a value in a register that is not empty, as C3 C2 C0 (Vol. 2A, FXAM
    /// table): unsupported 000, NaN 001, normal 010, infinity 011, zero 100, denormal 110. C1 is
    /// the sign. (An empty register is 101, which only the tag word tells.)
    @inlinable
    public var examined: (c3: Bool, c2: Bool, c0: Bool) {
        switch kind {
        case .unnormal, .pseudoInfinity, .pseudoNaN: (false, false, false)
        case .quietNaN, .signalingNaN: (false, false, true)
        case .normal: (false, true, false)
        case .infinity: (false, true, true)
        case .zero: (true, false, false)
        case .denormal, .pseudoDenormal: (true, true, false)
        }
    }
}

extension Extended {
    /// How many representable values apart two finite values are (units in the last place, where
    /// the step changes at each power of two); nil when they differ in sign or one is not finite.
    /// Zeros of either sign are 0 apart. The comparison of approximations (FSIN ...) uses it.
    @inlinable
    public func ulpDistance(to other: Extended) -> UInt128? {
        func ordinal(_ value: Extended) -> UInt128? {
            switch value.kind {
            case .zero: return 0
            case .denormal, .pseudoDenormal: return UInt128(value.significand)
            case .normal: return UInt128(value.biasedExponent) << 63 + UInt128(value.significand & ~Self.integerBit)
            default: return nil
            }
        }
        guard let x = ordinal(self), let y = ordinal(other) else { return nil }
        if x == 0 && y == 0 { return 0 }
        guard isNegative == other.isNegative || x == 0 || y == 0 else { return nil }
        if isNegative != other.isNegative { return x + y }
        return x > y ? x - y : y - x
    }
}
