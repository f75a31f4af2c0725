import X86

extension CPUProfile {
    /// AMD family 19h models 00h-0Fh (Zen 3), as `profile learn` measured it on an EPYC of model
    /// 01h under kvm_pvm: Zen 4's answers except BSF/BSR, which keep CF OF SF AF PF where Zen 4
    /// clears them and takes PF from the index.
    public static let amdZen3: CPUProfile = {
        var profile = CPUProfile.amdZen4.answering(.bitScan, with: UndefinedFlagsAnswer(kept: RFlags.status & ~RFlags.zf))
        profile.name = "AMD Zen 3"
        return profile
    }()
}
