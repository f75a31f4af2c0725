import X86

/// The x87 side of MMX instructions (Intel SDM Vol. 1, 9.5.1 and Table 9-3; AMD APM Vol. 5,
/// "x87 Floating-Point and 64-Bit Media Instructions"), measured on AMD Zen 3: every instruction
/// that names an MM register first raises #MF when an unmasked x87 exception is pending (before
/// its memory operand's faults), then sets TOP to 0 and every tag valid (abridged FTW FFh), and a
/// write to MMn sets bits 79:64 of physical register n to all ones. A fault after that leaves the
/// x87 state as it was. CVTPI2PS and CVTPI2PD with a memory source name no MM register and do none
/// of this (measured: no #MF, no change to TOP or the tags).
extension ExecutionContext {
    /// The sign and exponent an MMX write leaves in the register it writes.
    static let mmxSignExponent: UInt16 = 0xFFFF

    /// The MM register number of operand `index`.
    func mmxRegister(_ index: Int) -> Int? {
        guard case .register(let register) = operands[index], case .mmx(let number) = register.kind else { return nil }
        return number
    }

    /// #MF when FSW holds an exception flag FCW leaves unmasked (Intel SDM Vol. 1, 8.6: the
    /// exception is taken at the next waiting x87 or MMX instruction).
    func checkPendingX87Exception() throws(Fault) {
        if vector.hasPendingX87Exception { throw Fault(ExceptionInfo(vector: .mf)) }
    }

    /// The transition into MMX: a pending x87 exception first, then TOP := 0 and every tag valid.
    /// The registers keep their physical places, so the stack order rotates by the old TOP.
    mutating func enterMMX() throws(Fault) {
        try checkPendingX87Exception()
        setTopToZero()
        vector.ftw = 0xFF
    }

    /// TOP := 0, each physical register where it was.
    mutating func setTopToZero() { setTop(0) }

    /// TOP := `top`, each physical register where it was (the stack order rotates).
    mutating func setTop(_ top: Int) {
        let old = vector.st, oldTop = vector.top
        guard top != oldTop else { return }
        for index in 0..<8 { vector.st[index] = old[(index + top - oldTop) & 7] }
        vector.fsw = vector.fsw & ~0x3800 | UInt16(top & 7) << 11
    }

    /// FINCSTP (+1) and FDECSTP (-1): TOP moved, C1 cleared, C0, C2 and C3 undefined (Intel SDM
    /// Vol. 2A, FINCSTP, FDECSTP).
    mutating func stepTop(by step: Int) {
        setTop((vector.top + step) & 7)
        vector.fsw &= ~0x0200
        leaveStatusWordUndefined(0x4500)
    }

    /// MMn := `value`, with bits 79:64 of physical register n all ones.
    mutating func writeMMX(_ index: Int, _ value: UInt64) {
        vector.st[vector.stackIndex(ofPhysical: index)] = X87Register(significand: value, signExponent: Self.mmxSignExponent)
    }
}
