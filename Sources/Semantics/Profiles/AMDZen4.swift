import X86

extension CPUProfile {
    /// AMD family 19h models 10h-1Fh and 60h-7Fh (Zen 4), as measured there: the known answers
    /// in SemanticsTests check every answer against that CPU, and `profile learn` there gives
    /// this record (each mask names only flags its question leaves undefined).
    public static let amdZen4 = CPUProfile(
        name: "AMD Zen 4",
        undefinedFlags: [
            .multiply: UndefinedFlagsAnswer(kept: RFlags.sf | RFlags.zf | RFlags.af | RFlags.pf),
            .divide: UndefinedFlagsAnswer(kept: RFlags.cf | RFlags.of, set: RFlags.af),
            .logical: UndefinedFlagsAnswer(),
            .shift: UndefinedFlagsAnswer(kept: RFlags.of | RFlags.cf, set: RFlags.af),
            .doubleShift: UndefinedFlagsAnswer(kept: RFlags.of | RFlags.sf | RFlags.zf | RFlags.pf, set: RFlags.af),
            .rotate: UndefinedFlagsAnswer(kept: RFlags.of),
            .bitTest: UndefinedFlagsAnswer(kept: RFlags.of | RFlags.sf | RFlags.af | RFlags.pf),
            .bitScan: UndefinedFlagsAnswer(parity: RFlags.pf),
            .zeroCount: UndefinedFlagsAnswer(kept: RFlags.of),
            .bitManipulation: UndefinedFlagsAnswer(parity: RFlags.pf),
            .bitFieldExtract: UndefinedFlagsAnswer(set: RFlags.af, parity: RFlags.pf),
        ],
        lockedHintNopRuns: true,
        swapgsPrivilegeBeforeLock: true,
        loopTakesRepeatCondition: true,
        wordByteSwap: .clearsLowWord,
        oversizedWordDoubleShift: .shiftsThroughDoubledSource,
        repeatCompareBytesChecksSourceFirst: true,
        compareChecksSourceFirst: false,
        userLevelMonitorFault: .generalProtection,
        longModeSysexitFault: .generalProtection,
        nearBranchTakesWordOperandSize: true,
        wordMovsxdReadsDoubleword: true,
        mxcsrMask: 0x2_FFFF,
        runsFMA4: false)
}
