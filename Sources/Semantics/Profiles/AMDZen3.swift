import X86

extension CPUProfile {
    /// AMD family 19h models 00h-0Fh (Zen 3), as `profile learn` measured it on an EPYC of model
    /// 01h under kvm_pvm. It differs from Zen 4 only in BSF/BSR, which keep CF OF SF AF PF where
    /// Zen 4 clears them and takes PF from the index.
    public static let amdZen3 = CPUProfile(
        name: "AMD Zen 3",
        undefinedFlags: [
            .multiply: UndefinedFlagsAnswer(kept: RFlags.sf | RFlags.zf | RFlags.af | RFlags.pf),
            .divide: UndefinedFlagsAnswer(kept: RFlags.cf | RFlags.of, set: RFlags.af),
            .logical: UndefinedFlagsAnswer(),
            .shift: UndefinedFlagsAnswer(kept: RFlags.of | RFlags.cf, set: RFlags.af),
            .doubleShift: UndefinedFlagsAnswer(kept: RFlags.of | RFlags.sf | RFlags.zf | RFlags.pf, set: RFlags.af),
            .rotate: UndefinedFlagsAnswer(kept: RFlags.of),
            .bitTest: UndefinedFlagsAnswer(kept: RFlags.of | RFlags.sf | RFlags.af | RFlags.pf),
            .bitScan: UndefinedFlagsAnswer(kept: RFlags.status & ~RFlags.zf),
            .zeroCount: UndefinedFlagsAnswer(kept: RFlags.of),
            .bitManipulation: UndefinedFlagsAnswer(parity: RFlags.pf),
            .bitFieldExtract: UndefinedFlagsAnswer(set: RFlags.af, parity: RFlags.pf),
        ],
        lockedHintNopRuns: true,
        swapgsPrivilegeBeforeLock: true,
        loopTakesRepeatCondition: true,
        wordByteSwap: .clearsLowWord,
        oversizedWordDoubleShift: .shiftsThroughDoubledSource)
}
