extension FloatFormat {
    /// VFMADD/VFMSUB/VFNMADD/VFNMSUB...: `±(a × b) ± c` with a single rounding (Intel SDM Vol. 2,
    /// VFMADD132SS). `negateProduct` and `negateAddend` flip the signs the arithmetic sees, as
    /// the FNM and MSUB forms do, but a NaN result keeps the sign it had as an operand.
    ///
    /// Pass the operands in the order the form's digits name them (for 231: src2, src3, src1):
    /// the first NaN in that order is the result (measured on Zen 4 for 132, 213 and 231).
    @inlinable
    public static func fusedMultiplyAdd(_ a: Bits, _ b: Bits, _ c: Bits, negateProduct: Bool = false,
                                        negateAddend: Bool = false, _ environment: FloatEnvironment) -> FloatResult<Bits> {
        FloatResult(fused(UInt64(a), UInt64(b), UInt64(c), negateProduct: negateProduct, negateAddend: negateAddend, environment))
    }

    /// `±(a × b) ± c`, exact until the one rounding. NaN operands come first: the first NaN of
    /// a, b, c is the result, IE when any is an SNaN, so ∞ × 0 + QNaN raises nothing. Invalid:
    /// ∞ × 0, and an infinite product plus an infinity of the other sign.
    @inlinable
    static func fused(_ x: UInt64, _ y: UInt64, _ z: UInt64, negateProduct: Bool, negateAddend: Bool,
                      _ environment: FloatEnvironment) -> FloatResult<UInt64> {
        let a = Operand(x, Self.self, denormalsAreZero: environment.denormalsAreZero)
        let b = Operand(y, Self.self, denormalsAreZero: environment.denormalsAreZero)
        let c = Operand(z, Self.self, denormalsAreZero: environment.denormalsAreZero)
        if a.isNaN || b.isNaN || c.isNaN {
            let first = a.isNaN ? a : b.isNaN ? b : c
            let signaling = a.kind == .signalingNaN || b.kind == .signalingNaN || c.kind == .signalingNaN
            return FloatResult(bits: first.bits | layout.quietBit, exceptions: signaling ? .invalid : [])
        }
        let productSign = (a.sign != b.sign) != negateProduct
        let addendSign = c.sign != negateAddend
        let productInfinite = a.kind == .infinity || b.kind == .infinity
        let productZero = a.kind == .zero || b.kind == .zero
        if productInfinite && productZero { return invalid() }
        if productInfinite && c.kind == .infinity && productSign != addendSign { return invalid() }
        let raised: Exceptions = a.isDenormal || b.isDenormal || c.isDenormal ? .denormal : []
        if productInfinite { return special(layout.infinity, negative: productSign, raised) }
        if c.kind == .infinity { return special(layout.infinity, negative: addendSign, raised) }
        if environment.faults(raised) { return FloatResult(bits: 0, exceptions: raised) }
        if productZero {
            if c.kind == .zero {
                let negative = productSign == addendSign ? productSign : environment.rounding == .down
                return special(0, negative: negative, raised)
            }
            return round(c, negative: addendSign, environment, raised: raised)
        }

        // The exact product, leading one at bit 126 (bit 127 is room for a carry).
        let (high, low) = a.significand.multipliedFullWidth(by: b.significand)
        var product = UInt128(high) << 64 | UInt128(low)
        var productExponent = a.exponent &+ b.exponent &+ 1
        if high >> 63 == 0 {
            product <<= 1
            productExponent &-= 1
        }
        product >>= 1
        if c.kind == .zero {
            return round(negative: productSign, exponent: productExponent, significand: narrowJamming(product << 1),
                         environment, raised: raised)
        }
        let addend = UInt128(c.significand) << 63

        // Align the smaller magnitude below the larger. Both have at least 21 zero bits at the
        // bottom, so a shift by 0 or 1 (where cancellation can happen) loses nothing, and a longer
        // one loses only bits far below the rounding position.
        let productFirst = productExponent > c.exponent || (productExponent == c.exponent && product >= addend)
        let (large, largeExponent, largeSign) = productFirst
            ? (product, productExponent, productSign) : (addend, c.exponent, addendSign)
        let small = shiftRightJamming(productFirst ? addend : product, by: abs(productExponent &- c.exponent))
        let sum = productSign == addendSign ? large &+ small : large &- small
        if sum == 0 { return special(0, negative: environment.rounding == .down, raised) }
        let shift = sum.leadingZeroBitCount
        return round(negative: largeSign, exponent: largeExponent &+ 1 &- shift, significand: narrowJamming(sum << UInt128(shift)),
                     environment, raised: raised)
    }
}
