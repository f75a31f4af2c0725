import Semantics
import Testing
import X86

/// The flag helpers, per width, against values worked out from the manuals' definitions.
struct FlagMathTests {
    static let widths: [Width] = [.byte, .word, .dword, .qword]

    @Test(arguments: widths)
    func addSetsCarryAndOverflowAtTheWidthsBoundaries(width: Width) {
        let (wrapped, carry) = FlagMath.add(width.mask, 1, width)
        #expect(wrapped == 0)
        #expect(carry & (RFlags.cf | RFlags.zf | RFlags.af | RFlags.pf) == RFlags.cf | RFlags.zf | RFlags.af | RFlags.pf)
        #expect(carry & (RFlags.of | RFlags.sf) == 0)

        let maxPositive = width.signBit - 1
        let (negative, overflow) = FlagMath.add(maxPositive, 1, width)
        #expect(negative == width.signBit)
        #expect(overflow & (RFlags.of | RFlags.sf) == RFlags.of | RFlags.sf)
        #expect(overflow & RFlags.cf == 0)

        let (withCarry, _) = FlagMath.add(1, 1, carry: true, width)
        #expect(withCarry == 3)
    }

    @Test(arguments: widths)
    func subtractBorrowsAndOverflows(width: Width) {
        let (result, flags) = FlagMath.subtract(0, 1, width)
        #expect(result == width.mask)
        #expect(flags & (RFlags.cf | RFlags.sf | RFlags.af) == RFlags.cf | RFlags.sf | RFlags.af)
        #expect(flags & (RFlags.of | RFlags.zf) == 0)

        let (_, overflow) = FlagMath.subtract(width.signBit, 1, width)
        #expect(overflow & RFlags.of != 0)
        let (zero, equal) = FlagMath.subtract(5, 4, borrow: true, width)
        #expect(zero == 0 && equal & RFlags.zf != 0 && equal & RFlags.cf == 0)
        let (_, borrowOnly) = FlagMath.subtract(0, 0, borrow: true, width)
        #expect(borrowOnly & RFlags.cf != 0)
    }

    @Test(arguments: widths)
    func inputsAboveTheWidthAreIgnored(width: Width) {
        guard width != .qword else { return }
        let (result, flags) = FlagMath.add(width.mask + 1 + 2, 3, width)
        #expect(result == 5 && flags & RFlags.cf == 0)
    }

    @Test(arguments: [(UInt64(0), true), (1, false), (3, true), (0xFF, true), (0x7F, false), (0x100, true), (0x1FE, false)])
    func parityLooksAtTheLowByteOnly(value: UInt64, even: Bool) {
        #expect((FlagMath.parity(value) != 0) == even)
    }

    @Test(arguments: widths)
    func signExtendAndTruncate(width: Width) {
        #expect(width.signExtend(width.signBit) == ~(width.signBit - 1) | width.signBit)
        #expect(width.signExtend(width.signBit - 1) == width.signBit - 1)
        #expect(width.truncate(.max) == width.mask)
        #expect(FlagMath.zeroSignParity(width.mask + (width == .qword ? 0 : 1), width) & RFlags.zf == (width == .qword ? 0 : RFlags.zf))
    }
}
