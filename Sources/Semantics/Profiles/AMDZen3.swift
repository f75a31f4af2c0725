import X86

extension CPUProfile {
    /// AMD family 19h models 00h-0Fh (Zen 3), as `profile learn` measured it on an EPYC of model
    /// 01h under kvm_pvm: Zen 4's answers except two. BSF/BSR keep CF OF SF AF PF where Zen 4
    /// clears them and takes PF from the index, and REPE CMPSB checks [rDI] first, like every other
    /// CMPS, where Zen 4 checks [rSI] first. The questions asked since (MONITOR, SYSEXIT, 66 on near
    /// branches and MOVSXD) take Zen 4's answers, which the model gave every CPU when that Zen 3
    /// ran a million-case campaign with no divergence in them and replayed the corpus's 66 MOVSXD
    /// entry as recorded; `profile learn` there has not asked them. MXCSR_MASK and FMA4 are not known there.
    public static let amdZen3: CPUProfile = {
        var profile = CPUProfile.amdZen4.answering(.bitScan, with: UndefinedFlagsAnswer(kept: RFlags.status & ~RFlags.zf))
        profile.name = "AMD Zen 3"
        profile.repeatCompareBytesChecksSourceFirst = false
        profile.mxcsrMask = nil
        profile.runsFMA4 = nil
        return profile
    }()
}
