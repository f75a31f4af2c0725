/// What a particular CPU does where the manuals leave behaviour undefined or reserved, as far as
/// it is deterministic: answers to named questions, kept as data so that no semantic code names
/// a CPU. An unanswered question means "not known": its flags stay masked and its results are
/// not predicted. Detected from the CPU's vendor, family and model.
public struct CPUProfile: Sendable, Hashable {
    /// The version of this record's layout; a profile file says which it follows.
    public static let formatVersion = 1

    /// The profile's name, as summaries print it.
    public var name: String
    /// The answers, indexed by `UndefinedFlagsQuestion.index` (an array, so the model's hot path
    /// looks one up without hashing).
    private var answers: [UndefinedFlagsAnswer?]
    /// LOCK on a hint NOP (0F 19, 0F 1C, 0F 1D, 0F 1F) with a memory operand runs as a NOP
    /// instead of raising #UD (unless a SIB index other than the REX.X-extended R12 is named).
    public var lockedHintNopRuns: Bool?
    /// SWAPGS at CPL3 with LOCK raises its #GP(0) before the #UD for LOCK.
    public var swapgsPrivilegeBeforeLock: Bool?
    /// A REP or REPNE prefix on LOOPE/LOOPNE picks the condition as it does for CMPS (F3: while
    /// ZF is set, F2: while it is clear), overriding the opcode.
    public var loopTakesRepeatCondition: Bool?
    /// What BSWAP of a 16-bit register leaves in it.
    public var wordByteSwap: WordByteSwap?
    /// What a 16-bit SHLD/SHRD by 17 to 31 leaves in its destination.
    public var oversizedWordDoubleShift: OversizedWordDoubleShift?
    /// REPE CMPSB checks [rSI] fully before [rDI] (false: [rDI]'s #AC and #PF first).
    public var repeatCompareBytesChecksSourceFirst: Bool?
    /// Every other CMPS (CMPSB without F3, CMPSW, CMPSD, CMPSQ) checks [rSI] fully before [rDI].
    public var compareChecksSourceFirst: Bool?
    /// What MONITOR and MWAIT raise at CPL3 (both manuals: #UD; AMD Zen: #GP(0)).
    public var userLevelMonitorFault: UserLevelFault?
    /// What SYSEXIT raises at CPL3 in long mode (Intel SDM: #GP(0); AMD APM: #UD).
    public var longModeSysexitFault: UserLevelFault?
    /// 66 on a near branch selects a 16-bit operand size (AMD APM Vol. 3: 16-bit displacement,
    /// target cut to 16 bits, 16-bit stack slot) rather than being ignored (Intel SDM). The decoder
    /// sizes such branches the AMD way, so only `true` is modelled.
    public var nearBranchTakesWordOperandSize: Bool?
    /// MOVSXD with 66 and no REX.W reads a doubleword source (measured on AMD Zen) rather than a
    /// word (Intel SDM, MOVSXD r16, r/m16).
    public var wordMovsxdReadsDoubleword: Bool?
    /// The MXCSR bits LDMXCSR accepts (MXCSR_MASK; others raise #GP(0)): 0xFFFF, and bit 17 (AMD's
    /// misaligned SSE mode) where the CPU has it.
    public var mxcsrMask: UInt32?
    /// AMD's FMA4 encodings (VEX.0F3A 5C-5F, 68-7F) run; where they do not, they raise #UD.
    public var runsFMA4: Bool?
    /// The x87 precision control 01b, which the manuals reserve (Intel SDM Vol. 1 §8.1.5.2), rounds
    /// as 11b does: to the 64-bit significand (measured on Zen 3).
    public var reservedPrecisionIsExtended: Bool?
    /// How many low bits of the x87 FIP and FDP the CPU keeps (sign-extending the top one): what
    /// XSAVE shows of pointers loaded with XRSTOR.
    public var x87PointerBits: Int?
    /// FBLD takes a digit nibble above 9, whose result the manuals leave undefined, at its value
    /// times its power of ten.
    public var weighsInvalidDecimalDigits: Bool?

    public init(name: String, undefinedFlags: [UndefinedFlagsQuestion: UndefinedFlagsAnswer] = [:],
                lockedHintNopRuns: Bool? = nil, swapgsPrivilegeBeforeLock: Bool? = nil,
                loopTakesRepeatCondition: Bool? = nil, wordByteSwap: WordByteSwap? = nil,
                oversizedWordDoubleShift: OversizedWordDoubleShift? = nil, repeatCompareBytesChecksSourceFirst: Bool? = nil,
                compareChecksSourceFirst: Bool? = nil, userLevelMonitorFault: UserLevelFault? = nil,
                longModeSysexitFault: UserLevelFault? = nil, nearBranchTakesWordOperandSize: Bool? = nil,
                wordMovsxdReadsDoubleword: Bool? = nil, mxcsrMask: UInt32? = nil, runsFMA4: Bool? = nil,
                reservedPrecisionIsExtended: Bool? = nil, x87PointerBits: Int? = nil, weighsInvalidDecimalDigits: Bool? = nil) {
        self.name = name
        answers = UndefinedFlagsQuestion.allCases.map { undefinedFlags[$0] }
        self.lockedHintNopRuns = lockedHintNopRuns
        self.swapgsPrivilegeBeforeLock = swapgsPrivilegeBeforeLock
        self.loopTakesRepeatCondition = loopTakesRepeatCondition
        self.wordByteSwap = wordByteSwap
        self.oversizedWordDoubleShift = oversizedWordDoubleShift
        self.repeatCompareBytesChecksSourceFirst = repeatCompareBytesChecksSourceFirst
        self.compareChecksSourceFirst = compareChecksSourceFirst
        self.userLevelMonitorFault = userLevelMonitorFault
        self.longModeSysexitFault = longModeSysexitFault
        self.nearBranchTakesWordOperandSize = nearBranchTakesWordOperandSize
        self.wordMovsxdReadsDoubleword = wordMovsxdReadsDoubleword
        self.mxcsrMask = mxcsrMask
        self.runsFMA4 = runsFMA4
        self.reservedPrecisionIsExtended = reservedPrecisionIsExtended
        self.x87PointerBits = x87PointerBits
        self.weighsInvalidDecimalDigits = weighsInvalidDecimalDigits
    }

    /// What the CPU writes into the flags each question's instructions leave undefined.
    public var undefinedFlags: [UndefinedFlagsQuestion: UndefinedFlagsAnswer] {
        var table: [UndefinedFlagsQuestion: UndefinedFlagsAnswer] = [:]
        for question in UndefinedFlagsQuestion.allCases { table[question] = answers[question.index] }
        return table
    }

    /// The answer to `question`, nil when the profile does not know it.
    public func answer(_ question: UndefinedFlagsQuestion) -> UndefinedFlagsAnswer? { answers[question.index] }

    /// The same profile with `answer` for `question`.
    public func answering(_ question: UndefinedFlagsQuestion, with answer: UndefinedFlagsAnswer?) -> CPUProfile {
        var profile = self
        profile.answers[question.index] = answer
        return profile
    }

    /// No knowledge beyond the manuals: every undefined flag is masked, even in strict mode, and a
    /// case whose outcome depends on a question's answer is not predicted.
    public static let generic = CPUProfile(name: "generic")

    /// The profiles shipped with the package.
    public static let shipped: [CPUProfile] = [.amdZen3, .amdZen4, .amdZen5]

    /// The profile for a CPU identified by its CPUID vendor string, (display) family and model.
    public static func detect(vendor: String, family: Int, model: Int) -> CPUProfile {
        if vendor == "AuthenticAMD", family == 0x19, (0x10...0x1F).contains(model) || (0x60...0x7F).contains(model) {
            return .amdZen4
        }
        if vendor == "AuthenticAMD", family == 0x19, (0x00...0x0F).contains(model) { return .amdZen3 }
        if vendor == "AuthenticAMD", family == 0x1A, (0x00...0x0F).contains(model) { return .amdZen5 }
        return .generic
    }
}

/// A group of instructions whose undefined flags a CPU writes the same way.
public enum UndefinedFlagsQuestion: String, Sendable, Hashable, CaseIterable {
    /// MUL, IMUL: SF ZF AF PF.
    case multiply
    /// DIV, IDIV: all six status flags.
    case divide
    /// OR AND XOR TEST: AF.
    case logical
    /// SHL SHR SAR by more than 1: OF (and AF for any count); by a count beyond the width, CF too.
    case shift
    /// SHLD, SHRD: as `shift`.
    case doubleShift
    /// ROL ROR RCL RCR by more than 1: OF.
    case rotate
    /// BT BTS BTR BTC: OF SF AF PF.
    case bitTest
    /// BSF, BSR: CF OF SF AF PF.
    case bitScan
    /// LZCNT, TZCNT: OF SF AF PF.
    case zeroCount
    /// ANDN BLSI BLSMSK BLSR BZHI: AF PF.
    case bitManipulation
    /// BEXTR: SF AF PF.
    case bitFieldExtract

    /// The question's position in `allCases`.
    public var index: Int {
        switch self {
        case .multiply: 0
        case .divide: 1
        case .logical: 2
        case .shift: 3
        case .doubleShift: 4
        case .rotate: 5
        case .bitTest: 6
        case .bitScan: 7
        case .zeroCount: 8
        case .bitManipulation: 9
        case .bitFieldExtract: 10
        }
    }
}

/// How a CPU writes undefined flags: each flag kept (as the semantics computed it, which is its
/// value before the instruction where they compute nothing), set, taken from the parity of the
/// result the instruction names (PF), or, for every other undefined flag, cleared.
public struct UndefinedFlagsAnswer: Sendable, Hashable {
    public var kept: UInt64
    public var set: UInt64
    public var parity: UInt64

    public init(kept: UInt64 = 0, set: UInt64 = 0, parity: UInt64 = 0) {
        self.kept = kept
        self.set = set
        self.parity = parity
    }

    /// The flag values this answer gives, from the current flags and the parity source.
    @inlinable public func values(current rflags: UInt64, paritySource: UInt64) -> UInt64 {
        (rflags & kept) | set | (FlagMath.parity(paritySource) & parity)
    }
}

/// What BSWAP of a 16-bit register does on a CPU.
public enum WordByteSwap: String, Sendable, Hashable, CaseIterable {
    /// The low 16 bits become zero, the rest is kept.
    case clearsLowWord
}

/// The exception an instruction raises at CPL3 where the manuals disagree with each other or
/// with a CPU.
public enum UserLevelFault: String, Sendable, Hashable, CaseIterable {
    /// #GP(0).
    case generalProtection = "gp"
    /// #UD.
    case invalidOpcode = "ud"
}

/// What a 16-bit SHLD/SHRD by more than 16 does on a CPU.
public enum OversizedWordDoubleShift: String, Sendable, Hashable, CaseIterable {
    /// It shifts the 48 bits destination:source:source (SHLD) or source:source:destination (SHRD).
    case shiftsThroughDoubledSource
}
