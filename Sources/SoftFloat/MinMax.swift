extension FloatFormat {
    /// MINSS/MINSD/MINPS...: `a < b ? a : b` (Intel SDM Vol. 2, MINSS). The second operand is the
    /// result when either is a NaN (returned as it is, an SNaN not made quiet) or both are zeros
    /// of any sign; any NaN raises IE.
    @inlinable
    public static func minimum(_ a: Bits, _ b: Bits, _ environment: FloatEnvironment) -> FloatResult<Bits> {
        FloatResult(layout.select(UInt64(a), UInt64(b), firstWhen: .less, environment))
    }

    /// MAXSS/MAXSD/MAXPS...: `a > b ? a : b`, with MINSS's rules for NaNs and zeros.
    @inlinable
    public static func maximum(_ a: Bits, _ b: Bits, _ environment: FloatEnvironment) -> FloatResult<Bits> {
        FloatResult(layout.select(UInt64(a), UInt64(b), firstWhen: .greater, environment))
    }
}

extension FormatLayout {
    /// `a` when it compares `ordering` to `b`, else `b`. The result is the operand as read, so
    /// under DAZ a denormal comes back as a zero of its sign (measured on Zen 4).
    @usableFromInline
    func select(_ x: UInt64, _ y: UInt64, firstWhen ordering: FloatOrdering, _ environment: FloatEnvironment) -> FloatResult<UInt64> {
        let a = Operand(x, self, denormalsAreZero: environment.denormalsAreZero)
        let b = Operand(y, self, denormalsAreZero: environment.denormalsAreZero)
        if a.isNaN || b.isNaN { return FloatResult(bits: b.bits, exceptions: .invalid) }
        let raised: Exceptions = a.isDenormal || b.isDenormal ? .denormal : []
        return FloatResult(bits: order(a, b) == ordering ? a.bits : b.bits, exceptions: raised)
    }

    /// How two operands that are not NaNs compare by value (zeros of either sign are equal).
    func order(_ a: Operand, _ b: Operand) -> FloatOrdering {
        if a.kind == .zero && b.kind == .zero { return .equal }
        if a.sign != b.sign { return a.sign ? .less : .greater }
        let magnitude = magnitudeOrder(a, b)
        if a.sign {
            switch magnitude {
            case .less: return .greater
            case .greater: return .less
            default: return magnitude
            }
        }
        return magnitude
    }

    /// How the magnitudes of two operands that are not NaNs compare.
    private func magnitudeOrder(_ a: Operand, _ b: Operand) -> FloatOrdering {
        let rankA = a.kind.rawValue, rankB = b.kind.rawValue
        if rankA != rankB { return rankA < rankB ? .less : .greater }
        if a.kind != .finite { return .equal }
        if a.exponent != b.exponent { return a.exponent < b.exponent ? .less : .greater }
        if a.significand != b.significand { return a.significand < b.significand ? .less : .greater }
        return .equal
    }
}
