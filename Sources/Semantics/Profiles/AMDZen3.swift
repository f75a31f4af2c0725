import X86

extension CPUProfile {
    /// AMD family 19h models 00h-0Fh (Zen 3), as `profile learn` measured it on an EPYC of model
    /// 01h under kvm_pvm: Zen 4's answers except two. BSF/BSR keep CF OF SF AF PF where Zen 4
    /// clears them and takes PF from the index, and REPE CMPSB checks [rDI] first, like every other
    /// CMPS, where Zen 4 checks [rSI] first. Every later question (MONITOR, SYSEXIT, 66 on near
    /// branches and MOVSXD, MXCSR_MASK 0x2FFFF, no FMA4) got Zen 4's answer there on 2026-12-07; x87
    /// precision control 01b rounds to 64 bits here, FIP and FDP keep 48 bits, and FBLD weighs a
    /// digit above 9 like any other (none of the three yet measured on Zen 4).
    public static let amdZen3: CPUProfile = {
        var profile = CPUProfile.amdZen4.answering(.bitScan, with: UndefinedFlagsAnswer(kept: RFlags.status & ~RFlags.zf))
        profile.name = "AMD Zen 3"
        profile.repeatCompareBytesChecksSourceFirst = false
        profile.reservedPrecisionIsExtended = true
        profile.x87PointerBits = 48
        profile.weighsInvalidDecimalDigits = true
        return profile
    }()
}
