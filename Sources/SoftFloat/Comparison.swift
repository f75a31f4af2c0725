extension FloatFormat {
    /// COMISS/UCOMISS and the CMPPS predicates: how `a` compares with `b` (Intel SDM Vol. 2,
    /// COMISS, UCOMISS, CMPPS). A NaN makes the pair unordered; it raises IE when it is an SNaN,
    /// or for any NaN when `signaling` (COMISS, and the predicates the manual marks signaling).
    @inlinable
    public static func compare(_ a: Bits, _ b: Bits, signaling: Bool, _ environment: FloatEnvironment) -> FloatComparison {
        comparison(UInt64(a), UInt64(b), signaling: signaling, environment)
    }

    @inlinable
    static func comparison(_ x: UInt64, _ y: UInt64, signaling: Bool, _ environment: FloatEnvironment) -> FloatComparison {
        let a = Operand(x, Self.self, denormalsAreZero: environment.denormalsAreZero)
        let b = Operand(y, Self.self, denormalsAreZero: environment.denormalsAreZero)
        if a.isNaN || b.isNaN {
            let invalid = signaling || a.kind == .signalingNaN || b.kind == .signalingNaN
            return FloatComparison(ordering: .unordered, exceptions: invalid ? .invalid : [])
        }
        return FloatComparison(ordering: Operand.order(a, b), exceptions: a.isDenormal || b.isDenormal ? .denormal : [])
    }
}
