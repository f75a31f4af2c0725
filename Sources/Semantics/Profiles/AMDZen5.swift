import X86

extension CPUProfile {
    /// AMD family 1Ah models 00h-0Fh (Zen 5), as `profile learn` measured it on an EPYC of model
    /// 02h under kvm_pvm: Zen 4's answers except one. Every CMPS checks [rSI] fully before [rDI],
    /// where Zen 4 does so only for REPE CMPSB. The questions asked since (MONITOR, SYSEXIT, 66 on
    /// near branches, MOVSXD, MXCSR_MASK and FMA4) have not been measured on a Zen 5: they stay unanswered.
    public static let amdZen5: CPUProfile = {
        var profile = CPUProfile.amdZen4
        profile.name = "AMD Zen 5"
        profile.compareChecksSourceFirst = true
        profile.userLevelMonitorFault = nil
        profile.longModeSysexitFault = nil
        profile.nearBranchTakesWordOperandSize = nil
        profile.wordMovsxdReadsDoubleword = nil
        profile.mxcsrMask = nil
        profile.runsFMA4 = nil
        return profile
    }()
}
