import X86

/// Pure, width-generic RFLAGS computations shared by the instruction families (Intel SDM Vol. 1,
/// 3.4.3.1 and Appendix A). Each returns the status bits it defines; callers merge them.
public enum FlagMath {
    /// PF: set when the low byte of `result` has an even number of 1 bits.
    @inlinable
    public static func parity(_ result: UInt64) -> UInt64 {
        (UInt8(truncatingIfNeeded: result).nonzeroBitCount & 1) == 0 ? RFlags.pf : 0
    }

    /// ZF, SF and PF of a result of `width`.
    @inlinable
    public static func zeroSignParity(_ result: UInt64, _ width: Width) -> UInt64 {
        let value = width.truncate(result)
        return (value == 0 ? RFlags.zf : 0) | (width.isNegative(value) ? RFlags.sf : 0) | parity(value)
    }

    /// `a + b + carry` in `width`: the result and all six status flags.
    @inlinable
    public static func add(_ a: UInt64, _ b: UInt64, carry: Bool = false, _ width: Width) -> (result: UInt64, flags: UInt64) {
        let a = width.truncate(a), b = width.truncate(b), c: UInt64 = carry ? 1 : 0
        let (partial, overflow1) = a.addingReportingOverflow(b)
        let (full, overflow2) = partial.addingReportingOverflow(c)
        let result = width.truncate(full)
        let carryOut = width.bytes == 8 ? (overflow1 || overflow2) : (full >> UInt64(width.bits)) != 0
        let signedOverflow = width.isNegative((a ^ result) & (b ^ result))
        var flags = zeroSignParity(result, width)
        if carryOut { flags |= RFlags.cf }
        if signedOverflow { flags |= RFlags.of }
        if (a ^ b ^ result) & 0x10 != 0 { flags |= RFlags.af }
        return (result, flags)
    }

    /// `a - b - borrow` in `width`: the result and all six status flags (CF is the borrow).
    @inlinable
    public static func subtract(_ a: UInt64, _ b: UInt64, borrow: Bool = false, _ width: Width) -> (result: UInt64, flags: UInt64) {
        let a = width.truncate(a), b = width.truncate(b), c: UInt64 = borrow ? 1 : 0
        let result = width.truncate(a &- b &- c)
        let borrowOut = a < b || (a - b) < c
        let signedOverflow = width.isNegative((a ^ b) & (a ^ result))
        var flags = zeroSignParity(result, width)
        if borrowOut { flags |= RFlags.cf }
        if signedOverflow { flags |= RFlags.of }
        if (a ^ b ^ result) & 0x10 != 0 { flags |= RFlags.af }
        return (result, flags)
    }

    /// The flags of a bitwise result: CF and OF clear, ZF/SF/PF from the result (AF is
    /// undefined and left to the caller).
    @inlinable
    public static func logic(_ result: UInt64, _ width: Width) -> UInt64 { zeroSignParity(result, width) }
}
